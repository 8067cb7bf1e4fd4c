package web

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/anjungan/anjungan/booking"
	"github.com/anjungan/anjungan/devices/vision"
	"github.com/anjungan/anjungan/kiosk"
)

// A patron books on a real phone browser — headless Chromium at a phone's
// size, no JavaScript of the site's own — from signing in to the QR code
// the kiosk checks in, and cancels from "My bookings". Every key page
// passes axe-core's audit with nothing serious or critical and looks like
// its reviewed screenshot in testdata/browser.
//
// The site and the store run at 07:30 on Monday 23 November 2026 in
// Jakarta (newFixture); Siti books the Prusa MK4 for Tuesday at 10:00 for
// 2 hours. The whole test has 90 s, after axe-core is fetched.
func TestBrowserBookCheckInCancel(t *testing.T) {
	if testing.Short() {
		t.Skip("drives headless Chromium")
	}
	axe := axeScript(t)
	f := newFixture(t)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	t.Cleanup(cancel)
	p := newPhone(t, ctx, f.http.URL, axe)

	// The audit finds faults where there are some: an image with no text
	// and a page with no language.
	p.do("a faulty page", chromedp.Navigate("about:blank"),
		chromedp.Evaluate[chromedp.Void](`document.body.innerHTML = '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'`))
	if got := strings.Join(serious(p.audit()), "\n"); !strings.Contains(got, "image-alt (critical)") || !strings.Contains(got, "html-has-lang (serious)") {
		t.Fatalf("axe-core does not see a faulty page's faults:\n%s", got)
	}
	t.Logf("axe-core %s", eval[string](p, "axe.version"))

	// Sign in with the card and PIN.
	p.open("/", "#card")
	if path := p.path(); path != "/signin" {
		t.Fatalf("the site opens at %s, not the sign-in page", path)
	}
	if lang := eval[string](p, `document.documentElement.lang`); lang != "en" {
		t.Fatalf("page in %q, want English (the browser asks for it)", lang)
	}
	p.check("1-signin")
	p.do("type the card and PIN",
		chromedp.SendKeys(chromedp.ID("card"), siti.Card),
		chromedp.SendKeys(chromedp.ID("pin"), siti.PIN))
	p.click(`form[action="/signin"] button[type="submit"]`, `ul.cards a[href="/equipment/printer-1"]`)
	if path := p.path(); path != "/equipment" {
		t.Fatalf("signed in to %s", path)
	}
	if s := p.text("nav.main"); !strings.Contains(s, "Signed in as Siti") {
		t.Fatalf("navigation: %q", s)
	}
	if s := p.text("main"); !strings.Contains(s, "Prusa MK4") || !strings.Contains(s, "Closed now") {
		t.Fatalf("equipment: %q", s)
	}
	p.check("2-equipment")

	// The resource, the day, a free time and a length.
	p.click(`ul.cards a[href="/equipment/printer-1"]`, `nav.days a[aria-current="date"]`)
	if path := p.path(); path != "/equipment/printer-1" {
		t.Fatalf("the resource's day at %s", path)
	}
	p.click(`nav.days a[href$="day=2026-11-24"]`, `nav.days a[aria-current="date"][href$="day=2026-11-24"]`)
	p.click(`ul.slots a[href*="day=2026-11-24&time=10:00"]`, `#durations input[name="duration"]`)
	if path := p.path(); path != "/equipment/printer-1?day=2026-11-24&time=10:00" {
		t.Fatalf("the free time at %s", path)
	}
	if s := p.text("#duration legend"); !strings.Contains(s, "10:00") {
		t.Fatalf("lengths for %q", s)
	}
	p.do("choose 2 hours", chromedp.Click(chromedp.CSS(`#durations input[name="duration"][value="120"]`)))
	if !eval[bool](p, `document.querySelector('#durations input[value="120"]').checked && !document.querySelector('#durations input[value="60"]').checked`) {
		t.Fatal("2 hours not chosen")
	}
	p.check("3-day")

	// Confirm: nothing is booked yet.
	p.click(`#durations button[type="submit"]`, `form[action="/book"] button[type="submit"]`)
	if path := p.path(); path != "/confirm" {
		t.Fatalf("confirmation at %s", path)
	}
	if s := p.text("dl.summary"); !strings.Contains(s, "Prusa MK4") || !strings.Contains(s, "24 Nov 2026 10:00–12:00") || !strings.Contains(s, "2 h") {
		t.Fatalf("confirmation: %q", s)
	}
	if up, err := f.store.Upcoming(ctx, siti.Card); err != nil || len(up) != 0 {
		t.Fatalf("booked before confirming: %v %v", up, err)
	}
	p.check("4-confirm")

	// Book: the booking page with its QR code.
	p.click(`form[action="/book"] button[type="submit"]`, `img.qr`)
	id := bookingID(t, p.path())
	n, _ := strconv.ParseInt(id, 10, 64)
	bk, err := f.store.Booking(ctx, n)
	if err != nil || bk.Patron != siti.Card || bk.Resource != "printer-1" || bk.State != booking.Confirmed ||
		!bk.Start.Equal(time.Date(2026, 11, 24, 10, 0, 0, 0, jakarta)) || bk.Duration() != 2*time.Hour || bk.Kiosk != "web" {
		t.Fatalf("stored booking %+v: %v", bk, err)
	}
	if s := p.text("main"); !strings.Contains(s, "Code: "+bk.Code) || !strings.Contains(s, "Booked!") {
		t.Fatalf("booked page: %q", s)
	}
	if !eval[bool](p, `(() => { const i = document.querySelector("img.qr"); return i.complete && i.naturalWidth === 288; })()`) {
		t.Fatal("the QR image did not load")
	}

	// The QR code as the phone shows it decodes, with the kiosk's decoder,
	// to a token the kiosk's check-in takes: its signer verifies it during
	// the check-in window and it names this booking, live in the store.
	shot, err := chromedp.Run(p.ctx, chromedp.Screenshot(chromedp.CSS("img.qr")))
	if err != nil {
		t.Fatalf("QR screenshot: %v", err)
	}
	qr, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatal(err)
	}
	if s := qr.Bounds().Size(); s.X < 288 || s.Y < 288 {
		t.Fatalf("QR shown at %v, not 288 px", s)
	}
	res, err := vision.NewDecoder().Decode(vision.Gray(nil, qr))
	if err != nil || res.Symbology != kiosk.SymQR {
		t.Fatalf("the QR code on the page does not decode: %+v %v", res, err)
	}
	checkIn := bk.Start.Add(-5 * time.Minute)
	tok, err := signer.Verify(res.Text, checkIn)
	if err != nil || tok.Booking != n || tok.Site != signer.Site {
		t.Fatalf("token %q: %+v %v", res.Text, tok, err)
	}
	other := booking.Signer{Site: signer.Site, Secret: []byte("another site's secret, as long")}
	if _, err := other.Verify(res.Text, checkIn); err == nil {
		t.Fatal("another secret verifies the token")
	}
	if b, err := f.store.Booking(ctx, tok.Booking); err != nil || b.State != booking.Confirmed || b.Patron != siti.Card {
		t.Fatalf("the token's booking: %+v %v", b, err)
	}
	p.check("5-booked", bk.Code)

	// My bookings: cancel it.
	cancelLink := `a[href="/bookings/` + id + `/cancel"]`
	p.click(`nav.main a[href="/bookings"]`, cancelLink)
	if s := p.text("ul.cards"); !strings.Contains(s, "Prusa MK4") || !strings.Contains(s, bk.Code) {
		t.Fatalf("my bookings: %q", s)
	}
	p.check("6-bookings", bk.Code)
	p.click(cancelLink, `form[action="/bookings/`+id+`/cancel"] button.danger`)
	p.check("7-cancel", bk.Code)
	p.click(`form[action="/bookings/`+id+`/cancel"] button.danger`, `main .message.success`)
	if path := p.path(); path != "/bookings" {
		t.Fatalf("cancelled to %s", path)
	}
	if got, err := f.store.Booking(ctx, n); err != nil || got.State != booking.Cancelled {
		t.Fatalf("after cancelling, the store has %+v: %v", got, err)
	}
	if left := eval[int](p, `document.querySelectorAll('a[href^="/bookings/`+id+`"]').length`); left != 0 {
		t.Fatalf("my bookings still lists the cancelled booking (%d links)", left)
	}
	if _, err := signer.Verify(res.Text, checkIn); err != nil {
		t.Fatalf("token: %v", err) // the signature stands; the store refuses
	}
	if _, err := f.store.CheckIn(ctx, n, "k1"); err == nil {
		t.Fatal("the kiosk checks in a cancelled booking")
	}
}

// The screenshot comparison fails on a page that changed: a block the
// size of a button in another colour, or another height; it passes the
// same image with faint changes everywhere (antialiasing).
func TestBrowserSnapshotCompare(t *testing.T) {
	base := image.NewRGBA(image.Rect(0, 0, phoneWidth, 1000))
	for i := range base.Pix {
		base.Pix[i] = 0xff
	}
	faint := image.NewRGBA(base.Rect)
	copy(faint.Pix, base.Pix)
	for i := 0; i < len(faint.Pix); i += 7 {
		faint.Pix[i] -= 40
	}
	if d, limit := pixelsDiffer(faint, base); d > limit {
		t.Errorf("faint changes: %d pixels differ (at most %d)", d, limit)
	}
	button := image.NewRGBA(base.Rect)
	copy(button.Pix, base.Pix)
	for y := 100; y < 150; y++ {
		for x := 16; x < 200; x++ {
			o := button.PixOffset(x, y)
			button.Pix[o], button.Pix[o+1] = 0x0a, 0x4f
		}
	}
	if d, limit := pixelsDiffer(button, base); d <= limit {
		t.Errorf("a moved button: %d pixels differ (at most %d)", d, limit)
	}
	taller := image.NewRGBA(image.Rect(0, 0, phoneWidth, 1044))
	copy(taller.Pix, base.Pix)
	if d, limit := pixelsDiffer(taller, base); d <= limit {
		t.Errorf("a taller page: %d pixels differ (at most %d)", d, limit)
	}
}
