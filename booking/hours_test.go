package booking

import (
	"testing"
	"time"
)

func TestParseSpans(t *testing.T) {
	tests := []struct {
		in   string
		want []Span
		err  bool
	}{
		{"09:00-17:00", []Span{{540, 1020}}, false},
		{"9:00-12:00, 13:00-17:30", []Span{{540, 720}, {780, 1050}}, false},
		{"00:00-24:00", []Span{{0, 1440}}, false},
		{"", nil, false},
		{"Closed", nil, false},
		{"17:00-09:00", nil, true},
		{"09:00-09:00", nil, true},
		{"13:00-17:00,09:00-12:00", nil, true},
		{"09:00-12:00,11:00-13:00", nil, true},
		{"9-17", nil, true},
		{"09:60-10:00", nil, true},
		{"24:30-25:00", nil, true},
		{"-1:00-02:00", nil, true},
		{"09:00", nil, true},
	}
	for _, tt := range tests {
		got, err := ParseSpans(tt.in)
		if (err != nil) != tt.err {
			t.Errorf("ParseSpans(%q) error %v, want error %v", tt.in, err, tt.err)
			continue
		}
		if len(got) != len(tt.want) {
			t.Errorf("ParseSpans(%q) = %v, want %v", tt.in, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("ParseSpans(%q) = %v, want %v", tt.in, got, tt.want)
			}
		}
	}
}

// FuzzParseSpans: what parses is ordered and in the day, and formats back
// to text that parses to the same spans.
func FuzzParseSpans(f *testing.F) {
	for _, s := range []string{"09:00-17:00", "9:00-12:00,13:00-17:30", "closed", "00:00-24:00", "1:1-2:2", "09:00-12:00,,"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		spans, err := ParseSpans(in)
		if err != nil {
			return
		}
		r := DefaultRules()
		r.Hours = Hours{spans}
		if err := r.Validate(); err != nil {
			t.Fatalf("%q parsed to invalid hours: %v", in, err)
		}
		again, err := ParseSpans(FormatSpans(spans))
		if err != nil || len(again) != len(spans) {
			t.Fatalf("%q: round trip %v, %v", in, again, err)
		}
		for i := range spans {
			if again[i] != spans[i] {
				t.Fatalf("%q: round trip %v, want %v", in, again, spans)
			}
		}
	})
}

func TestDate(t *testing.T) {
	d, err := ParseDate("2026-11-23")
	if err != nil || d.Weekday() != time.Monday || d.WeekStart() != d || d.AddDays(6).WeekStart() != d || d.AddDays(7).WeekStart() != "2026-11-30" {
		t.Fatalf("%v %v", d, err)
	}
	if d.AddDays(-1).WeekStart() != "2026-11-16" || d.DaysUntil("2026-12-01") != 8 || d.DaysUntil("2026-11-20") != -3 {
		t.Fatal("date arithmetic")
	}
	if _, err := ParseDate("2026-13-01"); err == nil {
		t.Fatal("month 13 parsed")
	}
	jkt := zone(t, "Asia/Jakarta")
	// 23:30 UTC is already the next day in Jakarta (UTC+7).
	if got := DateOf(time.Date(2026, 11, 23, 23, 30, 0, 0, time.UTC), jkt); got != "2026-11-24" {
		t.Fatalf("DateOf = %s", got)
	}
}
