package main

import (
	"encoding/hex"
	"testing"
	"time"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/session"
	"github.com/anjungan/anjungan/kiosk/visitorpass"
)

// TestGuestFormEndToEnd: on the kiosk's default guest book file, a guest
// without a card signs the book on the form the file configures, and an
// event's visitor pass signed with the site's secret is counted once;
// the rows are in the file.
func TestGuestFormEndToEnd(t *testing.T) {
	secret := "00112233445566778899aabbccddeeff"
	m, _, ctx := startMainWith(t, func(m *Main) {
		g := &m.Config.GuestBook
		g.Secret, g.Entrance, g.Origin, g.Gender, g.AgeGroup = secret, true, "required", "off", "off"
		g.Purposes = []string{"membaca", "diskusi"}
	})
	s := m.Session
	s.Start(session.IntentVisit)
	s.GuestStart()
	for _, r := range "Rina O'Hara" {
		s.GuestType(r)
	}
	s.GuestNext(ctx)
	for _, r := range "SMAN 1" {
		s.GuestType(r)
	}
	s.GuestNext(ctx)
	s.GuestChoose(ctx, 1) // diskusi, the library's own
	if v := s.View(); v.Screen != session.ScreenFinish || v.Message.Key != session.KeyVisitCounted || !v.Rate {
		t.Fatalf("after the form: %s %+v", v.Screen, v.Message)
	}
	s.Rate(ctx, 4)
	s.Done()

	key, _ := hex.DecodeString(secret)
	pass, err := visitorpass.Signer{Site: m.Config.Kiosk.Site, Secret: key}.Sign(visitorpass.Pass{Site: m.Config.Kiosk.Site,
		Event: "Lomba Bercerita", Number: 3, Until: time.Now().Add(24 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		s.Scan(ctx, kiosk.Scan{Code: pass}) // at the entrance, on the home screen
		s.Done()
	}
	vs, err := m.GuestBook.Visits(ctx, time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
	if err != nil || len(vs) != 2 {
		t.Fatalf("visits %+v %v", vs, err)
	}
	want := kiosk.Guest{Name: "Rina O'Hara", Origin: "SMAN 1"}
	if g := vs[0]; g.Guest != want || g.Purpose != "diskusi" || g.Card != "" || g.Kiosk != m.Config.Kiosk.ID {
		t.Fatalf("the guest's row %+v", g)
	}
	if p := vs[1]; p.Pass != "Lomba Bercerita#3" || p.Guest.Origin != "Lomba Bercerita" || p.Purpose != "acara" {
		t.Fatalf("the pass's row %+v", p)
	}
}
