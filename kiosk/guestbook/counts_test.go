package guestbook_test

import (
	"context"
	"testing"
	"time"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/guestbook"
)

// TestLoadedCounts: rows loaded as counts (a site store's quarter hours)
// count as that many in every report and in the day's numbers, as the
// same visits and circulations loaded one by one do.
func TestLoadedCounts(t *testing.T) {
	ctx := context.Background()
	load := func(counts bool) *guestbook.Store {
		s, _ := open(t, false)
		l, err := s.Loader(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer l.Rollback()
		add := func(v kiosk.Visit, n int) {
			if counts {
				if err := l.Visits(ctx, v, n); err != nil {
					t.Fatal(err)
				}
				return
			}
			for range n {
				if err := l.Visit(ctx, v); err != nil {
					t.Fatal(err)
				}
			}
		}
		tally := func(c kiosk.Tally, n int) {
			if counts {
				if err := l.Tallies(ctx, c, n); err != nil {
					t.Fatal(err)
				}
				return
			}
			for range n {
				if err := l.Tally(ctx, c); err != nil {
					t.Fatal(err)
				}
			}
		}
		add(kiosk.Visit{Kiosk: "k1", Card: "member", At: monday}, 5)
		add(kiosk.Visit{Kiosk: "k1", At: monday, Purpose: "membaca", Guest: kiosk.Guest{Gender: "P"}}, 3)
		add(kiosk.Visit{Kiosk: "k2", At: monday.Add(26 * time.Hour), Purpose: "acara"}, 2)
		tally(kiosk.Tally{Kiosk: "k1", At: monday, Op: kiosk.OpCheckout}, 4)
		tally(kiosk.Tally{Kiosk: "k1", At: monday.Add(time.Hour), Op: kiosk.OpRenew}, 2)
		if err := l.Commit(); err != nil {
			t.Fatal(err)
		}
		return s
	}
	from, to := monday.Add(-9*time.Hour), monday.Add(63*time.Hour)
	for _, counts := range []bool{false, true} {
		s := load(counts)
		visits, err := s.VisitCounts(ctx, from, to, guestbook.ByDay)
		if err != nil || len(visits) != 2 || visits[0] != (guestbook.VisitRow{Group: "2026-11-23", Members: 5, Guests: 3}) ||
			visits[1] != (guestbook.VisitRow{Group: "2026-11-24", Guests: 2}) {
			t.Fatalf("counts %v: visits %+v %v", counts, visits, err)
		}
		who, err := s.VisitorCounts(ctx, from, to)
		if err != nil || who[guestbook.FieldPurpose][0] != (guestbook.ValueRow{Value: "", Members: 5}) {
			t.Fatalf("counts %v: visitors %+v %v", counts, who, err)
		}
		circ, err := s.CirculationCounts(ctx, from, to, guestbook.ByDay)
		if err != nil || len(circ) != 1 || circ[0] != (guestbook.CirculationRow{Group: "2026-11-23", Loans: 4, Renewals: 2}) {
			t.Fatalf("counts %v: circulation %+v %v", counts, circ, err)
		}
		today, err := s.Today(ctx, monday)
		if err != nil || today.Visits != 8 || today.Guests != 3 || today.Loans != 4 || today.Renewals != 2 {
			t.Fatalf("counts %v: today %+v %v", counts, today, err)
		}
		daily, err := s.Daily(ctx, from, to)
		if err != nil || len(daily) != 2 || daily[0].Visits != 8 || daily[0].Loans != 4 || daily[1].Visits != 2 {
			t.Fatalf("counts %v: daily %+v %v", counts, daily, err)
		}
	}
}
