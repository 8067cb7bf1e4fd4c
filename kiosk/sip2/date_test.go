package sip2

import (
	"bytes"
	"testing"
	"time"
	_ "time/tzdata"
)

func TestDates(t *testing.T) {
	jkt, _ := time.LoadLocation("Asia/Jakarta")
	at := time.Date(2026, 11, 23, 14, 5, 9, 0, jkt)
	if got := FormatDate(at, jkt, false); got != "20261123    140509" {
		t.Fatalf("local %q", got)
	}
	if got := FormatDate(at, jkt, true); got != "20261123   Z070509" {
		t.Fatalf("UTC %q", got)
	}
	tests := []struct {
		in   string
		want time.Time
		due  time.Time
	}{
		{"20261123    140509", at, at},
		{"20261123   Z070509", at, at},
		{"2026-12-07", time.Date(2026, 12, 7, 0, 0, 0, 0, jkt), time.Date(2026, 12, 7, 23, 59, 59, 0, jkt)},
		{"20261207", time.Date(2026, 12, 7, 0, 0, 0, 0, jkt), time.Date(2026, 12, 7, 23, 59, 59, 0, jkt)},
		{" 2026-12-07 17:00:00 ", time.Date(2026, 12, 7, 17, 0, 0, 0, jkt), time.Date(2026, 12, 7, 17, 0, 0, 0, jkt)},
		{"2026-12-07T10:00:00Z", time.Date(2026, 12, 7, 17, 0, 0, 0, jkt), time.Date(2026, 12, 7, 17, 0, 0, 0, jkt)},
		{BlankDate, time.Time{}, time.Time{}},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in, jkt)
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
		due, err := DueDate(tt.in, jkt)
		if err != nil || !due.Equal(tt.due) {
			t.Errorf("DueDate(%q) = %v, %v; want %v", tt.in, due, err, tt.due)
		}
	}
	for _, bad := range []string{"next tuesday", "20261323    000000", "2026-02-30"} {
		if _, err := ParseDate(bad, jkt); err == nil {
			t.Errorf("ParseDate(%q) accepted", bad)
		}
	}
}

func TestCharsets(t *testing.T) {
	title := "Café Société — ñ"
	for _, tt := range []struct {
		cs   Charset
		want string // how the title comes back
	}{
		{UTF8, title},
		{CP850, "Café Société ? ñ"},
		{Latin1, "Café Société ? ñ"},
	} {
		b := tt.cs.Encode(title)
		if got := tt.cs.Decode(b); got != tt.want {
			t.Errorf("%s: %q", tt.cs, got)
		}
	}
	if got := CP850.Encode("é"); len(got) != 1 || got[0] != 0x82 {
		t.Errorf("cp850 é = % x", got)
	}
	// Every byte of both single-byte sets decodes as x/text's decoder does
	// and encodes back to itself.
	all := make([]byte, 256)
	for i := range all {
		all[i] = byte(i)
	}
	for _, cs := range []Charset{CP850, Latin1} {
		ref, err := cs.charmap().NewDecoder().Bytes(all)
		if err != nil {
			t.Fatal(err)
		}
		text := cs.Decode(all)
		if text != string(ref) {
			t.Errorf("%s: decodes unlike x/text", cs)
		}
		if back := cs.Encode(text); !bytes.Equal(back, all) {
			t.Errorf("%s: 256 bytes do not come back: % x", cs, back)
		}
	}
	if got := UTF8.Decode([]byte{0xff, 'a'}); got != "\uFFFDa" {
		t.Errorf("invalid UTF-8 → %q", got)
	}
	for in, want := range map[string]Charset{"": UTF8, "UTF8": UTF8, "IBM850": CP850, "latin1": Latin1} {
		if got, err := ParseCharset(in); err != nil || got != want {
			t.Errorf("ParseCharset(%q) = %v, %v", in, got, err)
		}
	}
	if _, err := ParseCharset("ebcdic"); err == nil {
		t.Error("ebcdic accepted")
	}
}

// FuzzParseDate: any text is a date or an error, never a panic.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"20261123    140509", "20261123   Z070509", "2026-12-07", BlankDate, "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ParseDate(s, time.UTC)
		DueDate(s, time.UTC)
	})
}
