package web

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/anjungan/anjungan/booking"
	"github.com/anjungan/anjungan/kiosk/sqlite"
)

// Every field of the booking forms is checked, with a message that says
// what to do.
func TestBookingFormValidation(t *testing.T) {
	f := newFixture(t)
	b := f.browser(t)
	b.signIn(siti.Card, siti.PIN)
	b.get("/equipment")
	cases := []struct {
		name   string
		form   url.Values
		status int
		want   string
	}{
		{"bad day", bookForm("printer-1", "2026-13-01", "08:00", "60"), 400, "That day is not valid."},
		{"day not canonical", bookForm("printer-1", "2026-11-3", "08:00", "60"), 400, "That day is not valid."},
		{"past day", bookForm("printer-1", "2026-11-22", "08:00", "60"), 400, "from today up to 14 days ahead"},
		{"too far", bookForm("printer-1", "2026-12-08", "08:00", "60"), 400, "from today up to 14 days ahead"},
		{"bad time", bookForm("printer-1", "2026-11-23", "8:00", "60"), 400, "That time is not valid."},
		{"time off the grid", bookForm("printer-1", "2026-11-23", "08:30", "60"), 409, "08:30 is not free."},
		{"closed time", bookForm("printer-1", "2026-11-23", "17:00", "60"), 409, "17:00 is not free."},
		{"past time", bookForm("printer-1", "2026-11-23", "07:00", "60"), 409, "07:00 is not free."},
		{"Sunday", bookForm("printer-1", "2026-11-29", "09:00", "60"), 409, "09:00 is not free."},
		{"length not offered", bookForm("printer-1", "2026-11-23", "08:00", "90"), 400, "Choose one of the lengths offered."},
		{"length too long", bookForm("printer-1", "2026-11-23", "08:00", "300"), 400, "Choose one of the lengths offered."},
		{"length garbage", bookForm("printer-1", "2026-11-23", "08:00", "1h"), 400, "Choose one of the lengths offered."},
		{"no length", bookForm("printer-1", "2026-11-23", "08:00", ""), 400, "Choose one of the lengths offered."},
		{"unknown resource", bookForm("printer-9", "2026-11-23", "08:00", "60"), 404, "This equipment does not exist"},
		{"bad resource", bookForm("../etc", "2026-11-23", "08:00", "60"), 404, "This equipment does not exist"},
	}
	for _, c := range cases {
		for _, path := range []string{"/confirm", "/book"} {
			t.Run(c.name+" "+path, func(t *testing.T) {
				r := b.post(path, c.form)
				if r.status != c.status || !strings.Contains(text(r.body), c.want) {
					t.Fatalf("%d, want %d with %q:\n%s", r.status, c.status, c.want, text(r.body))
				}
			})
		}
	}
	if bs, _ := f.store.Upcoming(ctx, siti.Card); len(bs) != 0 {
		t.Fatalf("a refused form booked: %+v", bs)
	}
	// A length's problem is linked to the lengths' fieldset.
	r := b.post("/confirm", bookForm("printer-1", "2026-11-23", "08:00", "90"))
	if !strings.Contains(r.body, `<fieldset id="duration" aria-describedby="duration-error">`) || !strings.Contains(r.body, `<a href="#duration">`) {
		t.Fatalf("length error not linked:\n%s", r.body)
	}
	// The day page's query is checked the same way.
	r = b.get("/equipment/printer-1?day=tomorrow")
	if r.status != 400 || !strings.Contains(text(r.body), "That day is not valid.") {
		t.Fatalf("bad ?day: %d %s", r.status, text(r.body))
	}
}

func TestSignInValidation(t *testing.T) {
	f := newFixture(t)
	cases := []struct {
		name, card, pin string
		status          int
		field, want     string
	}{
		{"no card", "", "1234", 400, "card", "Please type your library card number."},
		{"spaces in card", "2000 1000", "1234", 400, "card", "A card number is 1 to 64 letters and digits."},
		{"no PIN", siti.Card, "", 400, "pin", "Please type your PIN."},
		{"long PIN", siti.Card, strings.Repeat("1", 65), 400, "pin", "A PIN is at most 64 characters."},
		// An unknown card is answered as a wrong PIN: the site tells no
		// one which card numbers exist.
		{"unknown card", "20009999999999", "1234", 401, "pin", "The card number or the PIN is not right. 4 tries left."},
		{"expired card", sqlite.DemoPatrons[3].Card, sqlite.DemoPatrons[3].PIN, 403, "", "Your card has expired."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := f.browser(t)
			b.get("/signin")
			r := b.post("/signin", url.Values{"card": {c.card}, "pin": {c.pin}})
			if r.status != c.status || !strings.Contains(text(r.body), c.want) {
				t.Fatalf("%d, want %d with %q:\n%s", r.status, c.status, c.want, text(r.body))
			}
			if c.field != "" && !strings.Contains(r.body, `aria-describedby="`+c.field+`-error"`) {
				t.Fatalf("error not linked to %s:\n%s", c.field, r.body)
			}
			if c.pin != "" && strings.Contains(r.body, c.pin) {
				t.Fatal("the PIN is echoed")
			}
		})
	}
}

func TestCancelBooking(t *testing.T) {
	f := newFixture(t)
	b := f.browser(t)
	b.signIn(siti.Card, siti.PIN)
	booked := b.book("sewing-1", "2026-11-24", "10:00", "60")
	id := bookingID(t, booked.path)
	list := b.get("/bookings")
	if !strings.Contains(text(list.body), "Mesin jahit Janome 1") || !strings.Contains(list.body, `href="/bookings/`+id+`/cancel"`) {
		t.Fatalf("my bookings:\n%s", text(list.body))
	}
	ask := b.get("/bookings/" + id + "/cancel")
	if ask.status != 200 || !strings.Contains(text(ask.body), "Cancel this booking? Mesin jahit Janome 1, 24 Nov 2026 10:00–11:00") {
		t.Fatalf("confirm step:\n%s", text(ask.body))
	}
	if bs, _ := f.store.Upcoming(ctx, siti.Card); len(bs) != 1 {
		t.Fatal("asking cancelled")
	}
	// Someone else cannot see or cancel it.
	other := f.browser(t)
	other.signIn(budi.Card, budi.PIN)
	for _, p := range []string{"/bookings/" + id, "/bookings/" + id + "/qr.png", "/bookings/" + id + "/calendar.ics", "/bookings/" + id + "/cancel"} {
		if r := other.get(p); r.status != 404 || !strings.Contains(text(r.body), "Booking not found.") {
			t.Fatalf("another patron's %s: %d", p, r.status)
		}
	}
	if r := other.post("/bookings/"+id+"/cancel", nil); r.status != 404 {
		t.Fatalf("another patron cancels: %d", r.status)
	}
	r := b.post("/bookings/"+id+"/cancel", nil)
	if r.path != "/bookings" || !strings.Contains(text(r.body), "Booking cancelled.") || !strings.Contains(text(r.body), "No upcoming bookings.") {
		t.Fatalf("after cancel: %s\n%s", r.path, text(r.body))
	}
	var n int64
	for _, c := range id {
		n = n*10 + int64(c-'0')
	}
	if bk, _ := f.store.Booking(ctx, n); bk.State != booking.Cancelled || bk.ClosedBy != "patron" {
		t.Fatalf("stored: %+v", bk)
	}
	// The booking page now has no QR code.
	if r := b.get("/bookings/" + id); strings.Contains(r.body, "qr.png") || !strings.Contains(text(r.body), "no check-in code any more") {
		t.Fatalf("cancelled booking's page:\n%s", text(r.body))
	}
}

// The studio may be cancelled only until 2 h before: later, the
// service's refusal is said.
func TestCancelTooLate(t *testing.T) {
	f := newFixture(t)
	b := f.browser(t)
	b.signIn(siti.Card, siti.PIN)
	id := bookingID(t, b.book("studio", "2026-11-23", "10:00", "60").path)
	f.clock.Set(time.Date(2026, 11, 23, 8, 30, 0, 0, jakarta))
	b.signIn(siti.Card, siti.PIN)
	if r := b.get("/bookings"); strings.Contains(r.body, "/cancel") {
		t.Fatalf("offered to cancel too late:\n%s", r.body)
	}
	b.get("/bookings/" + id + "/cancel")
	r := b.post("/bookings/"+id+"/cancel", nil)
	if !strings.Contains(text(r.body), "can only be cancelled until") {
		t.Fatalf("too late: %s", text(r.body))
	}
}

func TestLanguage(t *testing.T) {
	f := newFixture(t)
	b := f.browser(t)
	b.lang = "fr-FR, id;q=0.8, en;q=0.5"
	r := b.get("/signin")
	if !strings.Contains(r.body, `<html lang="id">`) || !strings.Contains(r.body, "Nomor kartu perpustakaan") {
		t.Fatalf("Accept-Language id:\n%s", r.body)
	}
	r = b.post("/lang", url.Values{"lang": {"en"}, "next": {"/signin"}})
	if r.path != "/signin" || !strings.Contains(r.body, `<html lang="en">`) || !strings.Contains(r.body, "Library card number") {
		t.Fatalf("switched to English: %s\n%s", r.path, r.body)
	}
	b.signIn(siti.Card, siti.PIN) // the choice outlives signing in
	if r := b.get("/equipment"); !strings.Contains(r.body, "Free now") && !strings.Contains(r.body, "Closed now") {
		t.Fatalf("English after sign-in:\n%s", text(r.body))
	}
	// An address elsewhere is never where the switch goes.
	if r := b.post("/lang", url.Values{"lang": {"id"}, "next": {"//evil.example/"}}); r.path != "/equipment" {
		t.Fatalf("next elsewhere went to %s", r.path)
	}
}

// brokenStore is a booking service whose store is broken.
type brokenStore struct{ booking.Service }

func (brokenStore) Availability(context.Context, booking.Date, int, ...string) ([]booking.Availability, error) {
	return nil, errors.New("disk I/O error at /var/lib/secret/makerspace.db")
}

// A fault is an apology to the patron and a line in the log, never its
// details on the page.
func TestFaultIsNotShown(t *testing.T) {
	f := newFixture(t)
	b := f.browser(t)
	b.signIn(siti.Card, siti.PIN)
	f.srv.Booking = brokenStore{f.srv.Booking}
	r := b.get("/equipment")
	if r.status != 500 || strings.Contains(r.body, "disk I/O") || !strings.Contains(text(r.body), "Sorry, something went wrong.") {
		t.Fatalf("%d:\n%s", r.status, text(r.body))
	}
	if !strings.Contains(f.logs.String(), "disk I/O error") {
		t.Fatal("the fault is not logged")
	}
}
