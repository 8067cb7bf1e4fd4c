package guestbook_test

import (
	"testing"
	"time"

	"github.com/anjungan/anjungan/kiosk"
)

// TestPassOncePerDay: an event's visitor pass counts once a library day
// (whatever once_per_day says of members' cards), another pass of the
// same event counts, the same pass counts again the next day; a pass's
// visit needs no name and keeps its event (the origin) past the purge.
func TestPassOncePerDay(t *testing.T) {
	for _, once := range []bool{true, false} {
		s, clock := open(t, once)
		visit := func(pass string) bool {
			t.Helper()
			ok, err := s.RecordVisit(ctx, kiosk.Visit{Pass: pass, Guest: kiosk.Guest{Origin: "Bedah Buku"}, Purpose: "acara", Kiosk: "k1"})
			if err != nil {
				t.Fatal(err)
			}
			return ok
		}
		want := []struct {
			at      time.Time
			pass    string
			counted bool
		}{
			{monday, "Bedah Buku#1", true},
			{monday.Add(time.Hour), "Bedah Buku#1", false},
			{monday.Add(time.Hour), "Bedah Buku#2", true},
			{monday.Add(time.Hour), "Pameran#1", true},
			{monday.Add(14*time.Hour + 30*time.Minute), "Bedah Buku#1", false}, // 23:30, still Monday in Jakarta
			{monday.Add(21 * time.Hour), "Bedah Buku#1", true},                 // Tuesday
		}
		for i, w := range want {
			clock.Set(w.at)
			if got := visit(w.pass); got != w.counted {
				t.Errorf("once=%v, visit %d (%s at %s): counted %v", once, i, w.pass, w.at.Format("Mon 15:04"), got)
			}
		}
		clock.Set(monday.AddDate(1, 0, 0))
		if _, err := s.Purge(ctx, 24*time.Hour); err != nil {
			t.Fatal(err)
		}
		vs, err := s.Visits(ctx, monday.Add(-time.Hour), monday.AddDate(0, 0, 2))
		if err != nil || len(vs) != 4 || vs[0].Pass != "Bedah Buku#1" || vs[0].Guest.Origin != "Bedah Buku" || vs[0].Purpose != "acara" || vs[0].Member() {
			t.Fatalf("visits %+v %v", vs, err)
		}
	}
}
