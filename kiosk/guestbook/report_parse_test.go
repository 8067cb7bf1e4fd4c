package guestbook

import (
	"testing"
	"time"
)

func TestParseBy(t *testing.T) {
	for _, c := range []struct {
		in string
		ok bool
	}{
		{"hour", true}, {"weekday", true}, {"day", true}, {"week", true}, {"month", true},
		{"", false}, {"Hour", false}, {"year", false}, {" day", false}, {"days", false},
	} {
		b, err := ParseBy(c.in)
		if (err == nil) != c.ok || (c.ok && string(b) != c.in) {
			t.Errorf("ParseBy(%q) = %q, %v", c.in, b, err)
		}
	}
}

// FuzzParseBy: only the five groupings pass, as themselves, and each
// names the group of any moment in a form that sorts in time order.
func FuzzParseBy(f *testing.F) {
	for _, s := range []string{"hour", "weekday", "day", "week", "month", "", "year", "HOUR"} {
		f.Add(s, int64(1_780_000_000))
	}
	f.Fuzz(func(t *testing.T, s string, at int64) {
		b, err := ParseBy(s)
		if err != nil {
			return
		}
		if string(b) != s {
			t.Fatalf("%q parsed as %q", s, b)
		}
		at = at % 4_000_000_000
		if at < 0 {
			at = -at
		}
		jkt := time.FixedZone("WIB", 7*3600)
		t1, t2 := time.Unix(at, 0).In(jkt), time.Unix(at+3600*24*40, 0).In(jkt)
		g1, g2 := group(t1, b), group(t2, b)
		if g1 == "" || g2 == "" {
			t.Fatalf("no group for %v by %s", t1, b)
		}
		if (b == ByDay || b == ByWeek || b == ByMonth) && g1 >= g2 {
			t.Fatalf("by %s: %s (%v) not before %s (%v)", b, g1, t1, g2, t2)
		}
	})
}
