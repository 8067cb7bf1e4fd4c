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

func TestParseWeek(t *testing.T) {
	h, err := ParseWeek("mon-fri=08:00-16:00; sat=09:00-12:00,13:00-15:00")
	if err != nil {
		t.Fatal(err)
	}
	if len(h[time.Sunday]) != 0 || len(h[time.Monday]) != 1 || len(h[time.Saturday]) != 2 || h[time.Friday][0] != (Span{480, 960}) {
		t.Fatalf("%v", h)
	}
	if got := FormatWeek(h); got != "mon=08:00-16:00;tue=08:00-16:00;wed=08:00-16:00;thu=08:00-16:00;fri=08:00-16:00;sat=09:00-12:00,13:00-15:00" {
		t.Fatalf("FormatWeek = %q", got)
	}
	wrap, err := ParseWeek("fri-mon=10:00-14:00")
	if err != nil || len(wrap[time.Saturday]) != 1 || len(wrap[time.Sunday]) != 1 || len(wrap[time.Tuesday]) != 0 {
		t.Fatalf("fri-mon: %v %v", wrap, err)
	}
	for _, bad := range []string{"monday=08:00-16:00", "mon=8-16", "mon-fri=08:00-16:00;wed=10:00-11:00", "mon", "xyz-fri=08:00-09:00", "mon=16:00-08:00"} {
		if _, err := ParseWeek(bad); err == nil {
			t.Errorf("ParseWeek(%q) accepted", bad)
		}
	}
}

// FuzzParseWeek: what parses is valid and formats back to the same hours.
func FuzzParseWeek(f *testing.F) {
	for _, s := range []string{"mon-fri=08:00-16:00;sat=09:00-12:00,13:00-15:00", "fri-mon=10:00-14:00", ";;", "sun=00:00-24:00", "mon=09:00-10:00;mon=11:00-12:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, err := ParseWeek(s)
		if err != nil {
			return
		}
		r := DefaultRules()
		r.Hours = h
		if err := r.Validate(); err != nil {
			t.Fatalf("%q: invalid hours %v", s, err)
		}
		again, err := ParseWeek(FormatWeek(h))
		if err != nil || FormatWeek(again) != FormatWeek(h) {
			t.Fatalf("%q: round trip %q, %v", s, FormatWeek(again), err)
		}
	})
}
