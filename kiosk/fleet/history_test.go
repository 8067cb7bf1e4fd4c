package fleet_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/fleet"
)

// TestHistory: a site's days add up its kiosks' counters, each kiosk's
// largest of a day (a restarted kiosk reporting less does not take any
// back), other sites apart; every day of the span is there; it survives
// a save and load; old days go; a damaged file is an error.
func TestHistory(t *testing.T) {
	m := fleet.NewModel()
	m.History = &fleet.History{Keep: 10}
	state := func(site, id string, c kiosk.Counters) {
		t.Helper()
		b, _ := json.Marshal(kiosk.Status{V: kiosk.StatusVersion, Kiosk: id, Counters: c})
		if err := m.Apply(site, id, fleet.LeafState, b); err != nil {
			t.Fatal(err)
		}
	}
	state("pusat", "k1", kiosk.Counters{Day: "2026-11-23", Loans: 5, Visits: 40, Guests: 4})
	state("pusat", "k1", kiosk.Counters{Day: "2026-11-23", Loans: 9, Visits: 41, Guests: 4, Ratings: 2})
	state("pusat", "k1", kiosk.Counters{Day: "2026-11-23", Loans: 1}) // a restart without its file: not less than before
	state("pusat", "k2", kiosk.Counters{Day: "2026-11-23", Loans: 3, Returns: 7, Visits: 10})
	state("pusat", "k2", kiosk.Counters{Day: "2026-11-25", Loans: 2})
	state("cabang", "k9", kiosk.Counters{Day: "2026-11-23", Loans: 100})
	state("pusat", "k3", kiosk.Counters{Day: "garbage", Loans: 100})

	check := func(h *fleet.History) {
		t.Helper()
		days := h.Site("pusat", "2026-11-23", "2026-11-26")
		if len(days) != 4 {
			t.Fatalf("days %+v", days)
		}
		d := days[0]
		if d.Kiosks != 2 || d.Loans != 12 || d.Returns != 7 || d.Visits != 51 || d.Guests != 4 || d.Ratings != 2 {
			t.Fatalf("23rd %+v", d)
		}
		if days[1].Kiosks != 0 || days[1].Loans != 0 || days[2].Loans != 2 || days[3].Day != "2026-11-26" {
			t.Fatalf("24th–26th %+v", days[1:])
		}
		if h.Latest("pusat") != "2026-11-25" || h.Latest("cabang") != "2026-11-23" || h.Latest("nowhere") != "" {
			t.Fatal("latest", h.Latest("pusat"))
		}
	}
	check(m.History)
	path := filepath.Join(t.TempDir(), "stats", "history.json")
	if err := m.History.Save(path); err != nil {
		t.Fatal(err)
	}
	h2 := &fleet.History{Keep: 10}
	if err := h2.Load(path); err != nil {
		t.Fatal(err)
	}
	check(h2)

	// Ten days kept: a report on 3 December drops 23 November.
	h2.Record("pusat", "k1", kiosk.Counters{Day: "2026-12-03", Loans: 1})
	if d := h2.Site("pusat", "2026-11-23", "2026-11-23"); d[0].Kiosks != 0 {
		t.Fatalf("an old day kept %+v", d)
	}
	if err := (&fleet.History{}).Load(filepath.Join(t.TempDir(), "none.json")); err != nil {
		t.Fatal("a missing file:", err)
	}
	os.WriteFile(path, []byte(`{"v":1,"days":[{`), 0o600)
	if err := (&fleet.History{}).Load(path); err == nil {
		t.Fatal("a damaged file loaded")
	}
	if f, l := fleet.Week("2026-11-25"); f != "2026-11-23" || l != "2026-11-29" {
		t.Fatal("week", f, l)
	}
	if f, _ := fleet.Week("2026-11-29"); f != "2026-11-23" {
		t.Fatal("Sunday's week", f)
	}
}
