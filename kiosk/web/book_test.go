package web

import (
	"bytes"
	"image/png"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/anjungan/anjungan/booking"
	"github.com/anjungan/anjungan/devices/vision"
)

// A booking made on the phone is in the kiosk's store, under the
// patron's card, and its QR code is a token the kiosk's check-in takes.
func TestBookOnThePhoneCheckInAtTheKiosk(t *testing.T) {
	f := newFixture(t)
	b := f.browser(t)
	r := b.signIn(siti.Card, siti.PIN)
	if !strings.Contains(r.body, "Prusa MK4") || !strings.Contains(text(r.body), "Signed in as Siti") {
		t.Fatalf("equipment list:\n%s", text(r.body))
	}
	if !strings.Contains(r.body, `<span class="badge closed">Closed now</span>`) { // 07:30
		t.Fatalf("live state missing:\n%s", r.body)
	}

	day := b.get("/equipment/printer-1")
	if day.status != http.StatusOK || !strings.Contains(text(day.body), "08:00, free") || !strings.Contains(day.body, `aria-current="date"`) {
		t.Fatalf("day view %d:\n%s", day.status, text(day.body))
	}
	pick := b.get("/equipment/printer-1?day=2026-11-23&time=08:00")
	for _, want := range []string{`name="duration"`, `value="60" checked`, `value="240"`, "Start at 08:00"} {
		if !strings.Contains(pick.body, want) {
			t.Fatalf("durations lack %q:\n%s", want, pick.body)
		}
	}
	confirm := b.post("/confirm", bookForm("printer-1", "2026-11-23", "08:00", "120"))
	if confirm.status != http.StatusOK || !strings.Contains(text(confirm.body), "23 Nov 2026 08:00–10:00") || !strings.Contains(text(confirm.body), "2 h") {
		t.Fatalf("confirm %d:\n%s", confirm.status, text(confirm.body))
	}
	if n, _ := f.store.Upcoming(ctx, siti.Card); len(n) != 0 {
		t.Fatal("the confirmation page booked already")
	}
	booked := b.post("/book", bookForm("printer-1", "2026-11-23", "08:00", "120"))
	id := bookingID(t, booked.path)
	if !strings.Contains(text(booked.body), "Booked! Your QR code is below.") {
		t.Fatalf("booked page:\n%s", text(booked.body))
	}

	// The kiosk's store has it.
	n, _ := strconv.ParseInt(id, 10, 64)
	bk, err := f.store.Booking(ctx, n)
	if err != nil || bk.Patron != siti.Card || bk.Resource != "printer-1" || bk.Duration() != 2*time.Hour ||
		!bk.Start.Equal(time.Date(2026, 11, 23, 8, 0, 0, 0, jakarta)) || bk.Kiosk != "web" || bk.State != booking.Confirmed {
		t.Fatalf("stored booking %+v, %v", bk, err)
	}
	if !strings.Contains(booked.body, "Code: "+bk.Code) || len(bk.Code) != 6 {
		t.Fatalf("code %q not on the page", bk.Code)
	}

	// Its QR code decodes to a token the kiosk's signer verifies.
	if !strings.Contains(booked.body, `src="/bookings/`+id+`/qr.png"`) {
		t.Fatalf("no QR image:\n%s", booked.body)
	}
	img := b.get("/bookings/" + id + "/qr.png")
	if img.status != http.StatusOK || img.header.Get("Content-Type") != "image/png" || img.header.Get("Cache-Control") != "no-store" {
		t.Fatalf("qr: %d %v", img.status, img.header)
	}
	pic, err := png.Decode(bytes.NewReader([]byte(img.body)))
	if err != nil {
		t.Fatal(err)
	}
	res, err := vision.NewDecoder().Decode(vision.Gray(nil, pic))
	if err != nil {
		t.Fatalf("QR does not decode: %v", err)
	}
	tok, err := signer.Verify(res.Text, f.clock.Now())
	if err != nil || tok.Booking != n || !tok.Expires.Equal(bk.Start.Add(15*time.Minute)) {
		t.Fatalf("token %+v: %v", tok, err)
	}
	// The calendar file.
	ics := b.get("/bookings/" + id + "/calendar.ics")
	if ics.status != http.StatusOK || !strings.HasPrefix(ics.header.Get("Content-Type"), "text/calendar") ||
		!strings.Contains(ics.body, "BEGIN:VEVENT") || !strings.Contains(ics.body, "DTSTART:20261123T010000Z") ||
		!strings.Contains(ics.header.Get("Content-Disposition"), bk.Code) {
		t.Fatalf("ics %d %v:\n%s", ics.status, ics.header, ics.body)
	}
	if strings.Contains(ics.body, siti.Card) {
		t.Fatal("the calendar names the card")
	}

	// The kiosk checks it in (at 07:50, in the window).
	f.clock.Set(time.Date(2026, 11, 23, 7, 50, 0, 0, jakarta))
	if got, err := f.store.CheckIn(ctx, tok.Booking, "k1"); err != nil || got.State != booking.CheckedIn {
		t.Fatalf("kiosk check-in: %+v %v", got, err)
	}
}

// Every rule of the service applies on the web, with its message.
func TestBookingRulesRefuse(t *testing.T) {
	f := newFixture(t)
	cases := []struct {
		name, card, pin string
		form            url.Values
		status          int
		want            string
	}{
		{"too young", andi.Card, andi.PIN, bookForm("laser-1", "2026-11-24", "10:00", "60"), http.StatusForbidden, "for ages 16 and over"},
		{"no certificate", budi.Card, budi.PIN, bookForm("laser-1", "2026-11-24", "10:00", "60"), http.StatusForbidden, `"laser cutter safety" certificate`},
		{"daily quota", siti.Card, siti.PIN, bookForm("printer-2", "2026-11-23", "13:00", "60"), http.StatusForbidden, "daily limit of 4 hours"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := f.browser(t)
			b.signIn(c.card, c.pin)
			if c.name == "daily quota" {
				if r := b.book("printer-1", "2026-11-23", "08:00", "240"); r.status != http.StatusOK {
					t.Fatalf("first booking: %d %s", r.status, text(r.body))
				}
			}
			b.get("/equipment/" + c.form.Get("resource"))
			r := b.post("/book", c.form)
			if r.status != c.status || !strings.Contains(text(r.body), c.want) {
				t.Fatalf("got %d, want %d with %q:\n%s", r.status, c.status, c.want, text(r.body))
			}
		})
	}
}

// A time booked by someone else between the day view and the booking
// goes back to the day, which shows it taken.
func TestSlotTakenMeanwhile(t *testing.T) {
	f := newFixture(t)
	a, b := f.browser(t), f.browser(t)
	a.signIn(siti.Card, siti.PIN)
	b.signIn(budi.Card, budi.PIN)
	b.get("/equipment/sewing-1?day=2026-11-24&time=09:00")
	if r := a.book("sewing-1", "2026-11-24", "09:00", "60"); r.status != http.StatusOK {
		t.Fatalf("a: %d", r.status)
	}
	r := b.post("/book", bookForm("sewing-1", "2026-11-24", "09:00", "60"))
	if r.status != http.StatusConflict || !strings.Contains(text(r.body), "09:00, booked") {
		t.Fatalf("b: %d\n%s", r.status, text(r.body))
	}
}
