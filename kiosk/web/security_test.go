package web

import (
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"

	kiosksession "github.com/anjungan/anjungan/kiosk/session"
)

// A form without the session's CSRF token is refused, whatever it is.
func TestCSRF(t *testing.T) {
	f := newFixture(t)
	other := f.browser(t)
	other.get("/signin")
	cases := []struct {
		name, path string
		form       url.Values
	}{
		{"book without token", "/book", url.Values{"csrf": {""}}},
		{"book with a wrong token", "/book", url.Values{"csrf": {"x" + strings.Repeat("A", 42)}}},
		{"book with another session's token", "/book", url.Values{"csrf": {other.csrf}}},
		{"cancel without token", "/bookings/1/cancel", url.Values{"csrf": {""}}},
		{"sign out without token", "/signout", url.Values{"csrf": {""}}},
		{"language without token", "/lang", url.Values{"csrf": {""}, "lang": {"id"}}},
	}
	b := f.browser(t)
	b.signIn(siti.Card, siti.PIN)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for k, v := range bookForm("printer-1", "2026-11-23", "08:00", "60") {
				c.form[k] = v
			}
			r := b.post(c.path, c.form)
			if r.status != http.StatusForbidden || !strings.Contains(text(r.body), "This form has expired or did not come from this site") {
				t.Fatalf("%d:\n%s", r.status, text(r.body))
			}
		})
	}
	if bs, _ := f.store.Upcoming(ctx, siti.Card); len(bs) != 0 {
		t.Fatalf("a refused form booked: %+v", bs)
	}
	// A sign-in form posted without the cookie it came with (another
	// site's form) is refused too.
	stranger := f.browser(t)
	r := stranger.post("/signin", url.Values{"csrf": {b.csrf}, "card": {siti.Card}, "pin": {siti.PIN}})
	if r.status != http.StatusForbidden {
		t.Fatalf("sign-in without a session: %d", r.status)
	}
	// And the right token works.
	if r := b.post("/signout", nil); r.status != http.StatusOK || !strings.Contains(text(r.body), "You have signed out.") {
		t.Fatalf("sign out: %d %s", r.status, text(r.body))
	}
}

func TestSessionExpiry(t *testing.T) {
	f := newFixture(t)
	b := f.browser(t)
	b.signIn(siti.Card, siti.PIN)
	// Busy: every 14 minutes a page, until the absolute limit of 8 h.
	for i := 0; i < 34; i++ {
		f.clock.Advance(14 * time.Minute)
		if r := b.get("/equipment"); r.path != "/equipment" {
			t.Fatalf("after %v: at %s", time.Duration(i+1)*14*time.Minute, r.path)
		}
	}
	f.clock.Advance(14 * time.Minute) // 8 h 10 min after sign-in
	r := b.get("/bookings")
	if r.path != "/signin" || !strings.Contains(text(r.body), "Your session has ended. Please sign in again.") {
		t.Fatalf("past 8 h: %s\n%s", r.path, text(r.body))
	}
	// Idle: 15 minutes without a request.
	b.signIn(siti.Card, siti.PIN)
	old := b.csrf
	f.clock.Advance(15 * time.Minute)
	r = b.get("/equipment/printer-1")
	if r.path != "/signin" || !strings.Contains(text(r.body), "Your session has ended.") {
		t.Fatalf("idle: %s\n%s", r.path, text(r.body))
	}
	// A form of the ended session is refused.
	form := bookForm("printer-1", "2026-11-23", "10:00", "60")
	form.Set("csrf", old)
	if r := b.post("/book", form); r.status != http.StatusForbidden {
		t.Fatalf("ended session's form: %d", r.status)
	}
	// Signed out of a page never signed in to: asked to sign in.
	if r := f.browser(t).get("/bookings"); r.path != "/signin" || !strings.Contains(text(r.body), "Please sign in first.") {
		t.Fatalf("not signed in: %s", r.path)
	}
}

// Five wrong PINs lock the card in the guard the server is given: the
// kiosk sharing that guard refuses the card too.
func TestLockout(t *testing.T) {
	guard := &kiosksession.Lockout{Max: 5, For: 15 * time.Minute}
	f := newFixture(t)
	f.srv.Lockout = guard
	b := f.browser(t)
	b.get("/signin")
	for i := 4; i >= 1; i-- {
		r := b.post("/signin", url.Values{"card": {siti.Card}, "pin": {"9999"}})
		want := "The card number or the PIN is not right. " + itoa(i) + " tries left."
		if r.status != http.StatusUnauthorized || !strings.Contains(text(r.body), want) {
			t.Fatalf("wrong PIN: %d\n%s", r.status, text(r.body))
		}
		if !strings.Contains(r.body, `aria-describedby="pin-error"`) || strings.Contains(r.body, "9999") {
			t.Fatal("the PIN's error is not linked to the field, or the PIN is echoed")
		}
	}
	r := b.post("/signin", url.Values{"card": {siti.Card}, "pin": {"9999"}})
	if r.status != http.StatusForbidden || !strings.Contains(text(r.body), "This card is locked for 15 minutes") {
		t.Fatalf("fifth: %d\n%s", r.status, text(r.body))
	}
	if _, locked, _ := guard.Locked(ctx, siti.Card, f.clock.Now()); !locked {
		t.Fatal("the shared guard does not know the card is locked")
	}
	r = b.post("/signin", url.Values{"card": {siti.Card}, "pin": {siti.PIN}})
	if r.status != http.StatusForbidden || !strings.Contains(text(r.body), "locked for 15 minutes") {
		t.Fatalf("right PIN while locked: %d\n%s", r.status, text(r.body))
	}
	b.lang = "id"
	f.clock.Advance(5 * time.Minute)
	r = b.post("/signin", url.Values{"card": {siti.Card}, "pin": {siti.PIN}})
	if !strings.Contains(text(r.body), "Kartu ini dikunci selama 10 menit") {
		t.Fatalf("in Indonesian, 10 minutes left:\n%s", text(r.body))
	}
	f.clock.Advance(10 * time.Minute)
	b.signIn(siti.Card, siti.PIN)
	if strings.Contains(f.logs.String(), siti.PIN) || strings.Contains(f.logs.String(), "9999") || strings.Contains(f.logs.String(), siti.Card) {
		t.Fatalf("a PIN or a whole card in the log:\n%s", f.logs.String())
	}
}

func TestSignInRateLimit(t *testing.T) {
	f := newFixture(t, func(c *Config) {
		c.SignInPerAddr = Rate{Burst: 3, Every: 10 * time.Second}
		c.SignInPerCard = Rate{Burst: 2, Every: time.Minute}
		c.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
	})
	b := f.browser(t)
	b.get("/signin")
	b.xff = "203.0.113.7"
	for i := 0; i < 3; i++ {
		b.post("/signin", url.Values{"card": {"2000000000000" + itoa(i)}, "pin": {"1"}})
	}
	r := b.post("/signin", url.Values{"card": {siti.Card}, "pin": {siti.PIN}})
	if r.status != http.StatusTooManyRequests || r.header.Get("Retry-After") != "10" || !strings.Contains(text(r.body), "wait 10 seconds") {
		t.Fatalf("fourth from one address: %d %q\n%s", r.status, r.header.Get("Retry-After"), text(r.body))
	}
	// Another client behind the trusted proxy has its own bucket; the
	// card's bucket holds across addresses.
	b.xff = "198.51.100.1, 203.0.113.8"
	for i := 0; i < 2; i++ {
		if r := b.post("/signin", url.Values{"card": {budi.Card}, "pin": {"0000"}}); r.status != http.StatusUnauthorized {
			t.Fatalf("try %d: %d %s", i, r.status, text(r.body))
		}
	}
	b.xff = "203.0.113.9"
	if r := b.post("/signin", url.Values{"card": {budi.Card}, "pin": {budi.PIN}}); r.status != http.StatusTooManyRequests {
		t.Fatalf("third try of one card: %d", r.status)
	}
	f.clock.Advance(10 * time.Second)
	b.xff = "203.0.113.7"
	b.signIn(siti.Card, siti.PIN)
}

// X-Forwarded-For from a peer that is not a trusted proxy changes
// nothing: the limit holds per connection address.
func TestForwardedForIgnoredFromStrangers(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.SignInPerAddr = Rate{Burst: 2, Every: time.Minute} })
	b := f.browser(t)
	b.get("/signin")
	for i := 0; i < 2; i++ {
		b.xff = "198.51.100." + itoa(i)
		b.post("/signin", url.Values{"card": {budi.Card}, "pin": {"0000"}})
	}
	b.xff = "198.51.100.99"
	if r := b.post("/signin", url.Values{"card": {budi.Card}, "pin": {"0000"}}); r.status != http.StatusTooManyRequests {
		t.Fatalf("forged X-Forwarded-For got past the limit: %d", r.status)
	}
}

func TestHeadersAndCookie(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.InsecureCookies = false })
	req, _ := http.NewRequest(http.MethodGet, f.http.URL+"/signin", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	h := resp.Header
	csp := h.Get("Content-Security-Policy")
	if strings.Contains(csp, "unsafe") || !strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("CSP %q", csp)
	}
	for k, v := range map[string]string{"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY", "Cache-Control": "no-store"} {
		if h.Get(k) != v {
			t.Errorf("%s: %q, want %q", k, h.Get(k), v)
		}
	}
	c := h.Get("Set-Cookie")
	for _, want := range []string{"__Host-anjungan_session=", "Path=/", "HttpOnly", "Secure", "SameSite=Lax"} {
		if !strings.Contains(c, want) {
			t.Errorf("cookie %q lacks %s", c, want)
		}
	}
	if strings.Contains(c, "Domain") {
		t.Errorf("cookie %q has a domain", c)
	}
}

func TestErrorPages(t *testing.T) {
	f := newFixture(t)
	b := f.browser(t)
	b.signIn(siti.Card, siti.PIN)
	cases := []struct {
		method, path string
		status       int
		want, allow  string
	}{
		{"GET", "/nowhere", 404, "There is no page at this address.", ""},
		{"GET", "/static/nothing.css", 404, "There is no page at this address.", ""},
		{"GET", "/signout", 405, "This page cannot be used that way.", "POST"},
		{"DELETE", "/bookings", 405, "This page cannot be used that way.", "GET"},
		{"GET", "/book", 405, "cannot be used that way", "POST"},
		{"GET", "/equipment/no-such-thing", 404, "This equipment does not exist", ""},
		{"GET", "/equipment/Bad%20Id", 404, "This equipment does not exist", ""},
		{"GET", "/bookings/0", 404, "That booking number is not valid.", ""},
		{"GET", "/bookings/99999", 404, "Booking not found.", ""},
		{"GET", "/bookings/x/qr.png", 404, "That booking number is not valid.", ""},
	}
	for _, c := range cases {
		t.Run(c.method+" "+c.path, func(t *testing.T) {
			req, _ := http.NewRequest(c.method, f.http.URL+c.path, nil)
			r := b.do(req)
			if r.status != c.status || !strings.Contains(text(r.body), c.want) || r.header.Get("Allow") != c.allow {
				t.Fatalf("%d (Allow %q):\n%s", r.status, r.header.Get("Allow"), text(r.body))
			}
			if !strings.Contains(r.body, `<html lang="en">`) {
				t.Fatal("not a page of the site")
			}
		})
	}
	css := b.get("/static/style.css")
	if css.status != 200 || !strings.HasPrefix(css.header.Get("Content-Type"), "text/css") {
		t.Fatalf("style sheet: %d %v", css.status, css.header)
	}
}

func TestBodyLimit(t *testing.T) {
	f := newFixture(t)
	b := f.browser(t)
	b.get("/signin")
	r := b.post("/signin", url.Values{"card": {strings.Repeat("2", 20<<10)}, "pin": {"1"}})
	if r.status != http.StatusRequestEntityTooLarge || !strings.Contains(text(r.body), "The form sent was too large.") {
		t.Fatalf("%d\n%s", r.status, text(r.body))
	}
}

// TestSessionFlood: one address starting sessions without end (each
// visit without a cookie starts one) is told to wait after 30, and the
// sessions kept do not grow with it.
func TestSessionFlood(t *testing.T) {
	f := newFixture(t)
	before := f.srv.sessions.len()
	refused := 0
	for range 40 {
		r := f.browser(t).get("/signin") // a fresh browser each time: no cookie
		if r.status == http.StatusTooManyRequests {
			refused++
		} else if r.status != http.StatusOK {
			t.Fatalf("sign-in page: %d", r.status)
		}
	}
	if refused != 10 || f.srv.sessions.len()-before != 30 {
		t.Fatalf("%d refused, %d sessions started; want 10 and 30", refused, f.srv.sessions.len()-before)
	}
}
