package monitor

import (
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/fleet"
	"github.com/anjungan/anjungan/kiosk/mock"
)

// TestStatistik: the Statistik tab shows each site's today (its kiosks
// added up) and this week's days so far, follows the site filter, and
// redraws when counts come in.
func TestStatistik(t *testing.T) {
	a := test.NewTempApp(t)
	clock := mock.NewClock(time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC))
	model := &fleet.Model{Now: clock.Now, History: &fleet.History{}}
	model.History.Record("pusat", "k1", kiosk.Counters{Day: "2026-11-23", Visits: 300, Loans: 120, Returns: 80})
	model.History.Record("pusat", "k1", kiosk.Counters{Day: "2026-11-24", Visits: 280, Loans: 90, Returns: 95})
	feed(t, model, "pusat", "k1", true, func(s *kiosk.Status) {
		s.Counters = kiosk.Counters{Day: "2026-11-25", Visits: 41, Guests: 6, Loans: 17, Returns: 9, Renewals: 3, Ratings: 12}
	})
	feed(t, model, "pusat", "k2", true, func(s *kiosk.Status) {
		s.Counters = kiosk.Counters{Day: "2026-11-25", Visits: 10, Loans: 2, Bookings: 4}
	})
	feed(t, model, "cabang", "k9", true, func(s *kiosk.Status) { s.Counters = kiosk.Counters{Day: "2026-11-25", Loans: 5} })
	model.History.Record("filial", "k7", kiosk.Counters{Day: "2026-11-24", Visits: 12}) // from a kiosk's file; no kiosk online
	m := New(a, model, nil, func(f func()) { f() })
	m.Now = clock.Now
	m.StatsProblems = func() []string { return []string{"/srv/k9.db (site cabang) could not be read: no such file"} }
	m.Window.Resize(fyne.NewSize(1200, 760))
	m.tabs.SelectIndex(1)
	texts := func() string { return labels(m.stats.box) }
	all := texts()
	for _, want := range []string{
		"pusat: Today, Wed 25 Nov (2 kiosks)\nVisits\n51\nGuests\n6\nLoans\n19\nReturns\n9\nRenewals\n3\nBookings\n4\nRatings\n12\n",
		"pusat: This week, Mon 23 Nov to Sun 29 Nov\nVisits\nLoans\nReturns\nMon 23 Nov\n300\n\n120\n\n80\nTue 24 Nov\n280\n\n90\n\n95\nWed 25 Nov\n51\n\n19\n\n9\n",
		"cabang: Today, Wed 25 Nov (1 kiosk)",
		"⚠ /srv/k9.db (site cabang) could not be read: no such file",
		"cabang: This week, Mon 23 Nov to Sun 29 Nov\nVisits\nLoans\nReturns\nMon 23 Nov\nno reports\nTue 24 Nov\nno reports\nWed 25 Nov\n0\n\n5\n\n0\n",
		"filial: Today, Wed 25 Nov (0 kiosks)\nNo kiosk has reported today yet.\nfilial: This week, Mon 23 Nov to Sun 29 Nov\nVisits\nLoans\nReturns\nMon 23 Nov\nno reports\nTue 24 Nov\n12\n",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("Statistik lacks %q:\n%s", want, all)
		}
	}
	if strings.Contains(all, "Thu 26 Nov") {
		t.Error("days to come are shown")
	}
	shot := filepath.Join(t.TempDir(), "statistik.png")
	if f, err := os.Create(shot); err == nil {
		png.Encode(f, m.Window.Canvas().Capture())
		f.Close()
		t.Log("rendered:", shot)
		if dir := os.Getenv("ANJUNGAN_SHOTS"); dir != "" {
			b, _ := os.ReadFile(shot)
			os.WriteFile(filepath.Join(dir, "statistik.png"), b, 0o644)
		}
	}

	m.sites.SetSelected("cabang")
	if all := texts(); strings.Contains(all, "pusat:") || !strings.Contains(all, "Loans\n5\n") {
		t.Fatalf("site filter:\n%s", all)
	}
	m.sites.SetSelected("All sites")
	feed(t, model, "pusat", "k2", true, func(s *kiosk.Status) { s.Counters = kiosk.Counters{Day: "2026-11-25", Visits: 20, Loans: 2} })
	m.Refresh()
	if all := texts(); !strings.Contains(all, "Visits\n61\n") {
		t.Fatalf("after a new count:\n%s", all)
	}
}

// labels are the texts of the labels in o, in order, a line each.
func labels(o fyne.CanvasObject) string {
	var b strings.Builder
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Label:
			b.WriteString(x.Text + "\n")
		case *widget.Card:
			b.WriteString(x.Title + ": " + x.Subtitle + "\n")
			walk(x.Content)
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		}
	}
	walk(o)
	return b.String()
}

// TestStatistikRedrawsFromFiles: counts read from kiosks' files, and a
// file that could not be read, redraw the tab though no kiosk's state
// changed (a site fed by files alone stayed as first drawn).
func TestStatistikRedrawsFromFiles(t *testing.T) {
	a := test.NewTempApp(t)
	clock := mock.NewClock(time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC))
	model := &fleet.Model{Now: clock.Now, History: &fleet.History{}}
	model.History.Record("filial", "k7", kiosk.Counters{Day: "2026-11-25", Visits: 12})
	m := New(a, model, nil, func(f func()) { f() })
	m.Now = clock.Now
	var problems []string
	m.StatsProblems = func() []string { return problems }
	m.Window.Resize(fyne.NewSize(1200, 760))
	m.tabs.SelectIndex(1)
	m.Refresh()
	if all := labels(m.stats.box); !strings.Contains(all, "Visits\n12\n") {
		t.Fatalf("first drawn:\n%s", all)
	}
	model.History.Record("filial", "k7", kiosk.Counters{Day: "2026-11-25", Visits: 30})
	problems = []string{"/srv/k8.db (site filial) could not be read: no such file"}
	m.Refresh()
	if all := labels(m.stats.box); !strings.Contains(all, "Visits\n30\n") || !strings.Contains(all, "k8.db") {
		t.Fatalf("after the files were read again:\n%s", all)
	}
}

// TestHistoryVersion: the history's version moves on a change only.
func TestHistoryVersion(t *testing.T) {
	h := &fleet.History{}
	h.Record("s", "k", kiosk.Counters{Day: "2026-11-25", Visits: 3})
	v := h.Version()
	h.Record("s", "k", kiosk.Counters{Day: "2026-11-25", Visits: 2}) // counts only grow: nothing new
	if h.Version() != v {
		t.Fatal("the version moved with nothing new")
	}
	h.Record("s", "k", kiosk.Counters{Day: "2026-11-25", Visits: 4})
	if h.Version() == v {
		t.Fatal("the version stayed with a new count")
	}
}
