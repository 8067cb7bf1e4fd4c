package slims

import (
	"testing"
	"time"
)

func library(weekly ...string) *calendar {
	c := &calendar{}
	for _, w := range weekly {
		c.addRow(w, nil)
	}
	return c
}

func (c *calendar) on(days ...date) *calendar {
	for _, d := range days {
		c.addRow("", &d)
	}
	return c
}

func TestDue(t *testing.T) {
	mon := mkdate(2024, 5, 6) // a Monday
	for _, c := range []struct {
		name    string
		cal     *calendar
		start   date
		period  int
		expires date
		want    date
	}{
		{"no holidays", library(), mon, 7, date{}, mkdate(2024, 5, 13)},
		{"a dated holiday moves it on", library("sun").on(mkdate(2024, 5, 13)), mon, 7, date{}, mkdate(2024, 5, 14)},
		{"over a weekly day off", library("sun"), mon, 6, date{}, mkdate(2024, 5, 13)},
		{"over a day off and a holiday after it", library("sun").on(mkdate(2024, 5, 13)), mon, 6, date{}, mkdate(2024, 5, 14)},
		{"several weekly days off", library("sat", "sun"), mon, 5, date{}, mkdate(2024, 5, 13)},
		{"capped at the member's expiry", library("sun").on(mkdate(2024, 5, 13)), mon, 7, mkdate(2024, 5, 10), mkdate(2024, 5, 10)},
		{"the cap comes after the move: it may be a holiday", library("sun"), mon, 7, mkdate(2024, 5, 12), mkdate(2024, 5, 12)},
		{"expiry on the due date itself", library(), mon, 7, mkdate(2024, 5, 13), mkdate(2024, 5, 13)},
		{"period 0 is today", library(), mon, 0, date{}, mon},
		{"period 0 on a day off moves on", library("mon"), mon, 0, date{}, mkdate(2024, 5, 7)},
		{"a hand-typed 'Sun' is no day off (as in SLiMS)", library("Sun"), mon, 6, date{}, mkdate(2024, 5, 12)},
		{"over the year's end", library("fri").on(mkdate(2025, 1, 1)), mkdate(2024, 12, 25), 7, date{}, mkdate(2025, 1, 2)},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := c.cal.due(c.start, c.period, c.expires); !got.sameDay(c.want) {
				t.Fatalf("due %s, want %s", got, c.want)
			}
		})
	}
}

func TestFine(t *testing.T) {
	mon := mkdate(2026, 11, 30) // a Monday
	for _, c := range []struct {
		name      string
		cal       *calendar
		due, ret  date
		rate      int64
		ignore    bool
		graces    []int
		wantDays  int
		wantValue int64
	}{
		{"on time", library(), mon, mon, 500, false, nil, 0, 0},
		{"early", library(), mon, mon.add(-3), 500, false, nil, 0, 0},
		{"one day late", library(), mon, mon.add(1), 500, false, nil, 1, 500},
		{"ten days late", library("sun"), mon, mon.add(10), 500, false, nil, 10, 5000},
		{"grace: returned within it", library(), mon, mon.add(2), 500, false, []int{3}, 0, 0},
		{"grace: on its last day every day is fined", library(), mon, mon.add(3), 500, false, []int{3}, 3, 1500},
		{"grace of the rule or of the member type: either is enough", library(), mon, mon.add(2), 500, false, []int{1, 3}, 0, 0},
		{"no grace is 0", library(), mon, mon.add(1), 500, false, []int{0, 0}, 1, 500},
		{"rate 0 still owes days (a row with debet 0)", library(), mon, mon.add(4), 0, false, nil, 4, 0},
		{"holidays ignored: Sunday not fined", library("sun"), mon.add(4), mon.add(7), 500, true, nil, 2, 1000},
		{"holidays ignored: the due day itself counts as a holiday", library("fri"), mon.add(4), mon.add(5), 500, true, nil, 0, 0},
		{"holidays ignored: only holidays between", library("sat", "sun"), mon.add(4), mon.add(6), 500, true, nil, 0, 0},
		{"holidays not ignored", library("sat", "sun"), mon.add(4), mon.add(6), 500, false, nil, 2, 1000},
		{"holidays ignored and a dated one", library("sun").on(mon.add(8)), mon, mon.add(9), 100, true, nil, 7, 700},
		{"grace tested on calendar days even when holidays are ignored", library("sun"), mon.add(4), mon.add(7), 500, true, []int{3}, 2, 1000},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := c.cal.fineFor(c.due, c.ret, c.rate, c.ignore, c.graces...)
			if got.Days != c.wantDays || got.Amount != c.wantValue {
				t.Fatalf("%+v, want %d days %d", got, c.wantDays, c.wantValue)
			}
		})
	}
}

func TestDateParse(t *testing.T) {
	for in, want := range map[string]string{"2026-12-01": "2026-12-01", "2026-12-01 10:11:12": "2026-12-01", "0000-00-00": "0001-01-01"} {
		d, err := parseDate(in)
		if err != nil || d.String() != want {
			t.Errorf("%q: %s %v", in, d, err)
		}
	}
	if _, err := parseDate("1 Desember"); err == nil {
		t.Error("a non-date parsed")
	}
	jkt, _ := time.LoadLocation("Asia/Jakarta")
	if d := dayOf(time.Date(2026, 11, 30, 18, 30, 0, 0, time.UTC), jkt); d.String() != "2026-12-01" {
		t.Errorf("18:30 UTC is %s in Jakarta", d)
	}
}
