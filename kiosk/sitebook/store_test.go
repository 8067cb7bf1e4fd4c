package sitebook_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/anjungan/anjungan/booking/postgres/pgtest"
	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/sitebook"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

var ctx = context.Background()

func open(t *testing.T, url string) *sitebook.Store {
	t.Helper()
	s := &sitebook.Store{URL: url}
	if err := s.Open(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestSiteStore: two kiosks' rows under their ids, marks per kiosk and
// kind, a row sent twice kept once, a period read back (a prefix picks
// kiosks), no guest's name or origin and no member's card stored, a bad
// row refusing its whole batch, and two kiosks migrating at once.
func TestSiteStore(t *testing.T) {
	srv := pgtest.Shared(t)
	url := srv.NewDatabase(t)
	var wg sync.WaitGroup
	stores := make([]*sitebook.Store, 2)
	errs := make([]error, 2)
	for i := range stores {
		wg.Add(1)
		go func() {
			defer wg.Done()
			stores[i] = &sitebook.Store{URL: url}
			errs[i] = stores[i].Open(ctx)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("kiosk %d migrating: %v", i, err)
		}
		defer stores[i].Close()
	}
	s := stores[0]
	at := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	k1 := sitebook.Batch{
		Visits: []kiosk.Visit{
			{ID: 1, At: at, Kiosk: "pusat-1", Card: "20001000000012"},
			{ID: 2, At: at.Add(time.Hour), Kiosk: "pusat-1", Guest: kiosk.Guest{Name: "Rina Marlina", Origin: "SMA Negeri 3", Gender: "P", AgeGroup: "13-18"}, Purpose: "membaca"},
		},
		Ratings: []kiosk.Rating{{ID: 7, At: at, Score: 5, Comment: "Ruang baca nyaman"}},
		Tallies: []kiosk.Tally{{ID: 3, At: at, Op: kiosk.OpCheckout}, {ID: 4, At: at, Op: kiosk.OpCheckin}},
		Answers: []sitebook.Answer{{ID: 1, At: at, Scores: [9]int{4, 3, 3, 4, 0, 3, 4, 2, 3}, Gender: "L", Age: 34, Education: "S1", Service: "peminjaman"}},
	}
	if err := s.Put(ctx, "pusat-1", k1); err != nil {
		t.Fatal(err)
	}
	if err := s.Put(ctx, "pusat-1", k1); err != nil { // sent again after a lost reply
		t.Fatal("a batch sent twice:", err)
	}
	if err := stores[1].Put(ctx, "pusat-2", sitebook.Batch{Tallies: []kiosk.Tally{{ID: 1, At: at, Op: kiosk.OpRenew}}}); err != nil {
		t.Fatal(err)
	}
	if err := s.Put(ctx, "cabang-1", sitebook.Batch{Tallies: []kiosk.Tally{{ID: 1, At: at, Op: kiosk.OpCheckout}}}); err != nil {
		t.Fatal(err)
	}
	if m, err := s.Marks(ctx, "pusat-1"); err != nil || m != (sitebook.Marks{Visits: 2, Ratings: 7, Tallies: 4, Answers: 1}) {
		t.Fatalf("marks %+v %v", m, err)
	}
	if m, _ := s.Marks(ctx, "nowhere"); m != (sitebook.Marks{}) {
		t.Fatalf("marks of an unknown kiosk %+v", m)
	}
	b, err := s.Read(ctx, at.Add(-time.Hour), at.Add(24*time.Hour), "pusat")
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Visits) != 2 || len(b.Ratings) != 1 || len(b.Tallies) != 3 || len(b.Answers) != 1 {
		t.Fatalf("read %d visits, %d ratings, %d tallies, %d answers", len(b.Visits), len(b.Ratings), len(b.Tallies), len(b.Answers))
	}
	v, g := b.Visits[0], b.Visits[1]
	if v.Card != "member" || !v.At.Equal(at) || v.Kiosk != "pusat-1" || g.Member() || g.Guest.Name != "" || g.Guest.Origin != "" || g.Guest.Gender != "P" || g.Purpose != "membaca" {
		t.Fatalf("visits read back %+v", b.Visits)
	}
	if a := b.Answers[0]; a.Scores != k1.Answers[0].Scores || a.Age != 34 || a.Service != "peminjaman" || b.Ratings[0].Comment != "Ruang baca nyaman" {
		t.Fatalf("answers %+v ratings %+v", b.Answers, b.Ratings)
	}
	// Nothing personal in the database at all.
	var n int
	srvCheck := func(q string) int {
		t.Helper()
		if err := rowInt(url, q, &n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if c := srvCheck(`SELECT count(*) FROM information_schema.columns WHERE table_name IN ('site_visits', 'site_ratings', 'site_circulation', 'site_skm') AND column_name IN ('name', 'origin', 'card')`); c != 0 {
		t.Fatalf("%d personal columns", c)
	}
	// A bad row refuses its batch: nothing of it is kept.
	bad := sitebook.Batch{Tallies: []kiosk.Tally{{ID: 10, At: at, Op: kiosk.OpCheckout}, {ID: 11, At: at, Op: "steal"}}}
	if err := s.Put(ctx, "pusat-1", bad); err == nil {
		t.Fatal("a bad row was stored")
	}
	if m, _ := s.Marks(ctx, "pusat-1"); m.Tallies != 4 {
		t.Fatalf("half a batch kept: marks %+v", m)
	}
	if err := s.Put(ctx, " ", k1); err == nil {
		t.Fatal("rows without a kiosk id")
	}
	if b, _ := s.Read(ctx, at.Add(-time.Hour), at.Add(time.Hour), "pusat_"); b.Len() != 0 {
		t.Fatalf("a LIKE wildcard in the prefix matched: %+v", b)
	}
}

// TestDaily: the server counts per kiosk per library day in the
// library's zone (23:30 UTC is the next morning in Jakarta).
func TestDaily(t *testing.T) {
	s := open(t, pgtest.Shared(t).NewDatabase(t))
	jkt, _ := time.LoadLocation("Asia/Jakarta")
	at := time.Date(2026, 11, 23, 9, 0, 0, 0, jkt)
	late := time.Date(2026, 11, 23, 23, 30, 0, 0, time.UTC) // 24 Nov 06:30 in Jakarta
	s.Put(ctx, "k1", sitebook.Batch{
		Visits:  []kiosk.Visit{{ID: 1, At: at, Card: "x"}, {ID: 2, At: at, Guest: kiosk.Guest{Name: "Budi"}}, {ID: 3, At: late, Card: "y"}},
		Ratings: []kiosk.Rating{{ID: 1, At: at, Score: 4}},
		Tallies: []kiosk.Tally{{ID: 1, At: at, Op: kiosk.OpCheckout}, {ID: 2, At: at, Op: kiosk.OpCheckout}, {ID: 3, At: late, Op: kiosk.OpRenew}},
		Answers: []sitebook.Answer{{ID: 1, At: at, Scores: [9]int{4, 4, 4, 4, 4, 4, 4, 4, 4}}},
	})
	s.Put(ctx, "k2", sitebook.Batch{Tallies: []kiosk.Tally{{ID: 1, At: at, Op: kiosk.OpCheckin}}})
	got, err := s.Daily(ctx, at.Add(-24*time.Hour), at.Add(48*time.Hour), jkt)
	if err != nil {
		t.Fatal(err)
	}
	want := []sitebook.KioskDay{
		{Kiosk: "k1", Day: "2026-11-23", Visits: 2, Guests: 1, Ratings: 1, Loans: 2, Answers: 1},
		{Kiosk: "k2", Day: "2026-11-23", Returns: 1},
		{Kiosk: "k1", Day: "2026-11-24", Visits: 1, Renewals: 1},
	}
	if len(got) != len(want) {
		t.Fatalf("daily %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("row %d %+v, want %+v", i, got[i], want[i])
		}
	}
}
