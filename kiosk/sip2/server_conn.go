package sip2

import (
	"bufio"
	"bytes"
	"context"
	"crypto/subtle"
	"errors"
	"io"
	"net"
	"runtime/debug"
	"strings"
	"time"
)

// maxRequest bounds one request: what a SC sends is a few hundred bytes.
const maxRequest = 16 << 10

// maxLogins is how many refused logins a connection gets before it is
// closed.
const maxLogins = 3

// errRequestTooLong is a request over maxRequest without a line end.
var errRequestTooLong = errors.New("sip2: request longer than 16 KiB without a line end")

// requestReader reads requests ended by CR, LF or CRLF, holding at most
// maxRequest bytes of one.
type requestReader struct {
	br  *bufio.Reader
	acc []byte
}

// next returns the next non-empty request without its line end; the
// slice is valid until the next call.
func (r *requestReader) next() ([]byte, error) {
	r.acc = r.acc[:0]
	for {
		buf, _ := r.br.Peek(r.br.Buffered())
		if i := bytes.IndexAny(buf, "\r\n"); i >= 0 {
			if len(r.acc)+i > maxRequest {
				return nil, errRequestTooLong
			}
			r.acc = append(r.acc, buf[:i]...)
			r.br.Discard(i + 1)
			if len(r.acc) == 0 {
				continue // the LF of a CRLF, or an empty line
			}
			return r.acc, nil
		}
		if len(r.acc)+len(buf) > maxRequest {
			return nil, errRequestTooLong
		}
		r.acc = append(r.acc, buf...)
		r.br.Discard(len(buf))
		if _, err := r.br.Peek(1); err != nil { // wait for more
			if err == io.EOF && len(r.acc) > 0 {
				err = io.ErrUnexpectedEOF
			}
			return nil, err
		}
	}
}

// session is one SC connection.
type session struct {
	s      *Server
	nc     net.Conn
	rd     *requestReader
	start  time.Time
	authed bool // logged in (93), or no login is configured
	served bool // past the login phase: logged in and asked something
	failed int  // refused logins
	lang   string
	last   []byte // the last answer, for a 97
}

// serveConn serves one SC, one request at a time, until it hangs up, a
// timeout passes or ctx ends.
func (s *Server) serveConn(ctx context.Context, nc net.Conn) {
	defer nc.Close()
	stop := context.AfterFunc(ctx, func() { nc.Close() })
	defer stop()
	c := &session{s: s, nc: nc, rd: &requestReader{br: bufio.NewReaderSize(nc, 4096)}, start: time.Now(),
		authed: len(s.Users) == 0, lang: s.Lang}
	defer func() {
		if r := recover(); r != nil {
			s.Logger.Error("SIP2 request panicked; connection closed", "panic", r, "stack", string(debug.Stack()))
		}
	}()
	c.setDeadline()
	if b, err := c.rd.br.Peek(1); err != nil {
		c.ended(err)
		return
	} else if b[0] == 0x16 { // a TLS handshake record: SIP2 begins with digits
		s.Logger.Info("TLS ClientHello on a plain SIP2 port: closed at once (serve TLS with -cert and -key)", "from", nc.RemoteAddr().String())
		return
	}
	for {
		c.setDeadline()
		frame, err := c.rd.next()
		if err != nil {
			c.ended(err)
			return
		}
		if !c.handle(ctx, frame) {
			return
		}
	}
}

// setDeadline gives a connection LoginTimeout from its start to log in,
// then IdleTimeout between requests.
func (c *session) setDeadline() {
	if c.served {
		c.nc.SetReadDeadline(time.Now().Add(c.s.IdleTimeout))
	} else {
		c.nc.SetReadDeadline(c.start.Add(c.s.LoginTimeout))
	}
}

// ended logs why a connection ends; an over-long request is answered 96
// first.
func (c *session) ended(err error) {
	from := c.nc.RemoteAddr().String()
	var ne net.Error
	switch {
	case errors.Is(err, errRequestTooLong):
		c.s.Logger.Warn("SIP2 request too long: answered 96 and closed", "from", from)
		b, _ := Encode(Message{Code: "96", Seq: -1}, c.encodeOptions(false))
		c.write(b)
	case errors.As(err, &ne) && ne.Timeout() && !c.served:
		c.s.Logger.Info("SIP2 connection closed: login timeout", "from", from, "after", c.s.LoginTimeout)
	case errors.As(err, &ne) && ne.Timeout():
		c.s.Logger.Info("SIP2 connection closed: idle timeout", "from", from, "after", c.s.IdleTimeout)
	case errors.Is(err, io.EOF), errors.Is(err, net.ErrClosed):
	default:
		c.s.Logger.Debug("SIP2 connection ended", "from", from, "err", err)
	}
}

func (c *session) encodeOptions(ed bool) EncodeOptions {
	return EncodeOptions{ErrorDetection: ed, CRLF: c.s.Options.CRLF, Charset: c.s.Options.Charset}
}

// write sends b within IdleTimeout: a client that reads nothing does not
// hold the connection forever.
func (c *session) write(b []byte) bool {
	c.nc.SetWriteDeadline(time.Now().Add(c.s.IdleTimeout))
	_, err := c.nc.Write(b)
	return err == nil
}

// handle answers one request; false ends the connection.
func (c *session) handle(ctx context.Context, frame []byte) bool {
	ed := endsInChecksum(frame)
	req, err := ParseIn(frame, c.s.Options.Charset)
	var ans Message
	keep := true
	switch {
	case err != nil:
		c.s.Logger.Debug("SIP2 request unreadable: answered 96", "err", err)
		ans = Message{Code: "96"}
	case req.Code == "97", req.Code == "96":
		if c.last == nil {
			ans = Message{Code: "96"}
			break
		}
		return c.write(c.last)
	case req.Code == "93":
		ans, keep = c.login(req)
	case req.Code == "99":
		ans = c.status()
	case !c.authed:
		c.s.Logger.Warn("SIP2 request before login: connection closed", "code", req.Code, "from", c.nc.RemoteAddr().String())
		return false
	default:
		var fault error
		if ans, fault = c.answer(ctx, req); fault != nil {
			c.s.Logger.Error("SIP2 request failed: connection closed", "code", req.Code, "err", fault)
			return false
		}
	}
	ans.Seq = req.Seq
	b, err := Encode(cleaned(ans), c.encodeOptions(ed))
	if err != nil { // a bug: say so, and let the SC ask again
		c.s.Logger.Error("SIP2 answer not encoded: answered 96", "code", ans.Code, "err", err)
		b, _ = Encode(Message{Code: "96", Seq: -1}, c.encodeOptions(ed))
	}
	c.last = b
	if c.authed && req.Code != "99" {
		c.served = true
	}
	return c.write(b) && keep
}

// endsInChecksum reports whether a frame ends in "AZ" and four hex
// digits: then its answer carries AY/AZ too. An "AZ" inside a value
// says nothing.
func endsInChecksum(frame []byte) bool {
	f := bytes.TrimRight(frame, "\r\n")
	return len(f) >= 8 && f[len(f)-6] == 'A' && f[len(f)-5] == 'Z' && isHex(f[len(f)-4:])
}

// login answers 93. A connection that fails maxLogins times is closed
// after the answer.
func (c *session) login(req Message) (Message, bool) {
	user, pw := req.Value("CN"), req.Value("CO")
	want, known := c.s.Users[user]
	ok := len(c.s.Users) == 0 || known && subtle.ConstantTimeCompare([]byte(want), []byte(pw)) == 1
	c.authed = ok
	if ok {
		return Message{Code: "94", Fixed: "1"}, true
	}
	c.failed++
	c.s.Logger.Warn("SIP2 login refused", "user", user, "from", c.nc.RemoteAddr().String(), "attempt", c.failed)
	return Message{Code: "94", Fixed: "0"}, c.failed < maxLogins
}

// serverSupports is the BX this server sends: every request it carries
// out. Block Patron, Fee Paid, Item Status Update, Patron Enable and
// Hold are answered, with a refusal, but not carried out.
const serverSupports = "YYYNYYYYYNYNNNYY"

// status answers 99, before a login too.
func (c *session) status() Message {
	m := Message{Code: "98", Fixed: "YYYYNN" + "030" + "003" + c.s.date() + "2.00"}
	m.Add("AO", c.s.Institution).Add("AM", c.s.Library).Add("BX", serverSupports)
	return m
}

// cleaned makes every value of an answer writable, in place: "|" (the
// delimiter) becomes "/", line ends and other control characters spaces.
func cleaned(m Message) Message {
	for i, f := range m.Fields {
		m.Fields[i].Value = strings.Map(func(r rune) rune {
			switch {
			case r == '|':
				return '/'
			case r < 0x20 || r == 0x7f:
				return ' '
			}
			return r
		}, f.Value)
	}
	return m
}
