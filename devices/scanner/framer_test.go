package scanner

import (
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

func frames(f *Framer, chunks []chunk, end time.Duration) []Frame {
	var out []Frame
	for _, c := range chunks {
		out = append(out, f.Idle(t0.Add(c.at))...)
		out = append(out, f.Feed([]byte(c.data), t0.Add(c.at))...)
	}
	return append(out, f.Idle(t0.Add(end))...)
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
	{"no gap, no terminator: nothing yet", 0, []chunk{{0, "123"}}, nil},
	{"empty lines skipped", 0, []chunk{{0, "\r\n\r\n123\r\n"}}, []string{"123"}},
	{"control byte", 0, []chunk{{0, "12\x0734\r567\r"}}, []string{"!" + ErrControl.Error(), "567"}},
	{"invalid UTF-8", 0, []chunk{{0, "ab\xff\xfe\r567\r"}}, []string{"!" + ErrUTF8.Error(), "567"}},
	{"UTF-8 is fine", 0, []chunk{{0, "Perpustakaan–Ñ\r"}}, []string{"Perpustakaan–Ñ"}},
	{"overlong", 0, []chunk{{0, strings.Repeat("9", 300) + "\r567\r"}}, []string{"!" + ErrTooLong.Error(), "567"}},
	{"exactly 256 bytes", 0, []chunk{{0, strings.Repeat("8", 256) + "\r"}}, []string{strings.Repeat("8", 256)}},
	{"overlong ended by idle gap", 20 * time.Millisecond, []chunk{{0, strings.Repeat("9", 600)}, {time.Second, "42\r"}}, []string{"!" + ErrTooLong.Error(), "42"}},
}

func TestFramer(t *testing.T) {
	for _, tt := range framerTests {
		t.Run(tt.name, func(t *testing.T) {
			f := &Framer{IdleGap: tt.gap}
			got := frames(f, tt.chunks, time.Hour)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d frames %v, want %v", len(got), got, tt.want)
			}
			for i, w := range tt.want {
				g := got[i].Line
				if got[i].Err != nil {
					g = "!" + got[i].Err.Error()
				}
				if g != w {
					t.Errorf("frame %d: %q, want %q", i, g, w)
				}
			}
		})
	}
}

func FuzzFramer(f *testing.F) {
	for _, tt := range framerTests {
		var all string
		for _, c := range tt.chunks {
			all += c.data
		}
		f.Add([]byte(all), uint8(3))
	}
	f.Fuzz(func(t *testing.T, data []byte, split uint8) {
		fr := &Framer{IdleGap: 10 * time.Millisecond}
		var got []Frame
		step := int(split)%16 + 1
		for i := 0; i < len(data); i += step {
			end := min(i+step, len(data))
			got = append(got, fr.Feed(data[i:end], t0.Add(time.Duration(i)*time.Millisecond))...)
		}
		got = append(got, fr.Idle(t0.Add(time.Hour))...)
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
			t.Fatal("a line still pending after the idle gap")
		}
	})
}
