package sip2_test

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/mock"
	"github.com/anjungan/anjungan/kiosk/sip2"
	"github.com/anjungan/anjungan/kiosk/sqlite"
)

// TestServerPIN: a checkout, renewal, renew-all or patron request whose
// patron password (AD) is wrong is refused with a fully rendered screen
// message; the right one, or none (the SC vouches for the patron), is
// served.
func TestServerPIN(t *testing.T) {
	s := serveDemo(t, nil)
	siti, budi := sqlite.DemoCard(1), sqlite.DemoCard(2)
	blank := sip2.BlankDate
	checkout := func(card, pin, item string) string {
		return "11NN" + sipNow() + blank + "AOanjungan|AA" + card + "|AB" + item + "|AC|" + pin
	}
	renew := func(card, pin, item string) string {
		return "29NN" + sipNow() + blank + "AOanjungan|AA" + card + "|" + pin + "AB" + item + "|AC|"
	}
	for _, tt := range []struct {
		name, frame string
		code, ok    string // answer code and its first fixed character
		required    []string
		screen      string // AF holds it ("" : anything)
	}{
		{"checkout, wrong PIN", checkout(siti, "AD9999|", sqlite.DemoItem(1)), "12", "0", []string{"AO", "AA", "AB", "AJ", "AH"}, "Salah"},
		{"renew, wrong PIN", renew(budi, "AD0000|", sqlite.DemoItem(42)), "30", "0", []string{"AO", "AA", "AB", "AJ", "AH"}, "Salah"},
		{"renew all, wrong PIN", "65" + sipNow() + "AOanjungan|AA" + budi + "|AD0000|AC|", "66", "0", []string{"AO"}, "Salah"},
		{"patron status, wrong PIN", "23001" + sipNow() + "AOanjungan|AA" + budi + "|AC|AD0000|", "24", "", []string{"AO", "AA", "AE", "BL", "CQ"}, "Wrong PIN."},
		{"checkout, right PIN", checkout(siti, "AD1234|", sqlite.DemoItem(1)), "12", "1", []string{"AO", "AA", "AB", "AJ", "AH"}, ""},
		{"checkout, no PIN", checkout(siti, "", sqlite.DemoItem(2)), "12", "1", []string{"AO", "AA", "AB", "AJ", "AH"}, ""},
		{"renew, right PIN", renew(budi, "AD2345|", sqlite.DemoItem(4)), "30", "1", []string{"AO", "AA", "AB", "AJ", "AH"}, ""},
		{"checkout refused, right PIN", checkout(siti, "AD1234|", sqlite.DemoItem(53)), "12", "0", []string{"AO", "AA", "AB", "AJ", "AH"}, "Referensi"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := s.dial(t, true)
			m := parse(t, r.ask(tt.frame))
			if m.Code != tt.code || tt.ok != "" && m.Fixed[:1] != tt.ok {
				t.Fatalf("answer %v, want %s %s", m, tt.code, tt.ok)
			}
			for _, id := range tt.required {
				if _, ok := m.Get(id); !ok {
					t.Errorf("required field %s missing: %v", id, m)
				}
			}
			af := strings.Join(m.All("AF"), " ")
			if !strings.Contains(strings.ToLower(af), strings.ToLower(tt.screen)) {
				t.Errorf("AF %q, want %q", af, tt.screen)
			}
			if strings.ContainsAny(af, "{}") || strings.Contains(af, "pin.") || strings.Contains(af, "patron.") || strings.Contains(af, "item.") {
				t.Errorf("AF not rendered: %q", af)
			}
		})
	}
	// The refused checkout lent nothing.
	m := parse(t, s.dial(t, true).ask(itemInfo(sqlite.DemoItem(53))))
	if m.Fixed[:2] != "03" {
		t.Errorf("reference copy after a refused checkout: %v", m)
	}
	// The kiosk's own client hears a wrong PIN as one.
	c := s.client()
	if _, err := c.Checkout(context.Background(), kiosk.Credentials{Card: siti, PIN: "9999"}, sqlite.DemoItem(3)); kiosk.ErrorKey(err) != kiosk.KeyLibraryRefused {
		t.Fatalf("checkout with a wrong PIN: %v", err)
	}
	if in, err := c.CheckedIn(context.Background(), sqlite.DemoItem(3)); err != nil || !in {
		t.Fatalf("lent with a wrong PIN: %v %v", in, err)
	}
}

// TestServerScreenMessages: without a catalogue set, screen messages are
// still rendered text in the server's language, placeholders filled or
// their sentence left out, never a message key.
func TestServerScreenMessages(t *testing.T) {
	s := serveDemo(t, nil)
	r := s.dial(t, true)
	for _, frame := range []string{
		patronInfo("000", sqlite.DemoCard(1), "0000", -1, 0, 0),
		patronInfo("001", sqlite.DemoCard(2), "2345", -1, 0, 0),
		patronInfo("000", sqlite.DemoCard(2), "2345", -1, 0, 0),
		itemInfo("39999999999999"),
		"09N" + sipNow() + sipNow() + "AP|AOanjungan|AB" + sqlite.DemoItem(1) + "|AC|",
	} {
		m := parse(t, r.ask(frame))
		af := strings.Join(m.All("AF"), " ")
		if af == "" || strings.ContainsAny(af, "{}") || strings.Contains(af, "pin.") || strings.Contains(af, "patron.") || strings.Contains(af, "item.") {
			t.Errorf("%s: AF %q", frame[:2], af)
		}
	}
}

// countingPINs is the embedded library counting its PIN checks (each a
// bcrypt hash).
type countingPINs struct {
	*sqlite.DB
	checks atomic.Int32
}

func (c *countingPINs) CheckPIN(ctx context.Context, cred kiosk.Credentials) error {
	c.checks.Add(1)
	return c.DB.CheckPIN(ctx, cred)
}

// TestServerPINCache: a card and PIN verified once are not hashed again
// for a while — concurrent requests share one hash — while a wrong PIN
// always is; the record ends with its time or the patron's session.
func TestServerPINCache(t *testing.T) {
	clock := mock.NewClock(time.Now())
	var lib *countingPINs
	s := serveDemo(t, func(srv *sip2.Server) {
		lib = &countingPINs{DB: srv.Circ.(*sqlite.DB)}
		srv.Circ, srv.Now = lib, clock.Now
	})
	budi := sqlite.DemoCard(2)
	ask := func(pin, want string) {
		t.Helper()
		m := parse(t, s.dial(t, true).ask(patronInfo("001", budi, pin, sip2.SummaryCharged, 1, 10)))
		if m.Value("CQ") != want {
			t.Fatalf("PIN %s: CQ %q, want %s", pin, m.Value("CQ"), want)
		}
	}
	checks := func(want int32) {
		t.Helper()
		if got := lib.checks.Load(); got != want {
			t.Fatalf("%d PIN checks, want %d", got, want)
		}
	}
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() { defer wg.Done(); ask("2345", "Y") }()
	}
	wg.Wait()
	checks(1)
	ask("2345", "Y")
	checks(1)
	ask("0000", "N")
	ask("0000", "N")
	checks(3)
	clock.Advance(sip2.DefaultPINCache + time.Second)
	ask("2345", "Y")
	checks(4)
	// The patron's session ends: the next one checks the PIN again.
	r := s.dial(t, true)
	if got := r.ask("35" + sipNow() + "AOanjungan|AA" + budi + "|AC|AD2345|"); !strings.HasPrefix(got, "36Y") {
		t.Fatalf("end session: %q", got)
	}
	ask("2345", "Y")
	checks(5)
}
