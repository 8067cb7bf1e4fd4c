package main

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/anjungan/anjungan/kiosk/session"
	"github.com/anjungan/anjungan/kiosk/sqlite"
)

// BenchmarkScanToResult measures from the last byte of a scan written to
// a pseudo-terminal to the checkout result reaching the UI layer (the
// View the Session publishes), on the embedded library. Goal: p99 ≤ 1 ms.
//
// It models the kiosk's real use: visits of perScan items each by one of
// many patrons. Logging in (bcrypt) and finishing a visit happen with the
// timer stopped.
func BenchmarkScanToResult(b *testing.B) {
	const perVisit, patrons = 10, 100
	m, master, ctx := startMain(b)
	m.DB.PINCost = bcrypt.MinCost
	if err := m.DB.Exec(ctx, `INSERT INTO patron_categories (code, name, max_items, fine_limit, block_on_overdue) VALUES ('bench', 'Bench', 1000000, 0, 0)`); err != nil {
		b.Fatal(err)
	}
	cards := make([]string, patrons)
	for i := range cards {
		cards[i] = fmt.Sprintf("29%012d", i)
		if err := m.DB.AddPatron(ctx, sqlite.PatronRecord{Card: cards[i], Name: "Bench Patron", Category: "bench", Expires: "2099-12-31"}, "2468"); err != nil {
			b.Fatal(err)
		}
	}
	items := make([]sqlite.ItemRecord, b.N)
	for i := range items {
		items[i] = sqlite.ItemRecord{Barcode: fmt.Sprintf("3%013d", 500000+i), TitleRecord: sqlite.TitleRecord{Title: "Bench"}, ItemType: "buku", Loanable: true}
	}
	if err := m.DB.AddItems(ctx, items...); err != nil {
		b.Fatal(err)
	}
	waitForIt(b, "scanner connected", func() bool { return m.Readers[0].State().Connected })

	login := func(visit int) {
		m.Session.Done()
		m.Session.Start(session.IntentBorrow)
		m.Session.EnterCard(ctx, cards[visit%patrons])
		for _, d := range "2468" {
			m.Session.PINKey(byte(d))
		}
		m.Session.PINSubmit(ctx)
		if v := m.Session.View(); v.Screen != session.ScreenBorrow {
			b.Fatalf("not logged in: %+v", v.Message)
		}
	}
	done := make(chan int, 8*b.N+16) // never full: OnChange must not block
	m.Session.SetOnChange(func(v session.View) {
		if !v.Busy && v.Screen == session.ScreenBorrow && len(v.Lines) > 0 {
			done <- len(v.Lines)
		}
	})
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i%perVisit == 0 {
			b.StopTimer()
			login(i / perVisit)
			for len(done) > 0 {
				<-done
			}
			b.StartTimer()
		}
		want := i%perVisit + 1
		line := []byte(fmt.Sprintf("3%013d\r", 500000+i))
		start := time.Now()
		master.Write(line)
		for n := range done {
			if n == want {
				break
			}
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	if l := m.Session.View().Lines[0]; l.Status != session.StatusBorrowed {
		b.Fatalf("last scan: %+v", l)
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
}
