package session_test

import (
	"testing"
	"time"

	"github.com/anjungan/anjungan/booking"
	"github.com/anjungan/anjungan/kiosk/session"
)

// TestBookingsChanged: a booking made elsewhere (another kiosk, a phone)
// shows on the day view the patron is looking at: a chosen slot still free
// stays chosen with its duration; taken meanwhile, it is dropped with
// "slot taken". The equipment list shows the live state.
func TestBookingsChanged(t *testing.T) {
	s, store, _, _ := makerspace(t)
	s.ShowMakerspace(ctx)
	start := pickFirstFree(t, s, "pc-1")
	s.PickDuration(time.Hour)
	other := booking.Patron{Card: "20009999", Category: "adult", BirthDate: time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)}

	// Elsewhere, pc-1 an hour after the chosen slot: the choice stands.
	if _, err := store.Book(ctx, booking.Request{Resource: "pc-1", Patron: other, Start: start.Add(2 * time.Hour), Duration: time.Hour}); err != nil {
		t.Fatal(err)
	}
	s.BookingsChanged(ctx, "pc-1")
	v := s.View()
	if m := v.Makerspace; v.Screen != session.ScreenSlots || !m.Start().Equal(start) || m.Duration != time.Hour || v.Message.Key != "" {
		t.Fatalf("after a booking elsewhere: %s start %v duration %v %+v", v.Screen, m.Start(), m.Duration, v.Message)
	}
	taken := false
	for _, sl := range v.Makerspace.Days[v.Makerspace.Day].Slots {
		taken = taken || (sl.Start.Equal(start.Add(2*time.Hour)) && sl.State == booking.SlotTaken)
	}
	if !taken {
		t.Fatal("the other booking does not show on the day view")
	}

	// Elsewhere, the chosen slot itself: dropped, and said.
	if _, err := store.Book(ctx, booking.Request{Resource: "pc-1", Patron: other, Start: start, Duration: time.Hour}); err != nil {
		t.Fatal(err)
	}
	s.BookingsChanged(ctx, "pc-2") // another resource's change leaves the view alone
	if !s.View().Makerspace.Start().Equal(start) {
		t.Fatal("a change to another resource moved this one's choice")
	}
	s.BookingsChanged(ctx, "pc-1")
	v = s.View()
	if v.Makerspace.Slot != -1 || v.Message.Key != booking.KeySlotTaken {
		t.Fatalf("the chosen slot taken elsewhere: slot %d, %+v", v.Makerspace.Slot, v.Message)
	}
}
