package sip2_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/anjungan/anjungan/kiosk/sip2"
	"github.com/anjungan/anjungan/kiosk/sip2/sip2test"
)

// BenchmarkCheckoutRoundTrip runs checkouts on one connection to the fake
// ACS over loopback, one after another (no pipelining), and reports
// transactions per second and p50/p99 round trips. Goal: ≥ 5,000/s,
// p99 ≤ 1 ms.
func BenchmarkCheckoutRoundTrip(b *testing.B) {
	s := sip2test.Start(b, sip2test.Quirks{})
	s.AddPatron(sip2test.Patron{Card: "2001", PIN: "1234", Name: "Siti"})
	const items = 1000
	for i := range items {
		s.AddItem(sip2test.Item{Barcode: fmt.Sprintf("3%05d", i), Title: "Buku"})
	}
	c := &sip2.Client{Addr: s.Addr(), User: "kiosk", Password: "sip-secret", Institution: "perpus",
		Options: sip2.Options{ErrorDetection: true, Resends: 2}}
	ctx := context.Background()
	if _, err := c.Item(ctx, "300000"); err != nil { // connect and log in
		b.Fatal(err)
	}
	creds := siti
	times := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		barcode := fmt.Sprintf("3%05d", i%items)
		t0 := time.Now()
		var err error
		if i/items%2 == 0 {
			_, err = c.Checkout(ctx, creds, barcode)
		} else {
			_, err = c.Checkin(ctx, barcode)
		}
		times = append(times, time.Since(t0))
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	slices.Sort(times)
	q := func(p float64) float64 { return float64(times[int(p*float64(len(times)-1))]) / 1e6 }
	b.ReportMetric(float64(len(times))/b.Elapsed().Seconds(), "tx/s")
	b.ReportMetric(q(0.5), "p50-ms")
	b.ReportMetric(q(0.99), "p99-ms")
}

// BenchmarkPatronInformation50 encodes and decodes a Patron Information
// answer listing 50 loans: allocations per operation are the figure.
func BenchmarkPatronInformation50(b *testing.B) {
	m := sip2.Message{Code: "64", Fixed: strings.Repeat(" ", 14) + "001" + when + "0000000000500000" + "00000000"}
	m.Add("AO", "perpus").Add("AA", "20001000000012").Add("AE", "Siti Rahmawati").Add("BL", "Y").Add("CQ", "Y")
	for i := range 50 {
		m.Add("AU", fmt.Sprintf("3000100000%04d", i))
	}
	opt := sip2.EncodeOptions{ErrorDetection: true}
	b.ReportAllocs()
	for b.Loop() {
		frame, err := sip2.Encode(m, opt)
		if err != nil {
			b.Fatal(err)
		}
		got, err := sip2.Parse(frame)
		if err != nil {
			b.Fatal(err)
		}
		if p, err := sip2.DecodePatron(got); err != nil || len(p.Charged) != 50 {
			b.Fatalf("%d %v", len(p.Charged), err)
		}
	}
}
