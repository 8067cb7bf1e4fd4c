package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/anjungan/anjungan/internal/waitfor"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/creack/pty"

	"github.com/anjungan/anjungan/booking"
	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/mock"
	"github.com/anjungan/anjungan/kiosk/session"
	"github.com/anjungan/anjungan/kiosk/sqlite"
)

// TestEndToEnd runs the kiosk's Main on a temp data folder with a
// pseudo-terminal scanner: a demo card, its PIN on the keypad, two items,
// and the loans are in the database.
func TestEndToEnd(t *testing.T) {
	m, master, _ := startMain(t)
	m.App = test.NewTempApp(t)
	// In the real app fyne.Do renders every View on the one Fyne
	// goroutine; the test driver runs it wherever it is called. Render
	// here, on the test's goroutine, to keep that guarantee.
	renders := make(chan func(), 1000)
	m.UIDo = func(f func()) { renders <- f }
	u := m.NewUI()                  // with its real, ordered action queue
	t.Cleanup(func() { m.Close() }) // before the test app goes: no render may outlive it
	waitFor := func(what string, cond func() bool) {
		t.Helper()
		waitForIt(t, what, func() bool {
			for len(renders) > 0 {
				(<-renders)()
			}
			return cond()
		})
	}

	waitFor("scanner connected", func() bool { return len(m.Readers) == 1 && m.Readers[0].State().Connected })
	master.Write([]byte("A20001000000012B\r")) // Siti's card, Codabar with start/stop
	waitFor("PIN screen", func() bool { return m.Session.View().Screen == session.ScreenPIN })
	c := u.Window.Canvas()
	test.TypeOnCanvas(c, "1234") // typed on a keyboard: the digits go to the PIN
	waitFor("PIN digits", func() bool { return m.Session.View().PINLength == 4 })
	c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
	waitFor("borrow screen", func() bool { return m.Session.View().Screen == session.ScreenBorrow })

	master.Write([]byte("]C030001000000010\r\n]C030001000000028\r\n"))
	waitFor("two loans", func() bool { return len(m.Session.View().Lines) == 2 })
	for _, l := range m.Session.View().Lines {
		if l.Status != session.StatusBorrowed {
			t.Fatalf("line %+v", l)
		}
	}
	var n int
	if err := m.DB.SQL().QueryRow(`SELECT COUNT(*) FROM loans l JOIN patrons p ON p.id = l.patron_id
		WHERE p.card = ? AND l.returned_at IS NULL AND l.kiosk = 'kiosk-01'`, sqlite.DemoCard(1)).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Fatalf("%d loans in the database, want 2", n)
	}
	if _, err := os.Stat(filepath.Join(m.Config.Kiosk.DataDir, "library.db")); err != nil {
		t.Fatal(err)
	}

	// Unplug the only scanner: patrons are told to type barcodes.
	if m.Session.View().ScannerDown {
		t.Fatal("scanner reported down while connected")
	}
	master.Close()
	waitFor("scanner down", func() bool { return m.Session.View().ScannerDown })
}

// startMain opens a kiosk Main on a temp data folder (the demo library)
// with one scanner on a pseudo-terminal, whose master side it returns.
// Everything is closed when the test ends.
func startMain(tb testing.TB) (*Main, *os.File, context.Context) {
	tb.Helper()
	return startMainWith(tb, nil)
}

// startMainWith is startMain with the configuration edited first.
func startMainWith(tb testing.TB, configure func(*Main)) (*Main, *os.File, context.Context) {
	tb.Helper()
	master, tty, err := pty.Open()
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { master.Close() })
	ttyName := tty.Name()
	tty.Close()
	m := NewMain()
	m.Config.Kiosk.DataDir = tb.TempDir()
	m.Config.Log.Level = "warn"
	m.Config.Scanners = []ScannerConfig{{Name: "front", Port: ttyName, Baud: 9600}}
	if configure != nil {
		configure(m)
	}
	if err := m.Config.Validate(); err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	if err := m.Open(ctx); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { cancel(); m.Close() })
	return m, master, ctx
}

// waitForIt waits up to 10 s, the tests' one way.
func waitForIt(t testing.TB, what string, cond func() bool) {
	t.Helper()
	waitfor.Until(t, 10*time.Second, what, cond)
}

// TestMakerspaceEndToEnd books on the demo makerspace through Main's
// session, then scans the booking's QR code on the serial scanner: the
// signed code reaches check-in (too early or checked in, by the wall
// clock), and a forged one is refused.
func TestMakerspaceEndToEnd(t *testing.T) {
	var clock *mock.Clock
	m, master, ctx := startMainWith(t, func(m *Main) {
		loc, err := time.LoadLocation(m.Config.Library.TimeZone)
		if err != nil {
			t.Fatal(err)
		}
		// A Monday before opening: every slot of the day is ahead.
		clock = mock.NewClock(time.Date(2026, 11, 23, 6, 0, 0, 0, loc))
		m.Now = clock.Now
	})
	if m.Makerspace == nil || m.Session.Booking == nil || len(m.Session.Signer.Secret) < booking.MinSecret {
		t.Fatal("makerspace not wired")
	}
	s := m.Session
	s.ShowMakerspace(ctx)
	if v := s.View(); v.Screen != session.ScreenMakerspace || len(v.Makerspace.Resources) == 0 {
		t.Fatalf("makerspace: %s %+v", v.Screen, v.Message)
	}
	s.PickResource(ctx, "room-1")
	v := s.View()
	var start time.Time
	for i, sl := range v.Makerspace.Days[v.Makerspace.Day].Slots {
		if sl.State == booking.SlotFree {
			s.PickSlot(i)
			start = sl.Start
			break
		}
	}
	if start.IsZero() {
		t.Fatal("no free slot in the room")
	}
	s.BookSelected()
	s.Scan(ctx, kiosk.Scan{Code: sqlite.DemoCard(1)})
	for _, d := range "1234" {
		s.PINKey(byte(d))
	}
	s.PINSubmit(ctx)
	s.ConfirmBooking(ctx)
	v = s.View()
	if v.Screen != session.ScreenBooked {
		t.Fatalf("not booked: %s %+v", v.Screen, v.Message)
	}
	payload := v.Makerspace.Booked.Payload
	s.Done()
	waitForIt(t, "scanner connected", func() bool { return m.Readers[0].State().Connected })
	// Scanned before its check-in window, then at its start.
	master.Write([]byte(payload + "\r"))
	waitForIt(t, "check-in", func() bool { return s.View().Screen == session.ScreenCheckin })
	if k := s.View().Message.Key; k != booking.KeyCheckinEarly {
		t.Fatalf("check-in by scan at %s for %s: %s", clock.Now().Format("15:04"), start.Format("15:04"), k)
	}
	s.Done()
	clock.Set(start)
	master.Write([]byte(payload + "\r"))
	waitForIt(t, "check-in", func() bool { return s.View().Screen == session.ScreenCheckin })
	if k := s.View().Message.Key; k != booking.KeyCheckedIn {
		t.Fatalf("check-in by scan at the booking's start: %s", k)
	}
	s.Done()
	forged := payload[:len(payload)-4] + "AAAA"
	master.Write([]byte(forged + "\r"))
	waitForIt(t, "forged code refused", func() bool { return s.View().Message.Key == booking.KeyTokenInvalid })
	if _, err := os.Stat(filepath.Join(m.Config.Kiosk.DataDir, "makerspace.db")); err != nil {
		t.Fatal(err)
	}
}

// TestAppIDPerInstance: Fyne keeps one preferences file per app ID; two
// kiosks of one OS user (their own data folders) must not share one.
func TestAppIDPerInstance(t *testing.T) {
	a, b := NewMain(), NewMain()
	a.Config.Kiosk.DataDir, b.Config.Kiosk.DataDir = t.TempDir(), t.TempDir()
	if a.appID() == b.appID() {
		t.Fatalf("two kiosks share the app ID %s", a.appID())
	}
	c := NewMain()
	c.Config.Kiosk.DataDir = a.Config.Kiosk.DataDir
	if a.appID() != c.appID() {
		t.Fatal("one kiosk's app ID changed between runs: its preferences would be lost")
	}
	c.Config.Kiosk.ID = "lantai 2/kiosk#1"
	if id := c.appID(); strings.ContainsAny(id, " /#") {
		t.Fatalf("app ID %q", id)
	}
}
