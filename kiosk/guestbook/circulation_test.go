package guestbook_test

import (
	"testing"
	"time"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/guestbook"
)

// TestToday: the day's counts are the library day's (Jakarta), survive
// reopening the file, and a bad operation is refused.
func TestToday(t *testing.T) {
	s, clock := open(t, true)
	at := func(h int) time.Time { return time.Date(2026, 11, 23, h, 0, 0, 0, jakarta) }
	for _, e := range []kiosk.Tally{
		{At: at(9), Op: kiosk.OpCheckout}, {At: at(10), Op: kiosk.OpCheckout}, {At: at(11), Op: kiosk.OpCheckin},
		{At: at(12), Op: kiosk.OpRenew}, {At: at(6), Op: kiosk.OpCheckout}, // 06:00 Jakarta is 23:00 UTC the day before: still today
		{At: at(0).Add(-time.Minute), Op: kiosk.OpCheckout}, // yesterday
	} {
		if err := s.RecordTally(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.RecordTally(ctx, kiosk.Tally{Op: "steal"}); err == nil {
		t.Error("an unknown operation was counted")
	}
	clock.Set(at(13))
	s.RecordVisit(ctx, kiosk.Visit{Card: "A1"})
	s.RecordVisit(ctx, kiosk.Visit{Guest: kiosk.Guest{Name: "Budi"}})
	s.RecordRating(ctx, kiosk.Rating{Score: 4})
	want := guestbook.DayCounts{Visits: 2, Guests: 1, Ratings: 1, Loans: 3, Returns: 1, Renewals: 1}
	if got, err := s.Today(ctx, at(20)); err != nil || got != want {
		t.Fatalf("today %+v %v, want %+v", got, err, want)
	}
	path := s.Path
	s.Close()
	s2 := &guestbook.Store{Path: path, Location: jakarta, Now: clock.Now}
	if err := s2.Open(ctx); err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if got, err := s2.Today(ctx, at(20)); err != nil || got != want {
		t.Fatalf("after reopening: %+v %v, want %+v", got, err, want)
	}
	if got, _ := s2.Today(ctx, at(20).AddDate(0, 0, 1)); got != (guestbook.DayCounts{}) {
		t.Fatalf("tomorrow %+v", got)
	}
}

// TestDaily: counts per kiosk per library day, each kind in its place.
func TestDaily(t *testing.T) {
	s, clock := open(t, false)
	at := func(d, h int) time.Time { return time.Date(2026, 11, d, h, 0, 0, 0, jakarta) }
	for _, e := range []kiosk.Tally{{At: at(23, 9), Kiosk: "k1", Op: kiosk.OpCheckout}, {At: at(23, 23), Kiosk: "k1", Op: kiosk.OpCheckout},
		{At: at(24, 1), Kiosk: "k1", Op: kiosk.OpCheckin}, {At: at(23, 10), Kiosk: "k2", Op: kiosk.OpRenew}} {
		s.RecordTally(ctx, e)
	}
	clock.Set(at(23, 12))
	s.RecordVisit(ctx, kiosk.Visit{Card: "A", Kiosk: "k1"})
	s.RecordVisit(ctx, kiosk.Visit{Guest: kiosk.Guest{Name: "Budi"}, Kiosk: "k2"})
	s.RecordRating(ctx, kiosk.Rating{Score: 3, Kiosk: "k2"})
	got, err := s.Daily(ctx, at(23, 0), at(25, 0))
	if err != nil {
		t.Fatal(err)
	}
	want := []guestbook.KioskDay{
		{Kiosk: "k1", Day: "2026-11-23", DayCounts: guestbook.DayCounts{Loans: 2, Visits: 1}},
		{Kiosk: "k2", Day: "2026-11-23", DayCounts: guestbook.DayCounts{Renewals: 1, Visits: 1, Guests: 1, Ratings: 1}},
		{Kiosk: "k1", Day: "2026-11-24", DayCounts: guestbook.DayCounts{Returns: 1}},
	}
	if len(got) != len(want) {
		t.Fatalf("daily %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("row %d: %+v, want %+v", i, got[i], want[i])
		}
	}
}

// TestRowsAfter: the rows a site's store lacks, by id, a batch at a
// time; a rating only once settled (its comment may follow).
func TestRowsAfter(t *testing.T) {
	s, clock := open(t, false)
	for i := range 5 {
		clock.Set(monday.Add(time.Duration(i) * time.Minute))
		s.RecordVisit(ctx, kiosk.Visit{Card: "A"})
		s.RecordRating(ctx, kiosk.Rating{Score: 1 + i})
		s.RecordTally(ctx, kiosk.Tally{Op: kiosk.OpCheckout})
	}
	vs, err := s.VisitsAfter(ctx, 2, 2)
	if err != nil || len(vs) != 2 || vs[0].ID != 3 || vs[1].ID != 4 {
		t.Fatalf("visits after 2: %+v %v", vs, err)
	}
	rs, err := s.RatingsAfter(ctx, 0, monday.Add(3*time.Minute), 10)
	if err != nil || len(rs) != 3 || rs[2].Score != 3 {
		t.Fatalf("settled ratings %+v %v", rs, err)
	}
	ts, err := s.TalliesAfter(ctx, 4, 10)
	if err != nil || len(ts) != 1 || ts[0].ID != 5 {
		t.Fatalf("tallies %+v %v", ts, err)
	}
}
