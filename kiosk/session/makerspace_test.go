package session_test

import (
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/anjungan/anjungan/booking"
	bookingsql "github.com/anjungan/anjungan/booking/sqlite"
	"github.com/anjungan/anjungan/booking/sqlstore"
	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/mock"
	"github.com/anjungan/anjungan/kiosk/session"
)

var jakarta, _ = time.LoadLocation("Asia/Jakarta")

// makerspace returns a session on the demo makerspace (a real SQLite
// store) at 07:30 on Monday 23 November 2026 in Jakarta, Siti certified
// for the laser cutter, and the store.
func makerspace(t *testing.T) (*session.Session, *bookingsql.Store, *mock.Clock, *printer) {
	t.Helper()
	s, _ := newSession(t, library())
	clock := mock.NewClock(time.Date(2026, 11, 23, 7, 30, 0, 0, jakarta))
	store := bookingsql.New(filepath.Join(t.TempDir(), "makerspace.db"))
	store.Now, store.Location, store.Logger = clock.Now, jakarta, slog.New(slog.DiscardHandler)
	if err := store.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	if err := store.SeedDemo(ctx, siti.Card); err != nil {
		t.Fatal(err)
	}
	p := &printer{}
	s.Now, s.Location, s.Booking, s.Printer = clock.Now, jakarta, store, p
	s.Signer = booking.Signer{Site: "jakpus", Secret: []byte("a secret of sixteen bytes or more")}
	s.Config.Kiosk = "k1"
	return s, store, clock, p
}

// pickFirstFree picks resource id and its first free slot.
func pickFirstFree(t *testing.T, s *session.Session, id string) time.Time {
	t.Helper()
	s.PickResource(ctx, id)
	v := s.View()
	if v.Screen != session.ScreenSlots || v.Makerspace == nil {
		t.Fatalf("screen %s, message %+v", v.Screen, v.Message)
	}
	for i, sl := range v.Makerspace.Days[v.Makerspace.Day].Slots {
		if sl.State == booking.SlotFree {
			s.PickSlot(i)
			return sl.Start
		}
	}
	t.Fatalf("%s has no free slot", id)
	return time.Time{}
}

func TestBookAndCheckIn(t *testing.T) {
	s, store, clock, p := makerspace(t)
	s.ShowMakerspace(ctx)
	v := s.View()
	if v.Screen != session.ScreenMakerspace || len(v.Makerspace.Resources) != len(sqlstore.DemoResources()) {
		t.Fatalf("makerspace: %s %+v", v.Screen, v.Makerspace)
	}
	for _, r := range v.Makerspace.Resources {
		if r.Live != booking.LiveClosed { // 07:30, before opening
			t.Errorf("%s is %v at 07:30", r.ID, r.Live)
		}
	}
	start := pickFirstFree(t, s, "printer-1")
	if h := start.In(jakarta); h.Hour() != 8 || h.Day() != 23 {
		t.Fatalf("first free printer slot %v, want 08:00 today", h)
	}
	s.PickDuration(2 * time.Hour)
	if v := s.View(); v.Makerspace.Duration != 2*time.Hour || len(v.Makerspace.Durations) != 4 {
		t.Fatalf("durations %v, chosen %v", v.Makerspace.Durations, v.Makerspace.Duration)
	}
	s.PickDuration(90 * time.Minute) // not offered: ignored
	s.BookSelected()
	if v := s.View(); v.Screen != session.ScreenIdentify {
		t.Fatalf("booking without a patron goes to %s", v.Screen)
	}
	scan(s, siti.Card)
	pin(s, "1234")
	if v := s.View(); v.Screen != session.ScreenConfirm || v.Makerspace.Duration != 2*time.Hour {
		t.Fatalf("after PIN: %s %+v", v.Screen, v.Message)
	}
	s.ConfirmBooking(ctx)
	v = s.View()
	if v.Screen != session.ScreenBooked || v.Makerspace.Booked == nil || v.Message.Key != booking.KeyBooked {
		t.Fatalf("after confirm: %s %+v", v.Screen, v.Message)
	}
	bk := v.Makerspace.Booked
	if bk.Booking.Patron != siti.Card || !bk.Booking.Start.Equal(start) || bk.Booking.Duration() != 2*time.Hour || bk.Booking.Kiosk != "k1" {
		t.Fatalf("booking %+v", bk.Booking)
	}
	tok, err := s.Signer.Verify(bk.Payload, clock.Now())
	if err != nil || tok.Booking != bk.Booking.ID || !tok.Expires.Equal(start.Add(15*time.Minute)) {
		t.Fatalf("token %+v %v", tok, err)
	}
	if len(p.got) != 1 || p.got[0].QR != bk.Payload || !v.Printed {
		t.Fatalf("receipt %+v", p.got)
	}
	if txt := p.got[0].Text(42); !contains(txt, bk.Booking.Code) || !contains(txt, "Prusa MK4") || !contains(txt, "08:00–10:00") {
		t.Fatalf("receipt text:\n%s", txt)
	}
	// The booked screen goes home by itself.
	clock.Advance(time.Minute)
	s.Tick()
	if v := s.View(); v.Screen != session.ScreenHome || v.Makerspace != nil {
		t.Fatalf("after a minute: %s", v.Screen)
	}

	// Check in by scanning the QR code: too early, then in the window.
	scan(s, bk.Payload)
	if v := s.View(); v.Screen != session.ScreenCheckin || v.Message.Key != booking.KeyCheckinEarly {
		t.Fatalf("early check-in: %s %+v", v.Screen, v.Message)
	}
	clock.Set(start.Add(-10 * time.Minute))
	scan(s, bk.Payload)
	v = s.View()
	if v.Screen != session.ScreenCheckin || v.Message.Key != booking.KeyCheckedIn || v.Message.Args["start"] != "08:00" {
		t.Fatalf("check-in: %s %+v", v.Screen, v.Message)
	}
	if b, _ := store.Booking(ctx, bk.Booking.ID); b.State != booking.CheckedIn {
		t.Fatalf("stored state %s", b.State)
	}
	scan(s, bk.Payload)
	if v := s.View(); v.Message.Key != booking.KeyAlreadyCheckedIn {
		t.Fatalf("second check-in: %+v", v.Message)
	}
	// A forged code and one from another site are refused with reasons.
	forged, _ := booking.Signer{Site: "jakpus", Secret: []byte("not the site's secret at all")}.Sign(booking.Token{Site: "jakpus", Booking: bk.Booking.ID, Expires: tok.Expires})
	other, _ := booking.Signer{Site: "bandung", Secret: s.Signer.Secret}.Sign(booking.Token{Site: "bandung", Booking: bk.Booking.ID, Expires: tok.Expires})
	for code, key := range map[string]string{forged: booking.KeyTokenInvalid, other: booking.KeyTokenOtherSite} {
		scan(s, code)
		if v := s.View(); v.Screen != session.ScreenCheckin || v.Message.Key != key {
			t.Errorf("%s: %+v", code, v.Message)
		}
	}
}

func contains(s, sub string) bool { return sub != "" && strings.Contains(s, sub) }

// TestBookingRefused: each refusal names its rule and keeps the patron on
// the confirmation, and a slot taken meanwhile reloads the day view.
func TestBookingRefused(t *testing.T) {
	s, store, _, _ := makerspace(t)
	login(s, session.IntentBorrow)
	s.ShowMakerspace(ctx)
	if v := s.View(); v.Screen != session.ScreenMakerspace || v.PatronName != "Siti" {
		t.Fatalf("identified patron to makerspace: %s %q", v.Screen, v.PatronName)
	}
	pickFirstFree(t, s, "laser-1")
	s.BookSelected()
	if v := s.View(); v.Screen != session.ScreenConfirm {
		t.Fatalf("identified patron: %s", v.Screen)
	}
	s.ConfirmBooking(ctx)
	// Siti's birth date is unknown to the library: the laser needs 16.
	if v := s.View(); v.Screen != session.ScreenConfirm || v.Message.Key != booking.KeyAgeUnknown || v.Message.Args["age"] != "16" {
		t.Fatalf("laser: %s %+v", v.Screen, v.Message)
	}
	if text := s.Catalog.Message(kiosk.LangEN, s.View().Message); !contains(text, "16") {
		t.Fatalf("English text %q", text)
	}
	// Someone else takes the slot between choosing and confirming.
	s.BackToSlots()
	start := pickFirstFree(t, s, "pc-1")
	s.BookSelected()
	if _, err := store.Book(ctx, booking.Request{Resource: "pc-1", Patron: booking.Patron{Card: "other"}, Start: start, Duration: 30 * time.Minute}); err != nil {
		t.Fatal(err)
	}
	s.ConfirmBooking(ctx)
	v := s.View()
	if v.Screen != session.ScreenSlots || v.Message.Key != booking.KeySlotTaken || v.Makerspace.Slot != -1 {
		t.Fatalf("slot taken: %s %+v", v.Screen, v.Message)
	}
	if sl := v.Makerspace.Days[v.Makerspace.Day].Slots; sl[0].State != booking.SlotTaken {
		t.Fatalf("day view not reloaded: %v", sl[0].State)
	}
}

// TestMyBookings lists upcoming bookings in My account and cancels one.
func TestMyBookings(t *testing.T) {
	s, store, clock, _ := makerspace(t)
	b, err := store.Book(ctx, booking.Request{Resource: "studio", Patron: booking.Patron{Card: siti.Card}, Start: time.Date(2026, 11, 24, 9, 0, 0, 0, jakarta), Duration: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	circ := library()
	circ.AccountFn = func(_ context.Context, c kiosk.Credentials) (*kiosk.Account, error) {
		return &kiosk.Account{Patron: *siti}, nil
	}
	s.Circ = circ
	login(s, session.IntentAccount)
	v := s.View()
	if v.Screen != session.ScreenAccount || len(v.Account.Bookings) != 1 || v.Account.Bookings[0].ResourceName != "Studio rekaman" || !v.Account.Bookings[0].Cancellable {
		t.Fatalf("account: %s %+v", v.Screen, v.Account)
	}
	// The studio may be cancelled until 2 h before; later it may not.
	clock.Set(time.Date(2026, 11, 24, 7, 30, 0, 0, jakarta))
	s.CancelBooking(ctx, 0)
	if v := s.View(); v.Message.Key != booking.KeyCancelTooLate || len(v.Account.Bookings) != 1 || v.Account.Bookings[0].Cancellable {
		t.Fatalf("late cancel: %+v %+v", v.Message, v.Account.Bookings)
	}
	clock.Set(time.Date(2026, 11, 24, 6, 0, 0, 0, jakarta))
	s.CancelBooking(ctx, 0)
	if v := s.View(); v.Message.Key != booking.KeyCancelledOK || len(v.Account.Bookings) != 0 {
		t.Fatalf("cancel: %+v %+v", v.Message, v.Account.Bookings)
	}
	if got, _ := store.Booking(ctx, b.ID); got.State != booking.Cancelled || got.ClosedBy != "patron" {
		t.Fatalf("stored %+v", got)
	}
}

// TestMachineInError: a printer reporting an error shows out of service
// in the list and says so on its day view.
func TestMachineInError(t *testing.T) {
	s, _, _, _ := makerspace(t)
	s.Machines = func() map[string]kiosk.MachineState {
		return map[string]kiosk.MachineState{"printer-1": {ID: "printer-1", State: kiosk.MachineError, Error: "nozzle clogged"},
			"printer-2": {ID: "printer-2", State: kiosk.MachineIdle}}
	}
	s.ShowMakerspace(ctx)
	for _, r := range s.View().Makerspace.Resources {
		want := booking.LiveClosed // 07:30, before opening
		if r.ID == "printer-1" {
			want = booking.LiveOutOfService
		}
		if r.Live != want {
			t.Errorf("%s: %v, want %v", r.ID, r.Live, want)
		}
	}
	s.PickResource(ctx, "printer-1")
	if m := s.View().Message; m.Key != booking.KeyOutOfService || m.Args["note"] != "nozzle clogged" {
		t.Fatalf("day view message %+v", m)
	}
}
