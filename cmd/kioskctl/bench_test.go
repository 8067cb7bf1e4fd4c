package main

import (
	"context"
	"net"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/sip2"
	"github.com/anjungan/anjungan/kiosk/sqlite"
)

// BenchmarkSIP2Serve runs checkouts and checkins, one at a time on one
// connection, against the embedded library served over SIP2 (as
// `kioskctl sip2 serve` does). Goal: ≥ 5,000/s, p99 ≤ 1 ms.
func BenchmarkSIP2Serve(b *testing.B) {
	db := sqlite.NewDB(filepath.Join(b.TempDir(), "library.db"))
	db.PINCost = bcrypt.MinCost
	if err := db.Open(context.Background()); err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	if err := db.SeedDemo(ctx); err != nil {
		b.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	sctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	srv := &sip2.Server{Circ: db, Institution: "anjungan"}
	go func() { srv.Serve(sctx, ln); close(done) }()
	defer func() { cancel(); <-done }()
	c := &sip2.Client{Addr: ln.Addr().String(), Institution: "anjungan", Options: sip2.Options{ErrorDetection: true}}
	siti := kiosk.Credentials{Card: sqlite.DemoCard(1), PIN: "1234"}
	// Siti may borrow this many; loanable copies from the start of the demo.
	items := []string{sqlite.DemoItem(1), sqlite.DemoItem(2), sqlite.DemoItem(7), sqlite.DemoItem(9)}
	times := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		item := items[(i/2)%len(items)]
		t0 := time.Now()
		if i%2 == 0 {
			_, err = c.Checkout(ctx, siti, item)
		} else {
			_, err = c.Checkin(ctx, item)
		}
		times = append(times, time.Since(t0))
		if err != nil {
			b.Fatalf("%d %s: %v", i, item, err)
		}
	}
	b.StopTimer()
	slices.Sort(times)
	q := func(p float64) float64 { return float64(times[int(p*float64(len(times)-1))]) / 1e6 }
	b.ReportMetric(float64(len(times))/b.Elapsed().Seconds(), "tx/s")
	b.ReportMetric(q(0.5), "p50-ms")
	b.ReportMetric(q(0.99), "p99-ms")
}

// BenchmarkSIP2ServePatronInfo runs Patron Information (63) with PINs
// from 20 SCs at once against the embedded library served over SIP2,
// PINs hashed at bcrypt's default cost as in a real library. Goal: p99 ≤
// 100 ms on 2 cores (the server's 98 asks for answers within 3 s). Each
// SC's first request (its patron's PIN hashed once) is before the timer;
// first-ms is the slowest of those.
func BenchmarkSIP2ServePatronInfo(b *testing.B) {
	db := sqlite.NewDB(filepath.Join(b.TempDir(), "library.db"))
	if err := db.Open(context.Background()); err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	if err := db.SeedDemo(ctx); err != nil {
		b.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	sctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	srv := &sip2.Server{Circ: db, Institution: "anjungan", Users: map[string]string{"sc": "rahasia"}}
	go func() { srv.Serve(sctx, ln); close(done) }()
	defer func() { cancel(); <-done }()
	const scs = 20
	clients := make([]*sip2.Client, scs)
	var first time.Duration
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i := range clients {
		clients[i] = &sip2.Client{Addr: ln.Addr().String(), User: "sc", Password: "rahasia", Institution: "anjungan",
			Options: sip2.Options{ErrorDetection: true}}
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := sqlite.DemoPatrons[i%len(sqlite.DemoPatrons)]
			t0 := time.Now()
			if _, _, err := clients[i].Lookup(ctx, p.Card, p.PIN); err != nil {
				b.Error(err)
			}
			mu.Lock()
			first = max(first, time.Since(t0))
			mu.Unlock()
		}()
	}
	wg.Wait()
	times := make([][]time.Duration, scs)
	b.ResetTimer()
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := sqlite.DemoPatrons[i%len(sqlite.DemoPatrons)]
			for n := i; n < b.N; n += scs {
				t0 := time.Now()
				info, _, err := clients[i].Lookup(ctx, p.Card, p.PIN)
				times[i] = append(times[i], time.Since(t0))
				if err != nil || !info.PasswordOK {
					b.Errorf("%s: %+v %v", p.Card, info, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	b.StopTimer()
	all := slices.Sorted(slices.Values(slices.Concat(times...)))
	q := func(p float64) float64 { return float64(all[int(p*float64(len(all)-1))]) / 1e6 }
	b.ReportMetric(float64(len(all))/b.Elapsed().Seconds(), "req/s")
	b.ReportMetric(q(0.5), "p50-ms")
	b.ReportMetric(q(0.99), "p99-ms")
	b.ReportMetric(float64(first)/1e6, "first-ms")
}
