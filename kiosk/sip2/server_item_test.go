package sip2_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/sip2"
	"github.com/anjungan/anjungan/kiosk/sqlite"
)

// itemInfo is a 17 for barcode.
func itemInfo(barcode string) string { return "17" + sipNow() + "AOanjungan|AB" + barcode + "|AC|" }

// TestServerItemStatus: Item Information (17) answers the copy's real
// circulation state: on loan (04) with its due date, on the hold shelf
// (08), available (03), unknown (01 with an empty title); the hold queue
// and the location.
func TestServerItemStatus(t *testing.T) {
	s := serveDemo(t, nil)
	ctx := context.Background()
	budi, err := s.db.Account(ctx, kiosk.Credentials{Card: sqlite.DemoCard(2)})
	if err != nil {
		t.Fatal(err)
	}
	dueOf := map[string]string{}
	for _, l := range budi.Loans {
		dueOf[l.Item.Barcode] = sip2.FormatDate(l.Due, time.UTC, false)
	}
	r := s.dial(t, true)
	// Ayu's copy of Bumi Manusia comes back: it goes to the hold shelf for Siti.
	back := func() {
		if got := r.ask("09N" + sipNow() + sipNow() + "AP|AOanjungan|AB" + sqlite.DemoItem(6) + "|AC|"); !strings.HasPrefix(got, "101YNY") {
			t.Fatalf("checkin of a held item: %q", got)
		}
	}
	for _, tt := range []struct {
		name     string
		before   func()
		barcode  string
		status   string
		due      string // "" : no AH
		queue    string
		title    string
		location string
	}{
		{name: "overdue loan", barcode: sqlite.DemoItem(4), status: "04", due: dueOf[sqlite.DemoItem(4)], queue: "0", title: "Sang Pemimpi", location: "Lantai 1 - Fiksi"},
		{name: "loan", barcode: sqlite.DemoItem(42), status: "04", due: dueOf[sqlite.DemoItem(42)], queue: "0", title: "Atomic Habits", location: "Lantai 2 - English"},
		{name: "loan with a hold waiting", barcode: sqlite.DemoItem(6), status: "04", due: "set", queue: "1", title: "Bumi Manusia", location: "Lantai 1 - Fiksi"},
		{name: "on the shelf", barcode: sqlite.DemoItem(1), status: "03", queue: "0", title: "Laskar Pelangi", location: "Lantai 1 - Fiksi"},
		{name: "reference, on the shelf", barcode: sqlite.DemoItem(53), status: "03", queue: "0", title: "Kamus Besar Bahasa Indonesia", location: "Lantai 2 - Referensi"},
		{name: "on the hold shelf", before: back, barcode: sqlite.DemoItem(6), status: "08", queue: "1", title: "Bumi Manusia", location: "Lantai 1 - Fiksi"},
		{name: "unknown", barcode: "39999999999999", status: "01"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if tt.before != nil {
				tt.before()
			}
			m := parse(t, r.ask(itemInfo(tt.barcode)))
			if m.Code != "18" || m.Fixed[:2] != tt.status {
				t.Fatalf("18 %q, want status %s", m.Fixed, tt.status)
			}
			if m.Value("AB") != tt.barcode || m.Value("AJ") != tt.title {
				t.Errorf("AB %q AJ %q", m.Value("AB"), m.Value("AJ"))
			}
			if _, ok := m.Get("AJ"); !ok {
				t.Error("no AJ: the title is a required field")
			}
			due, hasDue := m.Get("AH")
			switch {
			case tt.due == "" && hasDue && due != "":
				t.Errorf("AH %q on an item not on loan", due)
			case tt.due == "set" && len(due) != 18, tt.due != "" && tt.due != "set" && due != tt.due:
				t.Errorf("AH %q, want %q", due, tt.due)
			}
			if tt.status == "01" {
				if m.Value("AF") == "" {
					t.Error("an unknown item with no screen message")
				}
				return
			}
			if m.Value("CF") != tt.queue {
				t.Errorf("hold queue CF %q, want %s", m.Value("CF"), tt.queue)
			}
			if m.Value("AQ") != tt.location || m.Value("AP") != tt.location {
				t.Errorf("AQ %q AP %q, want %q", m.Value("AQ"), m.Value("AP"), tt.location)
			}
		})
	}
}

// TestServerReplayCheck: the kiosk's offline replay check against a
// second kiosk served by `sip2 serve` (item 11): an item on loan is not
// checked in; the charged list is given to the logged-in SC without the
// patron's PIN, and refused with a wrong one.
func TestServerReplayCheck(t *testing.T) {
	s := serveDemo(t, nil)
	ctx := context.Background()
	c := s.client()
	budi, siti := sqlite.DemoCard(2), sqlite.DemoCard(1)
	for _, tt := range []struct {
		barcode string
		in      bool
	}{{sqlite.DemoItem(4), false}, {sqlite.DemoItem(42), false}, {sqlite.DemoItem(1), true}} {
		if in, err := c.CheckedIn(ctx, tt.barcode); err != nil || in != tt.in {
			t.Errorf("CheckedIn(%s) = %v %v, want %v", tt.barcode, in, err, tt.in)
		}
	}
	for _, tt := range []struct {
		card, barcode string
		out           bool
	}{{budi, sqlite.DemoItem(4), true}, {budi, sqlite.DemoItem(42), true}, {siti, sqlite.DemoItem(4), false}, {budi, sqlite.DemoItem(1), false}} {
		if out, err := c.CheckedOutTo(ctx, tt.card, tt.barcode); err != nil || out != tt.out {
			t.Errorf("CheckedOutTo(%s, %s) = %v %v, want %v", tt.card, tt.barcode, out, err, tt.out)
		}
	}
	r := s.dial(t, true)
	charged := "63001" + sipNow() + "  Y       " + "AOanjungan|AA" + budi + "|AC|"
	for _, tt := range []struct {
		name, pin string
		want      int // charged items listed
		cq        string
	}{
		{"no AD: the SC is trusted", "", 2, ""},
		{"empty AD: no PIN given", "AD|", 2, ""},
		{"right PIN", "AD2345|", 2, "Y"},
		{"wrong PIN", "AD0000|", 0, "N"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m := parse(t, r.ask(charged+tt.pin+"BP1|BQ100|"))
			if got := len(m.All("AU")); got != tt.want || m.Value("CQ") != tt.cq {
				t.Fatalf("%d charged items, CQ %q; want %d, %q: %v", got, m.Value("CQ"), tt.want, tt.cq, m)
			}
		})
	}
	// Without a login, nothing is listed.
	nologin := s.dial(t, false)
	if got, err := nologin.try(charged + "BP1|BQ100|"); err == nil && strings.Contains(got, "AU") {
		t.Fatalf("charged items to a terminal that did not log in: %q", got)
	}
}
