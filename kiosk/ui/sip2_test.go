package ui

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/anjungan/anjungan/assets"
	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/mock"
	"github.com/anjungan/anjungan/kiosk/session"
	"github.com/anjungan/anjungan/kiosk/sip2"
	"github.com/anjungan/anjungan/kiosk/sip2/sip2test"
)

// TestFlowsOnSIP2: borrow, return, renew and My account on screen, with
// the kiosk working against the fake library system over SIP2.
func TestFlowsOnSIP2(t *testing.T) {
	acs := sip2test.Start(t, sip2test.Quirks{CRLF: true})
	acs.AddPatron(sip2test.Patron{Card: "20001000000012", PIN: "1234", Name: "Siti Rahmawati"})
	acs.AddItem(sip2test.Item{Barcode: "30001000000010", Title: "Laskar Pelangi"})
	acs.AddItem(sip2test.Item{Barcode: "30001000000028", Title: "Sang Pemimpi", Patron: "20001000000012", Due: t0.Add(48 * time.Hour)})
	circ := &sip2.Client{Addr: acs.Addr(), User: "kiosk", Password: "sip-secret", Institution: "perpus", Loc: time.UTC,
		Options: sip2.Options{ErrorDetection: true, CRLF: true}, Logger: slog.New(slog.DiscardHandler)}
	a := test.NewTempApp(t)
	cfg := session.DefaultConfig()
	cfg.Library = "Perpustakaan Uji"
	s := session.New(cfg, circ, assets.Catalog())
	s.Now = mock.NewClock(t0).Now
	u := New(context.Background(), a, s, assets.Catalog(), cfg.Library, fyne.NewStaticResource("icon.png", assets.Icon), nil)
	u.Enqueue = func(f func()) { f() }
	u.Window.Resize(fyne.NewSize(1280, 800))
	ctx := context.Background()

	tap(t, u, "Pinjam")
	s.Scan(ctx, kiosk.Scan{Code: "20001000000012"})
	for _, d := range "1234" {
		tap(t, u, string(d))
	}
	u.submitTyped()
	shows(t, u, "Halo, Siti!")
	s.Scan(ctx, kiosk.Scan{Code: "30001000000010"})
	shows(t, u, "Laskar Pelangi", "Dipinjam", "Selamat membaca") // the library system's own words
	tap(t, u, "Akun saya")
	shows(t, u, "Sang Pemimpi", "Laskar Pelangi")
	tap(t, u, "Perpanjang semua")
	if it, _ := acs.Item("30001000000028"); !it.Due.After(t0.Add(72 * time.Hour)) {
		t.Fatalf("not renewed at the library: %+v", it)
	}
	tap(t, u, "Selesai")
	shows(t, u, "Laskar Pelangi") // the receipt on screen, with the library's print line
	r := s.View().Receipt
	if r == nil || !strings.Contains(strings.Join(strings.Fields(r.Text(42)), " "), "Simpan struk ini") {
		t.Fatalf("receipt without the library's print line: %+v", r)
	}
	if strings.Contains(r.Text(42), " 1 Jan 1 ") {
		t.Fatalf("a renewal without its due date on the receipt:\n%s", r.Text(42))
	}
	tap(t, u, "Tutup")
	tap(t, u, "Kembalikan")
	s.Scan(ctx, kiosk.Scan{Code: "30001000000010"})
	shows(t, u, "Laskar Pelangi", "Dikembalikan")
	if it, _ := acs.Item("30001000000010"); it.Patron != "" {
		t.Fatal("still on loan at the library")
	}
	// The borrowing visit's end was told to the library system.
	ended := false
	for _, m := range acs.Received() {
		if m.Code == "35" && m.Value("AA") == "20001000000012" {
			ended = true
		}
	}
	if !ended {
		t.Fatal("no End Patron Session after the visit")
	}
}

func init() { _ = sip2.EndPatronSession } // keeps the import list honest if the test above changes
