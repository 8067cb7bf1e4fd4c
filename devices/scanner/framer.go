package scanner

import (
	"errors"
	"time"
	"unicode/utf8"
)

// MaxLine is the longest line a scanner may send, in bytes.
const MaxLine = 256

// Garbage reasons.
var (
	ErrControl = errors.New("control bytes in line")
	ErrTooLong = errors.New("line longer than 256 bytes")
	ErrUTF8    = errors.New("line is not valid UTF-8")
)

// Frame is one line cut from the stream, or the reason it was dropped.
type Frame struct {
	Line string
	Err  error
}

// Framer cuts a byte stream into lines. The zero value ends lines only on
// terminator bytes; set IdleGap to end them after a pause too.
type Framer struct {
	IdleGap time.Duration

	buf     []byte
	last    time.Time
	bad     error
	dropped int
}

// Feed adds bytes received at now and returns the frames they complete.
func (f *Framer) Feed(p []byte, now time.Time) []Frame {
	var out []Frame
	if len(p) > 0 && len(f.buf) > 0 && f.IdleGap > 0 && now.Sub(f.last) >= f.IdleGap {
		out = f.end(out)
	}
	for _, c := range p {
		switch c {
		case '\r', '\n', '\t', 0x03: // CR, LF, TAB, ETX
			out = f.end(out)
		case 0x02: // STX starts a frame: drop anything before it
			f.buf, f.bad = f.buf[:0], nil
		default:
			f.add(c)
		}
	}
	if len(p) > 0 {
		f.last = now
	}
	return out
}

// Idle ends a pending line when the idle gap has passed at now.
func (f *Framer) Idle(now time.Time) []Frame {
	if f.IdleGap <= 0 || (len(f.buf) == 0 && f.bad == nil) || now.Sub(f.last) < f.IdleGap {
		return nil
	}
	return f.end(nil)
}

// Pending reports whether a line is waiting for its end.
func (f *Framer) Pending() bool { return len(f.buf) > 0 || f.bad != nil }

// Reset drops any partial line, as when the port closes.
func (f *Framer) Reset() { f.buf, f.bad = f.buf[:0], nil }

// Dropped counts the garbage lines dropped so far.
func (f *Framer) Dropped() int { return f.dropped }

func (f *Framer) add(c byte) {
	if f.bad == ErrTooLong {
		return
	}
	if len(f.buf) >= MaxLine {
		f.bad, f.buf = ErrTooLong, f.buf[:0]
		return
	}
	if (c < 0x20 || c == 0x7f) && f.bad == nil {
		f.bad = ErrControl
	}
	f.buf = append(f.buf, c)
}

func (f *Framer) end(out []Frame) []Frame {
	switch {
	case f.bad != nil:
		out = append(out, Frame{Err: f.bad})
		f.dropped++
	case len(f.buf) == 0:
		// an empty line, such as the LF of a CRLF
	case !utf8.Valid(f.buf):
		out = append(out, Frame{Err: ErrUTF8})
		f.dropped++
	default:
		out = append(out, Frame{Line: string(f.buf)})
	}
	f.buf, f.bad = f.buf[:0], nil
	return out
}
