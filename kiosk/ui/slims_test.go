package ui

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/go-sql-driver/mysql"

	"github.com/anjungan/anjungan/assets"
	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/mock"
	"github.com/anjungan/anjungan/kiosk/session"
	"github.com/anjungan/anjungan/kiosk/slims"
	"github.com/anjungan/anjungan/kiosk/slims/slimstest"
)

func TestMain(m *testing.M) { slimstest.Main(m) }

// TestFlowsOnSLiMS: a member logs in with their SLiMS password on the
// letters keyboard, borrows, renews from My account, and returns, on
// screen, with the kiosk working in a SLiMS database (real MariaDB): each
// step is SLiMS's own rows.
func TestFlowsOnSLiMS(t *testing.T) {
	d := slimstest.Shared(t).NewDatabase(t, slimstest.Options{})
	d.Exec(t, `INSERT INTO loan (item_code, member_id, loan_date, due_date, renewed, loan_rules_id, is_lent, is_return)
		VALUES ('B0030', 'M0001', '2026-11-24', '2026-12-01', 0, 0, 1, 0)`)
	cfg, err := mysql.ParseDSN(d.DSN)
	if err != nil {
		t.Fatal(err)
	}
	jkt, _ := time.LoadLocation("Asia/Jakarta")
	circ := &slims.DB{Config: cfg, UID: 3, Location: jkt, RecordVisits: true, Logger: slog.New(slog.DiscardHandler),
		Now: func() time.Time { return time.Date(2026, 12, 1, 10, 0, 0, 0, jkt) }}
	if err := circ.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer circ.Close()
	a := test.NewTempApp(t)
	scfg := session.DefaultConfig()
	scfg.Library, scfg.PINLetters = "Perpustakaan Uji", true
	s := session.New(scfg, circ, assets.Catalog())
	s.Now = mock.NewClock(t0).Now
	u := New(context.Background(), a, s, assets.Catalog(), scfg.Library, fyne.NewStaticResource("icon.png", assets.Icon), nil)
	u.Enqueue = func(f func()) { f() }
	u.Window.Resize(fyne.NewSize(1280, 800))
	ctx := context.Background()

	tap(t, u, "Pinjam")
	s.Scan(ctx, kiosk.Scan{Code: "M0001"})
	shows(t, u, "Kata sandi")
	// "Rahasia-9": a capital from the shifted keyboard, then letters, a
	// sign and a digit.
	tap(t, u, "⇧") // for one letter
	tap(t, u, "R")
	for _, k := range []string{"a", "h", "a", "s", "i", "a", "-", "9"} {
		tap(t, u, k)
	}
	tap(t, u, "OK")
	shows(t, u, "Halo, Siti!")
	s.Scan(ctx, kiosk.Scan{Code: "B0001"})
	shows(t, u, "Laskar Pelangi", "Dipinjam")
	if got := d.String(t, "SELECT CONCAT_WS(' ', member_id, due_date, uid) FROM loan WHERE item_code = 'B0001'"); got != "M0001 2026-12-07 3" {
		t.Fatalf("SLiMS's loan: %s", got)
	}
	tap(t, u, "Akun saya")
	shows(t, u, "Sejarah Nusantara: dari Sriwijaya hingga Majapahit, édisi kedua", "Laskar Pelangi")
	tap(t, u, "Perpanjang semua")
	if got := d.String(t, "SELECT CONCAT_WS(' ', renewed, due_date, return_date) FROM loan WHERE item_code = 'B0030'"); got != "1 2026-12-08 2026-12-01" {
		t.Fatalf("renewal in SLiMS: %s", got)
	}
	if got := d.String(t, "SELECT renewed FROM loan WHERE item_code = 'B0001'"); got != "0" {
		t.Fatalf("fiction for Umum renewed (its rule allows none): %s", got)
	}
	tap(t, u, "Selesai")
	tap(t, u, "Tutup")
	if n := d.Int(t, "SELECT COUNT(*) FROM visitor_count WHERE member_id = 'M0001'"); n != 1 {
		t.Fatalf("%d visits in SLiMS's counter", n)
	}
	tap(t, u, "Kembalikan")
	s.Scan(ctx, kiosk.Scan{Code: "B0001"})
	shows(t, u, "Laskar Pelangi", "Dikembalikan")
	if got := d.String(t, "SELECT CONCAT_WS(' ', is_return, return_date) FROM loan WHERE item_code = 'B0001'"); got != "1 2026-12-01" {
		t.Fatalf("return in SLiMS: %s", got)
	}
}

// TestKeyboardShiftAndLetters: Shift holds for one character and shows
// while on; the card pad turns into letters for cards like M0001.
func TestKeyboardShiftAndLetters(t *testing.T) {
	lib := &mock.Circulation{}
	var got kiosk.Credentials
	lib.AuthenticateFn = func(_ context.Context, c kiosk.Credentials) (*kiosk.Patron, error) {
		got = c
		return nil, kiosk.Errorf(kiosk.EUNAUTH, kiosk.KeyPINWrong)
	}
	a := test.NewTempApp(t)
	scfg := session.DefaultConfig()
	scfg.PINLetters = true
	s := session.New(scfg, lib, assets.Catalog())
	s.Now = mock.NewClock(t0).Now
	u := New(context.Background(), a, s, assets.Catalog(), "Uji", fyne.NewStaticResource("icon.png", assets.Icon), nil)
	u.Enqueue = func(f func()) { f() }
	u.schedule = func(f func()) { f() }
	u.Window.Resize(fyne.NewSize(1280, 800))
	tap(t, u, "Pinjam")
	tap(t, u, "ABC")
	for _, k := range []string{"⇧", "M", "0", "0", "0", "1"} {
		tap(t, u, k)
	}
	tap(t, u, "123")
	tap(t, u, "1") // back on the digits
	if u.typed != "M00011" {
		t.Fatalf("typed %q", u.typed)
	}
	u.typed = "M0001"
	u.submitTyped()
	shows(t, u, "Kata sandi")
	tap(t, u, "⇧")
	if !shiftLit(u) {
		t.Fatal("Shift on does not show")
	}
	for _, k := range []string{"R", "a", "h", "⇧", "@", "9"} {
		tap(t, u, k)
	}
	if shiftLit(u) {
		t.Fatal("Shift still shows after a character")
	}
	tap(t, u, "OK")
	if got.PIN != "Rah@9" || got.Card != "M0001" {
		t.Fatalf("the library got %+v", got)
	}
}

func shiftLit(u *UI) bool {
	lit := false
	walk(u.content.obj, func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == "⇧" && b.Importance == widget.HighImportance {
			lit = true
		}
	})
	return lit
}
