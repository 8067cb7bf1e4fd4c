package main

import (
	"strconv"
	"strings"
	"testing"
)

// TestReportCSVEveryPeriod: a day, week, month or hour with nothing is a
// row of zeros, within -from … -to; the first week of a period that
// starts mid-week is named by its first day.
func TestReportCSVEveryPeriod(t *testing.T) {
	_, books := yearBooks(t) // the year starts on 1 January 2026
	rows := csvReport(t, append([]string{"visits", "-from", "2025-12-28", "-to", "2026-01-03", "-by", "day"}, books...)...)
	if len(rows) != 8 || rows[1][0] != "2025-12-28" || strings.Join(rows[1][1:], ",") != "0,0,0" || rows[7][0] != "2026-01-03" {
		t.Errorf("visits by day over the new year: %v", rows)
	}
	for _, c := range []struct {
		what, by string
		n        int
	}{{"satisfaction", "day", 365}, {"loans", "day", 365}, {"returns", "month", 12}, {"visits", "hour", 24}, {"satisfaction", "weekday", 7}} {
		rows := csvReport(t, append([]string{c.what, "-from", "2026-01-01", "-to", "2026-12-31", "-by", c.by}, books...)...)
		if len(rows)-1 != c.n {
			t.Errorf("%s by %s over 2026: %d rows, want %d", c.what, c.by, len(rows)-1, c.n)
		}
	}
	rows = csvReport(t, append([]string{"visits", "-from", "2026-01-01", "-to", "2026-01-31", "-by", "week"}, books...)...)
	if len(rows) != 6 || rows[1][0] != "2026-01-01" || rows[2][0] != "2026-01-05" || rows[5][0] != "2026-01-26" {
		t.Errorf("visits by week in January: %v", rows)
	}
}

// TestReportWidestPeriod: the widest period -from and -to allow is
// reported whole, its last month included; nothing is lost at its ends.
func TestReportWidestPeriod(t *testing.T) {
	y, books := yearBooks(t)
	rows := csvReport(t, append([]string{"visits", "-from", "1970-01-01", "-to", "2200-12-31", "-by", "month"}, books...)...)
	if n := len(rows) - 1; n != (2200-1970+1)*12 || rows[1][0] != "1970-01" || rows[n][0] != "2200-12" {
		t.Fatalf("%d months from %v to %v", n, rows[1], rows[n])
	}
	total := 0
	for _, r := range rows[1:] {
		n, err := strconv.Atoi(r[3])
		if err != nil {
			t.Fatal(err)
		}
		total += n
	}
	if total != len(y.Visits) {
		t.Errorf("%d visits over 1970–2200, generated %d", total, len(y.Visits))
	}
}
