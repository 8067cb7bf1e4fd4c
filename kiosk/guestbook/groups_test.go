package guestbook

import (
	"slices"
	"testing"
	"time"
)

// TestGroups: every group of a period, in order, as the counts name
// them; the first week by the period's first day.
func TestGroups(t *testing.T) {
	jkt, _ := time.LoadLocation("Asia/Jakarta")
	ny, _ := time.LoadLocation("America/New_York")
	day := func(loc *time.Location, y int, m time.Month, d int) time.Time {
		return time.Date(y, m, d, 0, 0, 0, 0, loc)
	}
	for _, c := range []struct {
		from, to time.Time
		by       By
		n        int
		first    string
		last     string
	}{
		{day(jkt, 2025, 12, 28), day(jkt, 2026, 1, 4), ByDay, 7, "2025-12-28", "2026-01-03"},
		{day(jkt, 2026, 1, 1), day(jkt, 2026, 2, 1), ByWeek, 5, "2026-01-01", "2026-01-26"},
		{day(jkt, 2026, 1, 5), day(jkt, 2026, 1, 19), ByWeek, 2, "2026-01-05", "2026-01-12"},
		{day(jkt, 2026, 1, 15), day(jkt, 2027, 1, 1), ByMonth, 12, "2026-01", "2026-12"},
		{day(jkt, 2026, 1, 1), day(jkt, 2027, 1, 1), ByDay, 365, "2026-01-01", "2026-12-31"},
		{day(ny, 2026, 3, 7), day(ny, 2026, 3, 10), ByDay, 3, "2026-03-07", "2026-03-09"}, // DST
		{day(ny, 2026, 3, 7), day(ny, 2026, 3, 10), ByHour, 24, "00", "23"},
		{day(ny, 2026, 3, 7), day(ny, 2026, 3, 10), ByWeekday, 7, "1", "7"},
	} {
		g := Groups(c.from, c.to, c.by)
		if len(g) != c.n || g[0] != c.first || g[len(g)-1] != c.last || !slices.IsSorted(g[1:]) {
			t.Errorf("%s %v–%v: %d groups %q…%q, want %d %q…%q", c.by, c.from, c.to, len(g), g[0], g[len(g)-1], c.n, c.first, c.last)
		}
	}
}
