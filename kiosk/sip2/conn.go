package sip2

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"
	"time"
)

// maxFrame bounds one message: a Patron Information answer with long
// lists stays well under it.
const maxFrame = 64 << 10

// FrameReader reads messages ending in CR (CRLF and stray LFs are
// tolerated: an LF is dropped wherever it starts a frame).
type FrameReader struct {
	r *bufio.Reader
}

// NewFrameReader wraps r.
func NewFrameReader(r io.Reader) *FrameReader { return &FrameReader{r: bufio.NewReaderSize(r, 4096)} }

// ErrFrameTooLong is returned for a frame over 64 KiB without a CR.
var ErrFrameTooLong = errors.New("sip2: message longer than 64 KiB without an end")

// Next returns the next frame without its CR. The slice is valid until
// the next call.
func (f *FrameReader) Next() ([]byte, error) {
	var frame []byte
	for {
		chunk, err := f.r.ReadSlice('\r')
		frame = append(frame, chunk...)
		if len(frame) > maxFrame {
			return nil, ErrFrameTooLong
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err != nil {
			if err == io.EOF && len(bytes.TrimSpace(frame)) > 0 {
				err = io.ErrUnexpectedEOF // cut off mid-message
			}
			return nil, err
		}
		frame = bytes.TrimLeft(frame[:len(frame)-1], "\n")
		if len(frame) == 0 {
			frame = frame[:0]
			continue // an empty line between messages
		}
		return frame, nil
	}
}

// Options are a connection's protocol settings.
type Options struct {
	ErrorDetection bool
	CRLF           bool
	Charset        Charset
	// Timeout bounds each exchange; Resends is how often a damaged answer
	// is asked for again (97) before the exchange fails.
	Timeout time.Duration
	Resends int
}

// Conn is one SIP2 connection: exchanges run one at a time.
type Conn struct {
	nc   net.Conn
	fr   *FrameReader
	opt  Options
	seq  int
	last []byte // the last request, for a 96 from the server
}

// NewConn wraps a network connection.
func NewConn(nc net.Conn, opt Options) *Conn {
	if opt.Timeout <= 0 {
		opt.Timeout = 10 * time.Second
	}
	if opt.Resends < 0 {
		opt.Resends = 0
	}
	return &Conn{nc: nc, fr: NewFrameReader(nc), opt: opt}
}

// Close closes the connection.
func (c *Conn) Close() error { return c.nc.Close() }

// Stale reports whether the server has closed the connection (or sent
// something unasked, as a TLS close_notify) while it was idle: it looks
// at the socket without waiting and without reading. A connection that
// cannot be looked at this way is taken as alive.
func (c *Conn) Stale() bool {
	if c.fr.r.Buffered() > 0 {
		return true // bytes nobody asked for
	}
	nc := c.nc
	if t, ok := nc.(interface{ NetConn() net.Conn }); ok { // TLS
		nc = t.NetConn()
	}
	return peerGone(nc)
}

// ErrTimeout is an exchange the server did not answer in time.
var ErrTimeout = errors.New("sip2: no answer in time")

// ErrNotSent: the connection was dead when the request was written, so
// the server cannot have acted on it; sending it again is safe.
var ErrNotSent = errors.New("sip2: the request was not sent")

// ErrClosedBeforeAnswer: the server closed the connection after the
// request was written and before any byte of an answer came. A server
// that closed an idle connection just before the request arrived did not
// act on it; one that crashed mid-request may have.
var ErrClosedBeforeAnswer = errors.New("sip2: the server closed the connection before answering")

// Exchange sends req and returns the server's answer. With error
// detection it numbers the request, asks for a resend (97) of an answer
// whose checksum is wrong, up to Resends times, accepts a resent answer
// renumbered by the server (Evergreen does), and skips an answer to an
// earlier request that arrives late. It answers a 96 from the server by
// sending the request again, up to Resends times (at least once).
func (c *Conn) Exchange(ctx context.Context, req Message) (Message, error) {
	req.Seq = -1
	if c.opt.ErrorDetection {
		req.Seq = c.seq
		c.seq = (c.seq + 1) % 10
	}
	b, err := Encode(req, EncodeOptions{ErrorDetection: c.opt.ErrorDetection, CRLF: c.opt.CRLF, Charset: c.opt.Charset})
	if err != nil {
		return Message{}, err
	}
	deadline := time.Now().Add(c.opt.Timeout)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	c.nc.SetDeadline(deadline)
	defer c.nc.SetDeadline(time.Time{})
	stop := context.AfterFunc(ctx, func() { c.nc.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	if err := c.write(b); err != nil {
		return Message{}, fmt.Errorf("%w: %w", ErrNotSent, c.fault(ctx, err))
	}
	c.last = b
	resends, unread, askedResend := 0, 0, false
	for first := true; ; first = false {
		frame, err := c.fr.Next()
		if err != nil {
			if first && ctx.Err() == nil && (errors.Is(err, io.EOF) || errors.Is(err, syscall.ECONNRESET)) {
				return Message{}, fmt.Errorf("%w: %w", ErrClosedBeforeAnswer, err)
			}
			return Message{}, c.fault(ctx, err)
		}
		m, err := ParseIn(frame, c.opt.Charset)
		switch {
		case errors.Is(err, ErrChecksum):
			if resends >= c.opt.Resends {
				return Message{}, fmt.Errorf("sip2: answer damaged %d times: %w", resends+1, err)
			}
			resends++
			askedResend = true
			r, _ := Encode(Message{Code: "97", Seq: -1}, EncodeOptions{ErrorDetection: true, CRLF: c.opt.CRLF})
			if err := c.write(r); err != nil {
				return Message{}, c.fault(ctx, err)
			}
			continue
		case err != nil:
			return Message{}, err
		}
		if m.Code == "96" { // the server got our request damaged
			if unread >= max(c.opt.Resends, 1) {
				return Message{}, fmt.Errorf("sip2: the server could not read the %s request %d times (96)", req.Code, unread+1)
			}
			unread++
			if err := c.write(c.last); err != nil {
				return Message{}, c.fault(ctx, err)
			}
			continue
		}
		if c.opt.ErrorDetection && m.Seq >= 0 && m.Seq != req.Seq && !askedResend {
			continue // a late answer to an earlier, timed-out request
		}
		return m, nil
	}
}

func (c *Conn) write(b []byte) error {
	for len(b) > 0 {
		n, err := c.nc.Write(b)
		if err != nil {
			return err
		}
		b = b[n:]
	}
	return nil
}

// fault names why an exchange failed: the context, a timeout, or the
// network.
func (c *Conn) fault(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return ErrTimeout
	}
	return fmt.Errorf("sip2: connection: %w", err)
}
