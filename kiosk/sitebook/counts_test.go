package sitebook_test

import (
	"slices"
	"testing"
	"time"

	"github.com/anjungan/anjungan/booking/postgres/pgtest"
	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/sitebook"
)

// TestCounts: visits and circulations counted by the server per quarter
// hour (members and guests apart, each kind apart), visitors over the
// period by purpose and demographics, for the kiosks of a prefix; the
// end of the period is left out.
func TestCounts(t *testing.T) {
	s := open(t, pgtest.Shared(t).NewDatabase(t))
	q0 := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	q1 := q0.Add(sitebook.Quarter)
	s.Put(ctx, "lt1", sitebook.Batch{
		Visits: []kiosk.Visit{
			{ID: 1, At: q0, Card: "x"}, {ID: 2, At: q0.Add(14 * time.Minute), Card: "y"},
			{ID: 3, At: q0.Add(time.Minute), Purpose: "membaca", Guest: kiosk.Guest{Gender: "P"}},
			{ID: 4, At: q1, Purpose: "membaca", Guest: kiosk.Guest{Gender: "P"}},
			{ID: 5, At: q1.Add(sitebook.Quarter), Card: "z"}, // the end: left out
		},
		Tallies: []kiosk.Tally{{ID: 1, At: q0, Op: kiosk.OpCheckout}, {ID: 2, At: q0.Add(time.Minute), Op: kiosk.OpCheckout}, {ID: 3, At: q1, Op: kiosk.OpRenew}},
	})
	s.Put(ctx, "other", sitebook.Batch{Visits: []kiosk.Visit{{ID: 1, At: q0, Card: "w"}}})
	from, to := q0, q1.Add(sitebook.Quarter)
	var vq []sitebook.VisitQuarter
	if err := s.VisitQuarters(ctx, from, to, "lt", func(q sitebook.VisitQuarter) error { vq = append(vq, q); return nil }); err != nil {
		t.Fatal(err)
	}
	wantVQ := []sitebook.VisitQuarter{{At: q0, Member: false, N: 1}, {At: q0, Member: true, N: 2}, {At: q1, Member: false, N: 1}}
	if !slices.EqualFunc(vq, wantVQ, func(a, b sitebook.VisitQuarter) bool { return a.At.Equal(b.At) && a.Member == b.Member && a.N == b.N }) {
		t.Errorf("visit quarters %+v, want %+v", vq, wantVQ)
	}
	var groups []sitebook.VisitorGroup
	if err := s.VisitorGroups(ctx, from, to, "lt", func(g sitebook.VisitorGroup) error { groups = append(groups, g); return nil }); err != nil {
		t.Fatal(err)
	}
	wantG := []sitebook.VisitorGroup{{Member: false, Purpose: "membaca", Gender: "P", N: 2}, {Member: true, N: 2}}
	if !slices.Equal(groups, wantG) {
		t.Errorf("visitor groups %+v, want %+v", groups, wantG)
	}
	var tq []sitebook.TallyQuarter
	if err := s.TallyQuarters(ctx, from, to, "", func(q sitebook.TallyQuarter) error { tq = append(tq, q); return nil }); err != nil {
		t.Fatal(err)
	}
	wantTQ := []sitebook.TallyQuarter{{At: q0, Op: kiosk.OpCheckout, N: 2}, {At: q1, Op: kiosk.OpRenew, N: 1}}
	if !slices.EqualFunc(tq, wantTQ, func(a, b sitebook.TallyQuarter) bool { return a.At.Equal(b.At) && a.Op == b.Op && a.N == b.N }) {
		t.Errorf("tally quarters %+v, want %+v", tq, wantTQ)
	}
}
