package web

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkDayPage serves the booking page patrons use most — a
// resource's day with its free times — to 200 signed-in sessions on the
// demo makerspace, each asking for a page every 100 ms (2,000 pages/s in
// all, far more than a library's patrons do), and reports the server's
// time per page (the handler, without the network): p50 and p99. Goal:
// p99 ≤ 20 ms on 2 cores. (Two hundred requests in flight at once on 2
// cores would queue: that measures the scheduler, not a page.)
func BenchmarkDayPage(b *testing.B) {
	f := newFixture(b, func(c *Config) {
		// 200 sign-ins of one demo patron from one test address
		c.SignInPerAddr = Rate{Burst: 1000, Every: time.Millisecond}
		c.SignInPerCard = Rate{Burst: 1000, Every: time.Millisecond}
		c.NewSessionsPerAddr = Rate{Burst: 1000, Every: time.Millisecond}
	})
	const sessions = 200
	cookies := make([]*http.Cookie, sessions)
	for i := range cookies {
		cookies[i] = signInCookie(b, f)
	}
	var next atomic.Int64
	times := make([]time.Duration, b.N)
	b.ResetTimer()
	var wg sync.WaitGroup
	const every = 100 * time.Millisecond
	start := time.Now()
	for g := range sessions {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Sessions spread over the period, each on its own beat.
			tick := start.Add(every * time.Duration(g) / sessions)
			for {
				time.Sleep(time.Until(tick))
				tick = tick.Add(every)
				i := next.Add(1) - 1
				if i >= int64(b.N) {
					return
				}
				req := httptest.NewRequest(http.MethodGet, "/equipment/printer-1?day=2026-11-24", nil)
				req.AddCookie(cookies[g])
				w := httptest.NewRecorder()
				t0 := time.Now()
				f.srv.ServeHTTP(w, req)
				times[i] = time.Since(t0)
				if w.Code != http.StatusOK {
					b.Errorf("day page: %d", w.Code)
					return
				}
			}
		}()
	}
	wg.Wait()
	b.StopTimer()
	slices.Sort(times)
	q := func(p float64) float64 { return float64(times[int(p*float64(len(times)-1))]) / 1e6 }
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
	b.ReportMetric(q(0.5), "p50-ms")
	b.ReportMetric(q(0.99), "p99-ms")
}

// signInCookie signs a demo patron in over HTTP and returns the session
// cookie.
func signInCookie(b *testing.B, f *fixture) *http.Cookie {
	b.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(f.http.URL + "/signin")
	if err != nil {
		b.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := csrfField.FindStringSubmatch(string(body))
	var session *http.Cookie
	for _, ck := range resp.Cookies() {
		session = ck
	}
	if m == nil || session == nil {
		b.Fatal("no session or CSRF token on the sign-in page")
	}
	form := url.Values{"card": {siti.Card}, "pin": {siti.PIN}, "csrf": {m[1]}}
	req, _ := http.NewRequest(http.MethodPost, f.http.URL+"/signin", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(session)
	resp, err = c.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	resp.Body.Close()
	for _, ck := range resp.Cookies() {
		session = ck // a new session id at sign-in
	}
	if resp.StatusCode/100 != 3 {
		b.Fatalf("sign in: %d", resp.StatusCode)
	}
	return session
}
