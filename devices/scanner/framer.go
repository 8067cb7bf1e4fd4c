package scanner

import (
	"errors"
	"time"
	"unicode/utf8"
)

// MaxLine is the longest line a scanner may send, in bytes.
const MaxLine = 256

// DefaultResyncGap is the pause after which a Framer with no IdleGap drops
// a line still waiting for its terminator and starts afresh.
//
// A scanner sends a whole code in one burst: at 9600 baud a byte takes
// about 1 ms, so even a 256-byte line is one run of bytes with no gap
// longer than a few ms between them, and a USB scanner sends it in a few
// 1 ms frames. Nobody can aim and trigger a second scan in 150 ms. A pause
// that long inside a line therefore means the bytes before it were not
// the start of a scan (line noise, a scanner plugged in mid-code, a
// program writing to the wrong port), and keeping them would spoil the
// next real scan. It is long enough for a loaded machine's scheduling
// delays and a Bluetooth serial link's jitter.
const DefaultResyncGap = 150 * time.Millisecond

// Garbage reasons.
var (
	ErrControl      = errors.New("control bytes in line")
	ErrTooLong      = errors.New("line longer than 256 bytes")
	ErrUTF8         = errors.New("line is not valid UTF-8")
	ErrUnterminated = errors.New("no terminator before a pause")
)

// Frame is one line cut from the stream, or the reason it was dropped.
type Frame struct {
	Line string
	Err  error
	// Size is the number of bytes the line had, terminator not counted;
	// for a dropped line, bytes beyond MaxLine included.
	Size int
}

// Framer cuts a byte stream into lines. The zero value ends lines on
// terminator bytes and resynchronises after a pause of DefaultResyncGap;
// set IdleGap to end lines after a pause instead.
type Framer struct {
	// IdleGap, when set, ends a line after a pause of that length: for
	// scanners that send no suffix. The line is delivered.
	IdleGap time.Duration
	// ResyncGap is used when IdleGap is not set: bytes arriving after a
	// pause of that length start a new line, and whatever was pending
	// before it is dropped as noise. Zero means DefaultResyncGap; a
	// negative value turns it off, so lines end only at terminators.
	ResyncGap time.Duration

	buf     []byte
	size    int
	last    time.Time
	bad     error
	dropped int
}

// Feed adds bytes received at now and returns the frames they complete.
func (f *Framer) Feed(p []byte, now time.Time) []Frame {
	if len(p) == 0 {
		return nil
	}
	out := f.pause(nil, now)
	for _, c := range p {
		switch c {
		case '\r', '\n', '\t', 0x03: // CR, LF, TAB, ETX
			out = f.end(out)
		case 0x02: // STX starts a frame: drop anything before it
			f.buf, f.size, f.bad = f.buf[:0], 0, nil
		default:
			f.add(c)
		}
	}
	f.last = now
	return out
}

// Idle ends a pending line when the idle gap, or the resync gap, has
// passed at now.
func (f *Framer) Idle(now time.Time) []Frame { return f.pause(nil, now) }

// pause ends the pending line if the stream has been quiet long enough at
// now: delivered after an idle gap, dropped after a resync gap.
func (f *Framer) pause(out []Frame, now time.Time) []Frame {
	if !f.Pending() {
		return out
	}
	quiet := now.Sub(f.last)
	if f.IdleGap > 0 {
		if quiet >= f.IdleGap {
			out = f.end(out)
		}
		return out
	}
	gap := f.ResyncGap
	if gap == 0 {
		gap = DefaultResyncGap
	}
	if gap > 0 && quiet >= gap {
		if f.bad == nil {
			f.bad = ErrUnterminated
		}
		out = f.end(out)
	}
	return out
}

// Pending reports whether a line is waiting for its end.
func (f *Framer) Pending() bool { return f.size > 0 }

// Reset drops any partial line, as when the port closes.
func (f *Framer) Reset() { f.buf, f.size, f.bad = f.buf[:0], 0, nil }

// Dropped counts the garbage lines dropped so far.
func (f *Framer) Dropped() int { return f.dropped }

func (f *Framer) add(c byte) {
	f.size++
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
		out = append(out, Frame{Err: f.bad, Size: f.size})
		f.dropped++
	case len(f.buf) == 0:
		// an empty line, such as the LF of a CRLF
	case !utf8.Valid(f.buf):
		out = append(out, Frame{Err: ErrUTF8, Size: f.size})
		f.dropped++
	default:
		out = append(out, Frame{Line: string(f.buf), Size: f.size})
	}
	f.buf, f.size, f.bad = f.buf[:0], 0, nil
	return out
}
