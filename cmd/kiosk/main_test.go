package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/creack/pty"

	"github.com/anjungan/anjungan/kiosk/session"
	"github.com/anjungan/anjungan/kiosk/sqlite"
)

// TestEndToEnd runs the kiosk's Main on a temp data folder with a
// pseudo-terminal scanner: a demo card, its PIN on the keypad, two items,
// and the loans are in the database.
func TestEndToEnd(t *testing.T) {
	master, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer master.Close()
	ttyName := tty.Name()
	tty.Close()

	m := NewMain()
	m.Config.Kiosk.DataDir = t.TempDir()
	m.Config.Scanners = []ScannerConfig{{Name: "front", Port: ttyName, Baud: 9600}}
	if err := m.Config.Validate(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := m.Open(ctx); err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	m.App = test.NewTempApp(t)
	u := m.NewUI(ctx)
	u.Go = func(f func()) { f() }

	waitFor(t, "scanner connected", func() bool { return len(m.Readers) == 1 && m.Readers[0].State().Connected })
	master.Write([]byte("A20001000000012B\r")) // Siti's card, Codabar with start/stop
	waitFor(t, "PIN screen", func() bool { return m.Session.View().Screen == session.ScreenPIN })
	c := u.Window.Canvas()
	test.TypeOnCanvas(c, "1234") // typed on a keyboard: the digits go to the PIN
	waitFor(t, "PIN digits", func() bool { return m.Session.View().PINLength == 4 })
	c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
	waitFor(t, "borrow screen", func() bool { return m.Session.View().Screen == session.ScreenBorrow })

	master.Write([]byte("]C030001000000010\r\n]C030001000000028\r\n"))
	waitFor(t, "two loans", func() bool { return len(m.Session.View().Lines) == 2 })
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
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
