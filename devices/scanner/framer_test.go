package scanner

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

var t0 = time.Date(2026, 11, 23, 3, 0, 0, 0, time.UTC)

// chunk is bytes arriving at an offset from t0.
type chunk struct {
	at   time.Duration
	data string
}

// frames feeds chunks to f and asks it for idle lines at end. With
// polled, Idle is asked before each chunk too, as a reader whose read timed
// out during the pause does; without, Feed alone must see the pause, as
// when the pause was shorter than the reader's poll.
func frames(f *Framer, chunks []chunk, end time.Duration, polled bool) []Frame {
	var out []Frame
	for _, c := range chunks {
		if polled {
			out = append(out, f.Idle(t0.Add(c.at))...)
		}
		out = append(out, f.Feed([]byte(c.data), t0.Add(c.at))...)
	}
	return append(out, f.Idle(t0.Add(end))...)
}

// noise is n pseudo-random bytes with no terminator (CR, LF, TAB, ETX) and
// no STX in them, fed in 4 KB chunks 10 ms apart from at.
func noise(n int, at time.Duration) []chunk {
	rng := rand.New(rand.NewPCG(9, 23))
	b := make([]byte, 0, n)
	for len(b) < n {
		c := byte(rng.UintN(256))
		if c == '\r' || c == '\n' || c == '\t' || c == 0x02 || c == 0x03 {
			continue
		}
		b = append(b, c)
	}
	var out []chunk
	for i := 0; i < n; i += 4096 {
		out = append(out, chunk{at, string(b[i:min(i+4096, n)])})
		at += 10 * time.Millisecond
	}
	return out
}

var framerTests = []struct {
	name   string
	gap    time.Duration
	chunks []chunk
	want   []string // lines, or "!"+error for dropped ones
}{
	{"CR", 0, []chunk{{0, "123\r456\r"}}, []string{"123", "456"}},
	{"LF", 0, []chunk{{0, "123\n456\n"}}, []string{"123", "456"}},
	{"CRLF", 0, []chunk{{0, "123\r\n456\r\n"}}, []string{"123", "456"}},
	{"TAB suffix", 0, []chunk{{0, "123\t"}}, []string{"123"}},
	{"STX/ETX framing", 0, []chunk{{0, "noise\x02123\x03"}}, []string{"123"}},
	{"split across reads", 0, []chunk{{0, "12"}, {time.Millisecond, "3\r"}}, []string{"123"}},
	{"idle gap ends a line", 50 * time.Millisecond, []chunk{{0, "123"}, {10 * time.Millisecond, "4"}}, []string{"1234"}},
	{"idle gap between two codes", 50 * time.Millisecond, []chunk{{0, "111"}, {100 * time.Millisecond, "222"}}, []string{"111", "222"}},
	{"empty lines skipped", 0, []chunk{{0, "\r\n\r\n123\r\n"}}, []string{"123"}},
	{"control byte", 0, []chunk{{0, "12\x0734\r567\r"}}, []string{"!" + ErrControl.Error(), "567"}},
	{"invalid UTF-8", 0, []chunk{{0, "ab\xff\xfe\r567\r"}}, []string{"!" + ErrUTF8.Error(), "567"}},
	{"UTF-8 is fine", 0, []chunk{{0, "Perpustakaan–Ñ\r"}}, []string{"Perpustakaan–Ñ"}},
	{"overlong", 0, []chunk{{0, strings.Repeat("9", 300) + "\r567\r"}}, []string{"!" + ErrTooLong.Error(), "567"}},
	{"exactly 256 bytes", 0, []chunk{{0, strings.Repeat("8", 256) + "\r"}}, []string{strings.Repeat("8", 256)}},
	{"overlong ended by idle gap", 20 * time.Millisecond, []chunk{{0, strings.Repeat("9", 600)}, {time.Second, "42\r"}}, []string{"!" + ErrTooLong.Error(), "42"}},

	// Resynchronising after noise: with no idle gap set, a pause as long
	// as the resync gap ends whatever is pending as noise, and the bytes
	// after it start a new line.
	{"unterminated line dropped after a pause", 0, []chunk{{0, "123"}}, []string{"!" + ErrUnterminated.Error()}},
	{"noise then valid scan after a pause", 0, []chunk{{0, "xq#7"}, {300 * time.Millisecond, "30001000000010\r"}},
		[]string{"!" + ErrUnterminated.Error(), "30001000000010"}},
	{"control noise, pause, valid scan", 0, []chunk{{0, "\x00\x1b[\xff\x13ab"}, {200 * time.Millisecond, "]C030001000000010\r"}},
		[]string{"!" + ErrControl.Error(), "]C030001000000010"}},
	{"100 KB without terminator, pause, valid scan", 0, append(noise(100<<10, 0), chunk{2 * time.Second, "30001000000028\r\n"}),
		[]string{"!" + ErrTooLong.Error(), "30001000000028"}},
	{"overlong ended by a pause", 0, []chunk{{0, strings.Repeat("9", 600)}, {time.Second, "42\r"}}, []string{"!" + ErrTooLong.Error(), "42"}},
	{"scan in chunks within the resync gap", 0, []chunk{{0, "3000"}, {40 * time.Millisecond, "1000"}, {80 * time.Millisecond, "000036"}, {120 * time.Millisecond, "\r\n"}},
		[]string{"30001000000036"}},
	{"a pause inside a line splits it", 0, []chunk{{0, "3000100"}, {DefaultResyncGap, "0000044\r"}},
		[]string{"!" + ErrUnterminated.Error(), "0000044"}},
	{"CRLF whose LF comes after a pause", 0, []chunk{{0, "123\r"}, {time.Second, "\n456\r\n"}}, []string{"123", "456"}},
	{"noise between two scans", 0, []chunk{{0, "111\r"}, {10 * time.Millisecond, "\x07\x07"}, {time.Second, "222\r"}},
		[]string{"111", "!" + ErrControl.Error(), "222"}},
}

func TestFramer(t *testing.T) {
	for _, tt := range framerTests {
		t.Run(tt.name, func(t *testing.T) {
			for _, polled := range []bool{true, false} {
				f := &Framer{IdleGap: tt.gap}
				got := frames(f, tt.chunks, time.Hour, polled)
				if len(got) != len(tt.want) {
					t.Fatalf("polled=%v: got %d frames %v, want %v", polled, len(got), short(got), tt.want)
				}
				for i, w := range tt.want {
					if g := show(got[i]); g != w {
						t.Errorf("polled=%v: frame %d: %q, want %q", polled, i, g, w)
					}
				}
				if d := dropped(tt.want); f.Dropped() != d {
					t.Errorf("polled=%v: Dropped() = %d, want %d", polled, f.Dropped(), d)
				}
			}
		})
	}
}

// show is a frame as the tables write it: the line, or "!" and the reason.
func show(f Frame) string {
	if f.Err != nil {
		return "!" + f.Err.Error()
	}
	return f.Line
}

func short(frames []Frame) []string {
	var out []string
	for _, f := range frames {
		s := show(f)
		if len(s) > 40 {
			s = s[:40] + "…"
		}
		out = append(out, s)
	}
	return out
}

func dropped(want []string) int {
	n := 0
	for _, w := range want {
		if strings.HasPrefix(w, "!") {
			n++
		}
	}
	return n
}

func TestFramerResyncGap(t *testing.T) {
	chunks := []chunk{{0, "77"}, {60 * time.Millisecond, "123\r"}}
	// The default gap (150 ms) is longer than this pause: one line.
	if got := frames(&Framer{}, chunks, time.Hour, false); len(got) != 1 || got[0].Line != "77123" {
		t.Fatalf("default gap: %v", short(got))
	}
	// A shorter gap splits it.
	got := frames(&Framer{ResyncGap: 50 * time.Millisecond}, chunks, time.Hour, false)
	if len(got) != 2 || got[0].Err != ErrUnterminated || got[1].Line != "123" {
		t.Fatalf("50 ms gap: %v", short(got))
	}
	// A negative gap turns resynchronising off: lines end only at their
	// terminators, as before.
	if got := frames(&Framer{ResyncGap: -1}, []chunk{{0, "77"}, {time.Hour, "123\r"}}, 2*time.Hour, true); len(got) != 1 || got[0].Line != "77123" {
		t.Fatalf("no resync: %v", short(got))
	}
	// The size of a dropped run is counted, beyond MaxLine too.
	f := &Framer{}
	got = frames(f, []chunk{{0, strings.Repeat("x", 1000)}}, time.Hour, false)
	if len(got) != 1 || got[0].Err != ErrTooLong || got[0].Size != 1000 {
		t.Fatalf("overlong: %+v", short(got))
	}
}

// FuzzFramer feeds any bytes in chunks of 1–16 at a fuzzed pace, with an
// idle gap or with the resync gap, then a valid scan after a pause: no bad
// line is ever delivered, every drop is counted, and the valid scan always
// comes through.
func FuzzFramer(f *testing.F) {
	for _, tt := range framerTests {
		var all string
		for _, c := range tt.chunks {
			all += c.data
		}
		f.Add([]byte(all), uint8(3), uint8(1), tt.gap > 0)
		f.Add([]byte(all), uint8(5), uint8(200), tt.gap > 0)
	}
	f.Fuzz(func(t *testing.T, data []byte, split, pace uint8, idleGap bool) {
		fr := &Framer{}
		if idleGap {
			fr.IdleGap = 10 * time.Millisecond
		}
		var got []Frame
		step := int(split)%16 + 1
		at := t0
		for i := 0; i < len(data); i += step {
			end := min(i+step, len(data))
			got = append(got, fr.Feed(data[i:end], at)...)
			at = at.Add(time.Duration(pace) * time.Millisecond)
		}
		last := fr.Feed([]byte("30001000000010\r"), at.Add(time.Second))
		if len(last) == 0 || last[len(last)-1].Line != "30001000000010" {
			t.Fatalf("the scan after a pause was lost: %v", short(last))
		}
		got = append(got, last...)
		dropped := 0
		for _, g := range got {
			if g.Err != nil {
				dropped++
				continue
			}
			if g.Line == "" || len(g.Line) > MaxLine || !utf8.ValidString(g.Line) {
				t.Fatalf("bad line delivered: %q", g.Line)
			}
			for _, c := range []byte(g.Line) {
				if c < 0x20 || c == 0x7f {
					t.Fatalf("control byte delivered in %q", g.Line)
				}
			}
		}
		if dropped != fr.Dropped() {
			t.Fatalf("dropped %d, counter says %d", dropped, fr.Dropped())
		}
		if fr.Pending() {
			t.Fatal("a line still pending after its terminator")
		}
	})
}
