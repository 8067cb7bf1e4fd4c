package web

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/anjungan/anjungan/booking"
	"github.com/anjungan/anjungan/booking/postgres"
	"github.com/anjungan/anjungan/booking/postgres/pgtest"
	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/sqlite"
)

// sharedNow is the test's moment: Monday 23 November 2026, 07:30 in
// Jakarta; the slots fought over are Tuesday's.
var sharedNow = time.Date(2026, 11, 23, 7, 30, 0, 0, jakarta)

// wanted are Tuesday's slots of pc-1 and pc-2, 08:00 to 15:00, each
// wanted by every writer.
func wanted() []booking.Request {
	var out []booking.Request
	for _, res := range []string{"pc-1", "pc-2"} {
		for h := 8; h < 16; h++ {
			out = append(out, booking.Request{Resource: res, Start: booking.Date("2026-11-24").At(h*60, jakarta), Duration: time.Hour})
		}
	}
	return out
}

// contest is what a writer saw.
type contest struct {
	Booked, Taken int
	Other         []string
}

// TestKiosksAndWebOnePostgres: two kiosk processes and the patrons' web
// server on one PostgreSQL makerspace, eight writers each, every slot
// wanted by all 24: no two bookings overlap (checked in SQL), and every
// refusal anyone saw was "slot taken".
func TestKiosksAndWebOnePostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	dbURL := pgtest.Shared(t).NewDatabase(t)
	store := postgres.New(dbURL)
	store.Now, store.Location, store.Logger = func() time.Time { return sharedNow }, jakarta, slog.New(slog.DiscardHandler)
	if err := store.Open(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	if err := store.SeedDemo(ctx, siti.Card); err != nil {
		t.Fatal(err)
	}
	if err := store.SetMaxActive(ctx, 0); err != nil { // one patron books many: every refusal is about the slot
		t.Fatal(err)
	}

	// Two kiosk processes.
	var kiosks [2]contest
	var procs sync.WaitGroup
	for i := range kiosks {
		exe, _ := os.Executable()
		cmd := exec.Command(exe, "-test.run=^TestWebKioskChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), "ANJUNGAN_WEB_KIOSK="+dbURL)
		cmd.Stderr = os.Stderr
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		procs.Add(1)
		go func() {
			defer procs.Done()
			b, _ := io.ReadAll(out)
			cmd.Wait()
			for _, line := range strings.Split(string(b), "\n") {
				if j, ok := strings.CutPrefix(line, "OUTCOME "); ok {
					json.Unmarshal([]byte(j), &kiosks[i])
				}
			}
		}()
	}

	// The web server, eight phones at once.
	dir := t.TempDir()
	lib := sqlite.NewDB(filepath.Join(dir, "library.db"))
	lib.Now, lib.Location, lib.PINCost = func() time.Time { return sharedNow }, jakarta, bcrypt.MinCost
	if err := lib.Open(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lib.Close() })
	if err := lib.SeedDemo(ctx); err != nil {
		t.Fatal(err)
	}
	cfg := DefaultConfig()
	cfg.InsecureCookies = true
	cfg.SignInPerAddr = Rate{Burst: 100, Every: time.Millisecond}
	srv, err := New(cfg, lib, &store.Store, signer)
	if err != nil {
		t.Fatal(err)
	}
	srv.Now, srv.Location, srv.Logger = func() time.Time { return sharedNow }, jakarta, slog.New(slog.DiscardHandler)
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	var phones [8]contest
	var wg sync.WaitGroup
	for p := range phones {
		wg.Add(1)
		go func() {
			defer wg.Done()
			phones[p] = phoneWriter(t, hs.URL)
		}()
	}
	wg.Wait()
	procs.Wait()

	booked := 0
	for i, c := range append(kiosks[:], phones[:]...) {
		if len(c.Other) > 0 {
			t.Errorf("writer %d: refusals other than slot taken: %v", i, c.Other)
		}
		if c.Booked+c.Taken+len(c.Other) == 0 {
			t.Errorf("writer %d did nothing (did its process fail?)", i)
		}
		booked += c.Booked
	}
	if booked != len(wanted()) {
		t.Errorf("%d bookings for %d slots", booked, len(wanted()))
	}
	var overlaps int
	if err := store.SQL().QueryRow(`SELECT COUNT(*) FROM bookings a JOIN bookings b ON a.resource_id = b.resource_id AND a.id < b.id
		WHERE a.state IN ('confirmed', 'checked_in', 'completed') AND b.state IN ('confirmed', 'checked_in', 'completed')
		  AND a.block_end > b.start_at AND b.block_end > a.start_at`).Scan(&overlaps); err != nil || overlaps != 0 {
		t.Fatalf("%d overlapping bookings (%v)", overlaps, err)
	}
	t.Logf("kiosks %+v, phones %+v", kiosks, phones)
}

// phoneWriter signs in on the site and books every wanted slot, in a
// random order, through the pages.
func phoneWriter(t *testing.T, base string) contest {
	var c contest
	jar, _ := cookiejar.New(nil)
	cl := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	csrf := ""
	send := func(method, path string, form url.Values) int {
		var resp *http.Response
		var err error
		if method == http.MethodGet {
			resp, err = cl.Get(base + path)
		} else {
			form.Set("csrf", csrf)
			resp, err = cl.PostForm(base+path, form)
		}
		if err != nil {
			c.Other = append(c.Other, err.Error())
			return 0
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if m := csrfField.FindStringSubmatch(string(body)); m != nil {
			csrf = m[1]
		}
		return resp.StatusCode
	}
	send(http.MethodGet, "/signin", nil)
	if st := send(http.MethodPost, "/signin", url.Values{"card": {siti.Card}, "pin": {siti.PIN}}); st != http.StatusSeeOther && st != http.StatusFound {
		c.Other = append(c.Other, fmt.Sprintf("sign in: %d", st))
		return c
	}
	send(http.MethodGet, "/equipment", nil)
	reqs := wanted()
	rand.Shuffle(len(reqs), func(i, j int) { reqs[i], reqs[j] = reqs[j], reqs[i] })
	for _, r := range reqs {
		form := url.Values{"resource": {r.Resource}, "day": {"2026-11-24"}, "time": {r.Start.In(jakarta).Format("15:04")}, "duration": {"60"}}
		switch st := send(http.MethodPost, "/book", form); st {
		case http.StatusSeeOther, http.StatusFound:
			c.Booked++
		case http.StatusConflict:
			c.Taken++
		default:
			c.Other = append(c.Other, fmt.Sprintf("book %s %s: %d", r.Resource, form.Get("time"), st))
		}
	}
	return c
}

// TestWebKioskChild is a kiosk process with eight writers booking every
// wanted slot; it does nothing in a normal run.
func TestWebKioskChild(t *testing.T) {
	dbURL := os.Getenv("ANJUNGAN_WEB_KIOSK")
	if dbURL == "" {
		t.Skip("only as a child process")
	}
	s := postgres.New(dbURL)
	s.Now, s.Location, s.Logger = func() time.Time { return sharedNow }, jakarta, slog.New(slog.DiscardHandler)
	if err := s.Open(ctx); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var mu sync.Mutex
	var c contest
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			reqs := wanted()
			rand.Shuffle(len(reqs), func(i, j int) { reqs[i], reqs[j] = reqs[j], reqs[i] })
			for _, r := range reqs {
				r.Patron = booking.Patron{Card: fmt.Sprintf("K%d-%d", os.Getpid(), g), Category: "adult", BirthDate: time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)}
				_, err := s.Book(ctx, r)
				mu.Lock()
				switch {
				case err == nil:
					c.Booked++
				case kiosk.ErrorKey(err) == booking.KeySlotTaken:
					c.Taken++
				default:
					c.Other = append(c.Other, err.Error())
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	j, _ := json.Marshal(c)
	fmt.Printf("OUTCOME %s\n", j)
}
