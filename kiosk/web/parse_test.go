package web

import (
	"strconv"
	"testing"
	"time"

	"github.com/anjungan/anjungan/booking"
	"github.com/anjungan/anjungan/kiosk"
)

var dayCases = []struct {
	in string
	ok bool
}{
	{"2026-11-23", true}, {"2028-02-29", true}, {"2026-02-29", false}, {"2026-13-01", false},
	{"2026-11-3", false}, {"2026-11-03 ", false}, {"26-11-23", false}, {"", false}, {"2026/11/23", false}, {"+026-11-23", false},
}

func TestParseDay(t *testing.T) {
	for _, c := range dayCases {
		d, err := parseDay(c.in)
		if (err == nil) != c.ok || (c.ok && string(d) != c.in) || (!c.ok && kiosk.ErrorKey(err) != KeyBadDay) {
			t.Errorf("parseDay(%q) = %q, %v", c.in, d, err)
		}
	}
	today := booking.Date("2026-11-23")
	for _, c := range []struct {
		d  booking.Date
		ok bool
	}{{"2026-11-23", true}, {"2026-12-07", true}, {"2026-12-08", false}, {"2026-11-22", false}} {
		if err := dayInWindow(c.d, today, 14); (err == nil) != c.ok {
			t.Errorf("dayInWindow(%s) = %v", c.d, err)
		}
	}
}

func FuzzParseDay(f *testing.F) {
	for _, c := range dayCases {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := parseDay(s)
		if err == nil && string(d) != s {
			t.Fatalf("%q read as %q", s, d)
		}
	})
}

var clockCases = []struct {
	in  string
	min int
	ok  bool
}{
	{"08:00", 480, true}, {"00:00", 0, true}, {"23:59", 1439, true}, {"24:00", 0, false}, {"8:00", 0, false},
	{"08:60", 0, false}, {"08-00", 0, false}, {"+8:00", 0, false}, {"08:0x", 0, false}, {"", 0, false}, {"08:000", 0, false},
}

func TestParseClock(t *testing.T) {
	for _, c := range clockCases {
		m, err := parseClock(c.in)
		if (err == nil) != c.ok || m != c.min {
			t.Errorf("parseClock(%q) = %d, %v", c.in, m, err)
		}
	}
}

func FuzzParseClock(f *testing.F) {
	for _, c := range clockCases {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := parseClock(s)
		if err != nil {
			return
		}
		if m < 0 || m >= 1440 || time.Date(1, 1, 1, m/60, m%60, 0, 0, time.UTC).Format("15:04") != s {
			t.Fatalf("%q read as %d", s, m)
		}
	})
}

var durationCases = []struct {
	in string
	d  time.Duration
	ok bool
}{
	{"60", time.Hour, true}, {"30", 30 * time.Minute, true}, {"1440", 24 * time.Hour, true}, {"1441", 0, false},
	{"060", 0, false}, {"0", 0, false}, {"-30", 0, false}, {"1h", 0, false}, {"", 0, false}, {"99999", 0, false}, {"+60", 0, false},
}

func TestParseDuration(t *testing.T) {
	for _, c := range durationCases {
		d, err := parseDuration(c.in)
		if (err == nil) != c.ok || d != c.d {
			t.Errorf("parseDuration(%q) = %v, %v", c.in, d, err)
		}
	}
}

func FuzzParseDuration(f *testing.F) {
	for _, c := range durationCases {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := parseDuration(s)
		if err != nil {
			return
		}
		if d <= 0 || d > 24*time.Hour || strconv.Itoa(int(d/time.Minute)) != s {
			t.Fatalf("%q read as %v", s, d)
		}
	})
}

var resourceCases = []struct {
	in string
	ok bool
}{
	{"printer-1", true}, {"a", true}, {"laser_cutter", true}, {"Printer-1", false}, {"-x", false}, {"", false},
	{"../etc", false}, {"a b", false}, {"printer-1\n", false}, {"x234567890123456789012345678901234567890", true},
	{"x2345678901234567890123456789012345678901", false},
}

func TestParseResourceID(t *testing.T) {
	for _, c := range resourceCases {
		id, err := parseResourceID(c.in)
		if (err == nil) != c.ok || (c.ok && id != c.in) || (!c.ok && kiosk.ErrorKey(err) != booking.KeyResourceUnknown) {
			t.Errorf("parseResourceID(%q) = %q, %v", c.in, id, err)
		}
	}
}

func FuzzParseResourceID(f *testing.F) {
	for _, c := range resourceCases {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, err := parseResourceID(s)
		if err != nil {
			return
		}
		// An accepted id is valid for the store too.
		r := booking.Resource{ID: id, Kind: "x", Name: "x", Rules: booking.DefaultRules()}
		if id != s || r.Validate() != nil {
			t.Fatalf("%q accepted: %v", s, r.Validate())
		}
	})
}

var bookingIDCases = []struct {
	in string
	id int64
	ok bool
}{
	{"1", 1, true}, {"42", 42, true}, {"9223372036854775807", 9223372036854775807, true}, {"9223372036854775808", 0, false},
	{"0", 0, false}, {"01", 0, false}, {"-1", 0, false}, {"+1", 0, false}, {"1e3", 0, false}, {"", 0, false}, {" 1", 0, false},
}

func TestParseBookingID(t *testing.T) {
	for _, c := range bookingIDCases {
		id, err := parseBookingID(c.in)
		if (err == nil) != c.ok || id != c.id {
			t.Errorf("parseBookingID(%q) = %d, %v", c.in, id, err)
		}
	}
}

func FuzzParseBookingID(f *testing.F) {
	for _, c := range bookingIDCases {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, err := parseBookingID(s)
		if err != nil {
			return
		}
		if id <= 0 || strconv.FormatInt(id, 10) != s {
			t.Fatalf("%q read as %d", s, id)
		}
	})
}

func TestParseCard(t *testing.T) {
	for _, c := range []struct {
		in, key string
	}{{"20001000000012", ""}, {"M0001", ""}, {"", KeyCardRequired}, {"a b", KeyCardInvalid}, {"kartu\x00", KeyCardInvalid}, {"é", KeyCardInvalid}} {
		if _, err := parseCard(c.in); kiosk.ErrorKey(err) != c.key {
			t.Errorf("parseCard(%q): %v, want %q", c.in, err, c.key)
		}
	}
}

func FuzzAcceptLanguage(f *testing.F) {
	for _, s := range []string{"en-US,en;q=0.9", "id", "fr, en;q=0.1", "in-ID", ";q=", "en;q=2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if l := acceptLanguage(s); !supported(l) {
			t.Fatalf("%q gave %q", s, l)
		}
	})
}
