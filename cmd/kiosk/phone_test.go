package main

import (
	"bytes"
	"context"
	"image/png"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/anjungan/anjungan/booking"
	"github.com/anjungan/anjungan/booking/postgres"
	"github.com/anjungan/anjungan/booking/postgres/pgtest"
	"github.com/anjungan/anjungan/devices/vision"
	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/session"
	"github.com/anjungan/anjungan/kiosk/sqlite"
	"github.com/anjungan/anjungan/kiosk/web"
)

// TestTwoKiosksAndAPhone: two kiosks and the patrons' web site share one
// PostgreSQL makerspace. A booking made on the phone shows on both
// kiosks' day views within a second, the same slot cannot be booked at a
// kiosk, and the QR code from the phone checks in at a kiosk.
func TestTwoKiosksAndAPhone(t *testing.T) {
	srv := pgtest.Shared(t)
	dbURL := srv.NewDatabase(t)
	loc := jakartaZone(t)
	now := time.Date(2026, 11, 23, 7, 30, 0, 0, loc)
	secret := strings.Repeat("cd", 32)
	seed := postgres.New(dbURL)
	seed.Logger = slog.New(slog.DiscardHandler)
	if err := seed.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := seed.SeedDemo(context.Background(), sqlite.DemoCard(1)); err != nil {
		t.Fatal(err)
	}
	seed.Close()
	shared := func(m *Main) {
		m.Config.Makerspace.Database, m.Config.Makerspace.Demo, m.Config.Makerspace.Secret = dbURL, false, secret
		m.Now = func() time.Time { return now }
	}
	a, _, ctx := startMainWith(t, shared)
	b, _, _ := startMainWith(t, shared)

	// The phone's site, on the same makerspace and kiosk A's library.
	phoneStore := postgres.New(dbURL)
	phoneStore.Now, phoneStore.Location, phoneStore.Logger = func() time.Time { return now }, loc, slog.New(slog.DiscardHandler)
	if err := phoneStore.Open(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { phoneStore.Close() })
	cfg := web.DefaultConfig()
	cfg.InsecureCookies = true
	signer := a.Session.Signer
	site, err := web.New(cfg, a.DB, &phoneStore.Store, signer)
	if err != nil {
		t.Fatal(err)
	}
	site.Now, site.Location, site.Logger = func() time.Time { return now }, loc, slog.New(slog.DiscardHandler)
	hs := httptest.NewServer(site)
	t.Cleanup(hs.Close)

	// Both kiosks show pc-1's day.
	for _, m := range []*Main{a, b} {
		m.Session.ShowMakerspace(ctx)
		m.Session.PickResource(ctx, "pc-1")
	}
	start := freeSlot(t, a.Session)
	day, clock := booking.DateOf(start, loc), start.In(loc).Format("15:04")

	// The phone books it.
	phone := newPhone(t, hs.URL)
	phone.post("/signin", url.Values{"card": {sqlite.DemoCard(2)}, "pin": {sqlite.DemoPatrons[1].PIN}})
	phone.get("/equipment/pc-1?day=" + string(day))
	phone.post("/confirm", url.Values{"resource": {"pc-1"}, "day": {string(day)}, "time": {clock}, "duration": {"60"}})
	booked := phone.post("/book", url.Values{"resource": {"pc-1"}, "day": {string(day)}, "time": {clock}, "duration": {"60"}})
	m := regexp.MustCompile(`src="(/bookings/[0-9]+/qr\.png)"`).FindStringSubmatch(booked)
	if m == nil {
		t.Fatalf("no booking on the phone:\n%s", booked)
	}
	t0 := time.Now()
	for _, k := range []*Main{a, b} {
		waitForIt(t, "the phone's booking on a kiosk's day view", func() bool {
			v := k.Session.View()
			for _, sl := range v.Makerspace.Days[v.Makerspace.Day].Slots {
				if sl.Start.Equal(start) {
					return sl.State == booking.SlotTaken
				}
			}
			return false
		})
	}
	if d := time.Since(t0); d > time.Second {
		t.Errorf("the phone's booking showed on both kiosks after %v, want within 1 s", d)
	}
	// Kiosk B cannot book it.
	other := booking.Patron{Card: sqlite.DemoCard(1), Category: "adult", BirthDate: time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)}
	if _, err := b.Makerspace.Book(ctx, booking.Request{Resource: "pc-1", Patron: other, Start: start, Duration: time.Hour}); kiosk.ErrorKey(err) != booking.KeySlotTaken {
		t.Fatalf("kiosk B booked the phone's slot: %v", err)
	}
	// The phone's QR code checks in at kiosk A, in its window.
	pic, err := png.Decode(bytes.NewReader([]byte(phone.get(m[1]))))
	if err != nil {
		t.Fatal(err)
	}
	res, err := vision.NewDecoder().Decode(vision.Gray(nil, pic))
	if err != nil {
		t.Fatal(err)
	}
	now = start.Add(-5 * time.Minute)
	a.Session.Cancel()
	a.Session.Scan(ctx, kiosk.Scan{Code: res.Text})
	if v := a.Session.View(); v.Screen != session.ScreenCheckin || v.Message.Key != booking.KeyCheckedIn {
		t.Fatalf("checking the phone's booking in at kiosk A: %s %+v", v.Screen, v.Message)
	}
}

func freeSlot(t *testing.T, s *session.Session) time.Time {
	t.Helper()
	v := s.View()
	if v.Makerspace == nil || len(v.Makerspace.Days) == 0 {
		t.Fatalf("no day view: %s %+v", v.Screen, v.Message)
	}
	for _, sl := range v.Makerspace.Days[v.Makerspace.Day].Slots {
		if sl.State == booking.SlotFree {
			return sl.Start
		}
	}
	t.Fatal("no free slot")
	return time.Time{}
}

// phone is a browser: cookies, and the last page's CSRF token.
type phone struct {
	t    *testing.T
	base string
	c    *http.Client
	csrf string
}

var csrfValue = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func newPhone(t *testing.T, base string) *phone {
	jar, _ := cookiejar.New(nil)
	p := &phone{t: t, base: base, c: &http.Client{Jar: jar}}
	p.get("/signin")
	return p
}

func (p *phone) keep(resp *http.Response, err error) string {
	p.t.Helper()
	if err != nil {
		p.t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if m := csrfValue.FindStringSubmatch(string(body)); m != nil {
		p.csrf = m[1]
	}
	return string(body)
}

func (p *phone) get(path string) string { p.t.Helper(); return p.keep(p.c.Get(p.base + path)) }

func (p *phone) post(path string, form url.Values) string {
	p.t.Helper()
	form.Set("csrf", p.csrf)
	return p.keep(p.c.PostForm(p.base+path, form))
}
