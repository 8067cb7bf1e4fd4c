package ui

import (
	"context"
	"image"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"

	"github.com/anjungan/anjungan/assets"
	"github.com/anjungan/anjungan/booking"
	bookingsql "github.com/anjungan/anjungan/booking/sqlite"
	"github.com/anjungan/anjungan/devices/vision"
	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/mock"
	"github.com/anjungan/anjungan/kiosk/session"
)

var jakarta, _ = time.LoadLocation("Asia/Jakarta")

// makerspaceUI is the kiosk window on the demo makerspace (a real SQLite
// store) at 07:30 on Monday 23 November 2026 in Jakarta.
func makerspaceUI(t *testing.T) (*UI, *session.Session, *bookingsql.Store, *mock.Clock) {
	t.Helper()
	u, s, _ := newUI(t)
	clock := mock.NewClock(time.Date(2026, 11, 23, 7, 30, 0, 0, jakarta))
	store := bookingsql.New(filepath.Join(t.TempDir(), "makerspace.db"))
	store.Now, store.Location, store.Logger = clock.Now, jakarta, slog.New(slog.DiscardHandler)
	if err := store.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	if err := store.SeedDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	s.Now, s.Location, s.Booking = clock.Now, jakarta, store
	s.GuestBook = &guestBook{} // the home screen's Kunjungan button too
	s.Signer = booking.Signer{Site: "uji", Secret: []byte("a secret of sixteen bytes or more")}
	u.QR = func(p string, size int) (image.Image, error) { return vision.QR(p, size) }
	s.Done() // re-render home with the makerspace button
	return u, s, store, clock
}

func TestBookOnScreen(t *testing.T) {
	u, s, store, clock := makerspaceUI(t)
	tap(t, u, "Pesan ruang kreatif")
	shows(t, u, "Ruang Kreatif", "Prusa MK4", "Printer 3D · Ruang Kreatif, lantai 2", "Sedang tutup")
	tap(t, u, "Prusa MK4")
	shows(t, u, "Hari ini", "Besok", "08:00  kosong", "15:00  kosong")
	tap(t, u, "09:00  kosong")
	shows(t, u, "Berapa lama?", "1 jam", "4 jam")
	tap(t, u, "2 jam")
	tap(t, u, "Pesan")
	if v := s.View(); v.Screen != session.ScreenIdentify {
		t.Fatalf("screen %s", v.Screen)
	}
	s.Scan(context.Background(), kiosk.Scan{Code: "20001000000012"})
	for _, d := range "1234" {
		tap(t, u, string(d))
	}
	u.submitTyped()
	shows(t, u, "Konfirmasi pemesanan", "Prusa MK4", "09:00–11:00", "(2 jam)")
	tap(t, u, "Konfirmasi pemesanan")
	v := s.View()
	if v.Screen != session.ScreenBooked {
		t.Fatalf("screen %s: %+v", v.Screen, v.Message)
	}
	code := v.Makerspace.Booked.Booking.Code
	shows(t, u, "Pemesanan Anda", "Kode: "+code, "Berhasil dipesan!")
	// The QR code on screen decodes to the signed payload.
	var qr *canvas.Image
	walk(u.Window.Content(), func(o fyne.CanvasObject) {
		if img, ok := o.(*canvas.Image); ok && img.Image != nil && img.MinSize().Width >= 320 {
			qr = img
		}
	})
	if qr == nil {
		t.Fatal("no QR code on the booked screen")
	}
	got, err := vision.NewDecoder().Decode(vision.Gray(nil, qr.Image))
	if err != nil || got.Text != v.Makerspace.Booked.Payload {
		t.Fatalf("QR on screen reads %q, %v", got.Text, err)
	}
	tap(t, u, "Tutup")

	// Check in by scanning the QR code at 08:50.
	clock.Set(time.Date(2026, 11, 23, 8, 50, 0, 0, jakarta))
	s.Scan(context.Background(), kiosk.Scan{Code: got.Text, Source: "camera"})
	shows(t, u, "Check-in ruang kreatif", "Selamat datang! Prusa MK4 milik Anda dari 09:00 sampai 11:00.")
	if b, _ := store.ByCode(context.Background(), code); b.State != booking.CheckedIn {
		t.Fatalf("stored %s", b.State)
	}
}

func TestBookingRefusedOnScreen(t *testing.T) {
	u, s, _, _ := makerspaceUI(t)
	s.SetLang(kiosk.LangEN)
	tap(t, u, "Book makerspace")
	tap(t, u, "Laser cutter 40W")
	tap(t, u, "09:00  free")
	tap(t, u, "Book")
	s.Scan(context.Background(), kiosk.Scan{Code: "20001000000012"})
	for _, d := range "1234" {
		tap(t, u, string(d))
	}
	u.submitTyped()
	tap(t, u, "Confirm booking")
	shows(t, u, "Confirm your booking", "This equipment is for ages 16 and over. Please ask staff to confirm your age.")
	tap(t, u, "Change")
	shows(t, u, "Laser cutter 40W", "How long?")
}

func TestCancelBookingOnScreen(t *testing.T) {
	u, s, store, _ := makerspaceUI(t)
	b, err := store.Book(context.Background(), booking.Request{Resource: "room-1", Patron: booking.Patron{Card: "20001000000012"},
		Start: time.Date(2026, 11, 24, 10, 0, 0, 0, jakarta), Duration: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	tap(t, u, "Akun saya")
	s.Scan(context.Background(), kiosk.Scan{Code: "20001000000012"})
	for _, d := range "1234" {
		tap(t, u, string(d))
	}
	u.submitTyped()
	shows(t, u, "Pemesanan ruang kreatif saya", "Ruang diskusi — Sel 24 Nov 2026, 10:00–11:00 — "+b.Code)
	tap(t, u, "Batalkan pemesanan")
	shows(t, u, "Batalkan pemesanan ini? Ruang diskusi, Sel 24 Nov 2026, 10:00–11:00")
	tap(t, u, "Tidak")
	if got, _ := store.Booking(context.Background(), b.ID); got.State != booking.Confirmed {
		t.Fatalf("cancelled without being sure: %s", got.State)
	}
	tap(t, u, "Batalkan pemesanan")
	tap(t, u, "Ya")
	shows(t, u, "Pemesanan dibatalkan.", "Tidak ada pemesanan mendatang.")
	if got, _ := store.Booking(context.Background(), b.ID); got.State != booking.Cancelled {
		t.Fatalf("stored %s", got.State)
	}
}

// TestMakerspaceSnapshots keeps images of the day view and the booked
// screen for review.
func TestMakerspaceSnapshots(t *testing.T) {
	u, s, store, clock := makerspaceUI(t)
	ctx := context.Background()
	if _, err := store.Book(ctx, booking.Request{Resource: "printer-1", Patron: booking.Patron{Card: "x"}, Start: time.Date(2026, 11, 23, 8, 0, 0, 0, jakarta), Duration: 2 * time.Hour}); err != nil {
		t.Fatal(err)
	}
	store.SetOutOfService(ctx, "sewing-2", true, "jarum patah")
	clock.Set(time.Date(2026, 11, 23, 8, 40, 0, 0, jakarta))
	s.ShowMakerspace(context.Background())
	looksLike(t, "makerspace.png", u.Window.Canvas().Capture())
	s.PickResource(context.Background(), "printer-1")
	s.PickSlot(4) // 12:00
	s.PickDuration(2 * time.Hour)
	looksLike(t, "slots.png", u.Window.Canvas().Capture())
}

// TestDynamicKeysTranslated checks the keys the makerspace screens build
// from values (live states, kinds, slot states, weekdays).
func TestDynamicKeysTranslated(t *testing.T) {
	cat := assets.Catalog()
	var keys []string
	for _, l := range []booking.Live{booking.LiveFree, booking.LiveInUse, booking.LiveClosed, booking.LiveOutOfService} {
		keys = append(keys, "live."+l.String())
	}
	for _, k := range []string{booking.KindPrinter3D, booking.KindLaser, booking.KindSewing, booking.KindStudio, booking.KindDesignPC, booking.KindRoom, "forge"} {
		keys = append(keys, "kind."+knownKind(k))
	}
	for _, st := range []booking.SlotState{booking.SlotFree, booking.SlotTaken, booking.SlotTooSoon, booking.SlotNoRoom} {
		keys = append(keys, "slots."+st.String())
	}
	for d := range 7 {
		keys = append(keys, "weekday."+string(rune('0'+d)))
	}
	for _, k := range keys {
		for _, lang := range cat.Languages() {
			if !cat.Has(lang, k) || strings.Contains(cat.T(lang, k, nil), k) {
				t.Errorf("%s: %q not translated", lang, k)
			}
		}
	}
}

// guestBook is a guest book in memory.
type guestBook struct {
	visits  []kiosk.Visit
	ratings []kiosk.Rating
}

func (b *guestBook) RecordVisit(_ context.Context, v kiosk.Visit) (bool, error) {
	b.visits = append(b.visits, v)
	return true, nil
}

func (b *guestBook) RecordRating(_ context.Context, r kiosk.Rating) error {
	b.ratings = append(b.ratings, r)
	return nil
}
