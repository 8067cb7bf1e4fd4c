package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/anjungan/anjungan/assets"
	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/mock"
	"github.com/anjungan/anjungan/kiosk/session"
)

var t0 = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

func library() *mock.Circulation {
	siti := &kiosk.Patron{Card: "20001000000012", Name: "Siti Rahmawati"}
	return &mock.Circulation{
		AuthenticateFn: func(_ context.Context, c kiosk.Credentials) (*kiosk.Patron, error) {
			if c.PIN != "1234" {
				return nil, kiosk.Errorf(kiosk.EUNAUTH, kiosk.KeyPINWrong)
			}
			return siti, nil
		},
		CheckoutFn: func(_ context.Context, _ kiosk.Credentials, b string) (*kiosk.Loan, error) {
			if b == "30001000000531" {
				return nil, kiosk.Errorf(kiosk.EFORBIDDEN, kiosk.KeyItemReference)
			}
			if b == "30001000000044" {
				return nil, kiosk.Errorf(kiosk.ECONFLICT, kiosk.KeyItemAlreadyYours, "title", "Sang Pemimpi")
			}
			return &kiosk.Loan{Item: kiosk.Item{Barcode: b, Title: "Laskar Pelangi"}, Due: t0.AddDate(0, 0, 14)}, nil
		},
		RenewFn: func(_ context.Context, _ kiosk.Credentials, b string) (*kiosk.Loan, error) {
			return &kiosk.Loan{Item: kiosk.Item{Barcode: b, Title: "Sang Pemimpi"}, Due: t0.AddDate(0, 0, 21)}, nil
		},
		CheckinFn: func(_ context.Context, b string) (*kiosk.Return, error) {
			return &kiosk.Return{Item: kiosk.Item{Barcode: b, Title: "Bumi Manusia"}}, nil
		},
		AccountFn: func(context.Context, kiosk.Credentials) (*kiosk.Account, error) {
			return &kiosk.Account{Patron: *siti, FinesTotal: 1500, Loans: []kiosk.Loan{
				{Item: kiosk.Item{Barcode: "30001000000044", Title: "Sang Pemimpi"}, Due: t0.Add(-48 * time.Hour), MaxRenewals: 2},
			}, Fines: []kiosk.Fine{
				{Amount: 1000, Title: "Bumi Manusia", Due: time.Date(2026, 3, 2, 17, 0, 0, 0, time.UTC), Description: "overdue 30001000000051"},
				{Amount: 500, Description: "Kartu hilang"},
			}}, nil
		},
	}
}

func newUI(t *testing.T) (*UI, *session.Session, *mock.Clock) {
	t.Helper()
	a := test.NewTempApp(t)
	clock := mock.NewClock(t0)
	cfg := session.DefaultConfig()
	cfg.Library = "Perpustakaan Uji"
	s := session.New(cfg, library(), assets.Catalog())
	s.Now = clock.Now
	u := New(context.Background(), a, s, assets.Catalog(), cfg.Library, fyne.NewStaticResource("icon.png", assets.Icon), nil)
	u.Enqueue = func(f func()) { f() }
	u.Window.Resize(fyne.NewSize(1280, 800))
	return u, s, clock
}

// walk visits every object under o.
func walk(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	fn(o)
	switch c := o.(type) {
	case *fyne.Container:
		for _, ch := range c.Objects {
			walk(ch, fn)
		}
	case *container.Scroll:
		walk(c.Content, fn)
	case *sizeWatch:
		walk(c.obj, fn)
	case *column:
		walk(c.obj, fn)
	case *tapArea:
		walk(c.obj, fn)
	}
}

// texts returns every label, button and check text on the window.
func texts(u *UI) string {
	var b strings.Builder
	objs := []fyne.CanvasObject{u.Window.Content()}
	for _, o := range u.Window.Canvas().Overlays().List() {
		if p, ok := o.(*widget.PopUp); ok && p.Visible() {
			objs = append(objs, p.Content)
		}
	}
	for _, o := range objs {
		texts1(o, &b)
	}
	return b.String()
}

func texts1(o fyne.CanvasObject, b *strings.Builder) {
	walk(o, func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *widget.Label:
			b.WriteString(w.Text + "\n")
		case *widget.Button:
			b.WriteString(w.Text + "\n")
		case *widget.Check:
			b.WriteString(w.Text + "\n")
		case *widget.RichText: // a big answer's words
			b.WriteString(w.String() + "\n")
		}
	})
}

// tap taps the button with text, or the tappable label (an equipment
// name, a loan's title) with it, on the screen or in a popup over it.
func tap(t *testing.T, u *UI, text string) {
	t.Helper()
	var found fyne.Tappable
	look := func(o fyne.CanvasObject) {
		walk(o, func(o fyne.CanvasObject) {
			switch w := o.(type) {
			case *widget.Button:
				if w.Text == text && found == nil {
					found = w
				}
			case *tapArea:
				if l, ok := w.obj.(*widget.Label); ok && l.Text == text && found == nil {
					found = w
				}
			}
		})
	}
	for _, o := range u.Window.Canvas().Overlays().List() {
		if p, ok := o.(*widget.PopUp); ok && p.Visible() {
			look(p.Content)
		}
	}
	look(u.Window.Content())
	if b, ok := answerButtons(u)[text]; ok && found == nil {
		found = b // a big answer whose words wrap
	}
	if found == nil {
		t.Fatalf("no button %q on screen:\n%s", text, texts(u))
	}
	test.Tap(found)
}

func shows(t *testing.T, u *UI, want ...string) {
	t.Helper()
	all := texts(u)
	for _, w := range want {
		if !strings.Contains(all, w) {
			t.Fatalf("screen lacks %q:\n%s", w, all)
		}
	}
}

// tapDigits taps each digit of s on the on-screen keypad.
func tapDigits(t *testing.T, u *UI, s string) {
	t.Helper()
	for _, d := range s {
		tap(t, u, string(d))
	}
}

func login(t *testing.T, u *UI, button string) {
	t.Helper()
	tap(t, u, button)
	tapDigits(t, u, "20001000000012")
	tap(t, u, "Lanjut")
	tapDigits(t, u, "1234")
	tap(t, u, "OK")
}

func TestBorrowOnScreen(t *testing.T) {
	u, s, _ := newUI(t)
	shows(t, u, "Perpustakaan Uji", "Selamat datang", "Pinjam", "Kembalikan", "Akun saya")
	login(t, u, "Pinjam")
	shows(t, u, "Halo, Siti!")
	s.Submit(context.Background(), "30001000000010") // a scan
	test.TypeOnCanvas(u.Window.Canvas(), "30001000000531")
	u.Window.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn}) // a keyboard wedge
	shows(t, u, "Laskar Pelangi", "Dipinjam — batas kembali 7 Des 2026", "Koleksi referensi")
	tap(t, u, "Selesai")
	shows(t, u, "Terima kasih!", "Bukti Peminjaman", "Struk Anda:")
	tap(t, u, "Tutup")
	shows(t, u, "Selamat datang")
}

func TestRenewalOfferOnScreen(t *testing.T) {
	u, s, _ := newUI(t)
	login(t, u, "Pinjam")
	s.Submit(context.Background(), "30001000000044")
	shows(t, u, "Koleksi ini sudah Anda pinjam. Perpanjang?", "Ya", "Tidak")
	tap(t, u, "Ya")
	shows(t, u, "Diperpanjang — batas kembali 14 Des 2026")
}

func TestReturnOnScreen(t *testing.T) {
	u, _, _ := newUI(t)
	tap(t, u, "Kembalikan")
	shows(t, u, "Tidak perlu kartu anggota")
	tapDigits(t, u, "30001000000069")
	tap(t, u, "Masukkan")
	shows(t, u, "Bumi Manusia", "Dikembalikan")
}

func TestAccountOnScreen(t *testing.T) {
	u, s, _ := newUI(t)
	login(t, u, "Akun saya")
	shows(t, u, "Sang Pemimpi", "TERLAMBAT", "Denda: Rp 1.500", "Diperpanjang 0/2",
		"Rincian denda", "Bumi Manusia: terlambat dikembalikan (jatuh tempo", "Rp 1.000", "Kartu hilang — Rp 500")
	if n := strings.Count(texts(u), "Halo, Siti!"); n != 1 {
		t.Fatalf("the patron is welcomed %d times", n)
	}
	var check *widget.Check
	walk(u.Window.Content(), func(o fyne.CanvasObject) {
		if c, ok := o.(*widget.Check); ok {
			check = c
		}
	})
	test.Tap(check)
	if !s.View().Account.Loans[0].Selected {
		t.Fatal("tapping the loan did not select it")
	}
	tap(t, u, "Perpanjang pilihan")
	shows(t, u, "Diperpanjang")
}

func TestWrongPINOnScreen(t *testing.T) {
	u, _, _ := newUI(t)
	tap(t, u, "Pinjam")
	tapDigits(t, u, "20001000000012")
	tap(t, u, "Lanjut")
	for i := 0; i < 5; i++ {
		tapDigits(t, u, "9999")
		tap(t, u, "OK")
	}
	shows(t, u, "Terlalu banyak PIN salah", "15 menit")
}

func TestLanguageSwitch(t *testing.T) {
	u, _, _ := newUI(t)
	tap(t, u, "English")
	shows(t, u, "Welcome", "Borrow", "Return", "My account", "Bahasa Indonesia")
	tap(t, u, "Bahasa Indonesia")
	shows(t, u, "Selamat datang")
}

func TestTimeoutClearsTheScreen(t *testing.T) {
	u, s, clock := newUI(t)
	login(t, u, "Pinjam")
	s.Submit(context.Background(), "30001000000010")
	clock.Advance(50 * time.Second)
	s.Tick()
	if u.idle == nil || !u.idle.Visible() {
		t.Fatal("no countdown shown")
	}
	clock.Advance(11 * time.Second)
	s.Tick()
	if u.idle != nil {
		t.Fatal("countdown still up")
	}
	all := texts(u)
	for _, gone := range []string{"Siti", "Laskar Pelangi", "20001000000012"} {
		if strings.Contains(all, gone) {
			t.Fatalf("%q still on screen after the timeout:\n%s", gone, all)
		}
	}
	shows(t, u, "Selamat datang")
}

func TestHighContrastAndLargeText(t *testing.T) {
	u, _, _ := newUI(t)
	tap(t, u, "Teks besar")
	tap(t, u, "Kontras tinggi")
	th, ok := u.App.Settings().Theme().(kioskTheme)
	if !ok || !th.large || !th.contrast {
		t.Fatalf("theme %#v", u.App.Settings().Theme())
	}
	looksLike(t, "home_contrast.png", u.Window.Canvas().Capture())
}

// TestTapsReachTheSessionInOrder runs the real action queue: twelve quick
// PIN taps must arrive in the order they were made.
func TestTapsReachTheSessionInOrder(t *testing.T) {
	a := test.NewTempApp(t)
	lib := library()
	var got string
	lib.AuthenticateFn = func(_ context.Context, c kiosk.Credentials) (*kiosk.Patron, error) {
		got = c.PIN
		return &kiosk.Patron{Card: c.Card, Name: "Siti"}, nil
	}
	s := session.New(session.DefaultConfig(), lib, assets.Catalog())
	ctx, cancel := context.WithCancel(context.Background())
	u := New(ctx, a, s, assets.Catalog(), "Uji", fyne.NewStaticResource("icon.png", assets.Icon), nil)
	defer func() { cancel(); <-u.Done() }() // no render may outlive the test app
	s.Start(session.IntentBorrow)
	s.EnterCard(ctx, "20001000000012")
	const pin = "314159265358"
	for _, d := range pin {
		u.Enqueue(func() { s.PINKey(byte(d)) })
	}
	u.Enqueue(func() { s.PINSubmit(ctx) })
	deadline := time.Now().Add(5 * time.Second)
	for s.View().Screen != session.ScreenBorrow {
		if time.Now().After(deadline) {
			t.Fatalf("never logged in; screen %s", s.View().Screen)
		}
		time.Sleep(time.Millisecond)
	}
	if got != pin {
		t.Fatalf("PIN arrived as %q, typed %q", got, pin)
	}
}

// TestSnapshots renders key screens and compares them with the reviewed
// images in testdata/.
func TestSnapshots(t *testing.T) {
	u, s, _ := newUI(t)
	tap(t, u, "Pinjam")
	tapDigits(t, u, "20001000000012")
	tap(t, u, "Lanjut")
	tapDigits(t, u, "12")
	looksLike(t, "pin.png", u.Window.Canvas().Capture())
	tapDigits(t, u, "34")
	tap(t, u, "OK")
	s.Submit(context.Background(), "30001000000010")
	s.Submit(context.Background(), "30001000000531")
	looksLike(t, "borrow.png", u.Window.Canvas().Capture())
	tap(t, u, "Selesai")
	looksLike(t, "finish_receipt.png", u.Window.Canvas().Capture())
}

func TestScannerDownWarning(t *testing.T) {
	u, s, _ := newUI(t)
	if strings.Contains(texts(u), "Pemindai tidak terhubung") {
		t.Fatal("warning shown with a working scanner")
	}
	s.SetScannerDown(true)
	shows(t, u, "Pemindai tidak terhubung")
	tap(t, u, "Kembalikan")
	shows(t, u, "Pemindai tidak terhubung")
	s.SetScannerDown(false)
	if strings.Contains(texts(u), "Pemindai tidak terhubung") {
		t.Fatal("warning still shown after the scanner came back")
	}
}

func TestOutOfServiceOnScreen(t *testing.T) {
	u, s, _ := newUI(t)
	s.SetNotice("Tutup pukul 14.00")
	shows(t, u, "Pinjam", "Tutup pukul 14.00")
	s.SetMode(kiosk.ModeOutOfService, "Printer sedang diganti")
	shows(t, u, "Sedang tidak melayani", "Printer sedang diganti")
	if strings.Contains(texts(u), "Pinjam") {
		t.Fatal("service buttons shown while out of service")
	}
	s.SetMode(kiosk.ModeInService, "")
	shows(t, u, "Pinjam")
}
