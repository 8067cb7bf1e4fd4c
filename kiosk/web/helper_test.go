package web

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/anjungan/anjungan/booking"
	bookingsql "github.com/anjungan/anjungan/booking/sqlite"
	"github.com/anjungan/anjungan/kiosk/mock"
	"github.com/anjungan/anjungan/kiosk/sqlite"
)

var (
	ctx        = context.Background()
	jakarta, _ = time.LoadLocation("Asia/Jakarta")
	siti       = sqlite.DemoPatrons[0] // laser cutter certificate
	budi       = sqlite.DemoPatrons[1]
	andi       = sqlite.DemoPatrons[5] // 11 years old
	signer     = booking.Signer{Site: "jakpus", Secret: []byte("a secret of sixteen bytes or more")}
)

// fixture is a Server on the demo library and the demo makerspace (real
// SQLite files) at 07:30 on Monday 23 November 2026 in Jakarta, served
// over HTTP on a loopback port.
type fixture struct {
	srv   *Server
	http  *httptest.Server
	clock *mock.Clock
	store *bookingsql.Store
	logs  *syncBuffer
}

// syncBuffer is a log sink the server's goroutines write to.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func newFixture(t testing.TB, change ...func(*Config)) *fixture {
	t.Helper()
	dir := t.TempDir()
	clock := mock.NewClock(time.Date(2026, 11, 23, 7, 30, 0, 0, jakarta))
	logs := &syncBuffer{}
	logger := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))

	lib := sqlite.NewDB(filepath.Join(dir, "library.db"))
	lib.Now, lib.Location, lib.Logger, lib.PINCost = clock.Now, jakarta, logger, bcrypt.MinCost
	if err := lib.Open(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lib.Close() })
	if err := lib.SeedDemo(ctx); err != nil {
		t.Fatal(err)
	}
	store := bookingsql.New(filepath.Join(dir, "makerspace.db"))
	store.Now, store.Location, store.Logger = clock.Now, jakarta, logger
	if err := store.Open(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	if err := store.SeedDemo(ctx, siti.Card); err != nil {
		t.Fatal(err)
	}

	cfg := DefaultConfig()
	cfg.InsecureCookies = true // httptest serves plain HTTP
	for _, c := range change {
		c(&cfg)
	}
	srv, err := New(cfg, lib, store, signer)
	if err != nil {
		t.Fatal(err)
	}
	srv.Now, srv.Location, srv.Logger = clock.Now, jakarta, logger
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	return &fixture{srv: srv, http: hs, clock: clock, store: store, logs: logs}
}

// browser is one phone: its own cookies, the CSRF token of the last page
// and a language.
type browser struct {
	t    *testing.T
	f    *fixture
	c    *http.Client
	csrf string
	lang string
	xff  string // X-Forwarded-For to send, when set
}

func (f *fixture) browser(t *testing.T) *browser {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return &browser{t: t, f: f, c: c, lang: "en"}
}

// page is a response with its body read.
type response struct {
	status int
	header http.Header
	body   string
	path   string // where it ended, after redirects
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// do sends a request and follows redirects (GET), remembering the CSRF
// token of the page it ends on.
func (b *browser) do(req *http.Request) response {
	b.t.Helper()
	for i := 0; ; i++ {
		req.Header.Set("Accept-Language", b.lang)
		if b.xff != "" {
			req.Header.Set("X-Forwarded-For", b.xff)
		}
		resp, err := b.c.Do(req)
		if err != nil {
			b.t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if loc := resp.Header.Get("Location"); resp.StatusCode/100 == 3 && loc != "" && i < 5 {
			req, _ = http.NewRequest(http.MethodGet, b.f.http.URL+loc, nil)
			continue
		}
		if m := csrfField.FindStringSubmatch(string(body)); m != nil {
			b.csrf = m[1]
		}
		return response{status: resp.StatusCode, header: resp.Header, body: string(body), path: req.URL.RequestURI()}
	}
}

func (b *browser) get(path string) response {
	b.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, b.f.http.URL+path, nil)
	return b.do(req)
}

// post sends a form with the last page's CSRF token unless the form has
// a "csrf" of its own (empty to send none).
func (b *browser) post(path string, form url.Values) response {
	b.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["csrf"]; !ok {
		form.Set("csrf", b.csrf)
	} else if form.Get("csrf") == "" {
		form.Del("csrf")
	}
	req, _ := http.NewRequest(http.MethodPost, b.f.http.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

// signIn signs in with a demo card and PIN and fails unless it worked.
func (b *browser) signIn(card, pin string) response {
	b.t.Helper()
	b.get("/signin")
	r := b.post("/signin", url.Values{"card": {card}, "pin": {pin}})
	if r.status != http.StatusOK || r.path != "/equipment" {
		b.t.Fatalf("sign in: %d at %s:\n%s", r.status, r.path, text(r.body))
	}
	return r
}

// bookForm is the form of a booking choice.
func bookForm(resource, day, clock, minutes string) url.Values {
	return url.Values{"resource": {resource}, "day": {day}, "time": {clock}, "duration": {minutes}}
}

// book books through the pages and returns the booked page.
func (b *browser) book(resource, day, clock, minutes string) response {
	b.t.Helper()
	b.get("/equipment/" + resource + "?day=" + day + "&time=" + clock)
	if r := b.post("/confirm", bookForm(resource, day, clock, minutes)); r.status != http.StatusOK {
		b.t.Fatalf("confirm: %d\n%s", r.status, text(r.body))
	}
	return b.post("/book", bookForm(resource, day, clock, minutes))
}

var tags = regexp.MustCompile(`<[^>]*>`)

// text is a page's text without tags or repeated space, for messages.
func text(body string) string {
	s := tags.ReplaceAllString(body, " ")
	for _, e := range [][2]string{{"&#34;", `"`}, {"&#39;", "'"}, {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}} {
		s = strings.ReplaceAll(s, e[0], e[1])
	}
	return strings.Join(strings.Fields(s), " ")
}

// bookingID is the id in a booked page's path.
func bookingID(t *testing.T, path string) string {
	t.Helper()
	m := regexp.MustCompile(`^/bookings/([0-9]+)$`).FindStringSubmatch(path)
	if m == nil {
		t.Fatalf("not a booking page: %s", path)
	}
	return m[1]
}
