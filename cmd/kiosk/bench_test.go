package main

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/anjungan/anjungan/kiosk/session"
	"github.com/anjungan/anjungan/kiosk/sqlite"
)

// BenchmarkScanToResult measures from the last byte of a scan written to
// a pseudo-terminal to the checkout result reaching the UI layer (the
// Session's OnChange), on the embedded library. Goal: p99 ≤ 1 ms.
func BenchmarkScanToResult(b *testing.B) {
	m, master, ctx := startMain(b)
	if err := m.DB.Exec(ctx, `UPDATE patron_categories SET max_items = 1000000, block_on_overdue = 0 WHERE code = 'staf'`); err != nil {
		b.Fatal(err)
	}
	items := make([]sqlite.ItemRecord, b.N)
	for i := range items {
		items[i] = sqlite.ItemRecord{Barcode: fmt.Sprintf("3%013d", 500000+i), TitleRecord: sqlite.TitleRecord{Title: "Bench"}, ItemType: "buku", Loanable: true}
	}
	if err := m.DB.AddItems(ctx, items...); err != nil {
		b.Fatal(err)
	}
	for !m.Readers[0].State().Connected {
		time.Sleep(time.Millisecond)
	}
	m.Session.Start(session.IntentBorrow)
	m.Session.EnterCard(ctx, sqlite.DemoCard(7))
	for _, d := range "7890" {
		m.Session.PINDigit(byte(d))
	}
	m.Session.PINSubmit(ctx)
	if m.Session.View().Screen != session.ScreenBorrow {
		b.Fatalf("not logged in: %+v", m.Session.View().Message)
	}
	done := make(chan int, 4*b.N+16) // never full: OnChange must not block
	m.Session.OnChange = func(v session.View) {
		if !v.Busy && len(v.Lines) > 0 {
			done <- len(v.Lines)
		}
	}
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		line := []byte(fmt.Sprintf("3%013d\r", 500000+i))
		start := time.Now()
		master.Write(line)
		for n := range done {
			if n == i+1 {
				break
			}
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
	if l := m.Session.View().Lines[0]; l.Status != session.StatusBorrowed {
		b.Fatalf("last scan: %+v", l)
	}
}
