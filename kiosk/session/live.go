package session

import (
	"context"
	"time"

	"github.com/anjungan/anjungan/booking"
	"github.com/anjungan/anjungan/kiosk"
)

// BookingsChanged reloads what the patron is looking at when bookings of
// resource changed elsewhere — at another kiosk, on a phone, by the
// no-show sweep: the equipment list's live states, or that resource's day
// views, on the same day. A slot the patron had chosen stays chosen while
// it is free; taken meanwhile, it is dropped with "slot taken". Other
// screens are left alone (a confirmation still meets the database's own
// refusal).
func (s *Session) BookingsChanged(ctx context.Context, resource string) {
	s.op.Lock()
	defer s.op.Unlock()
	v := s.View()
	switch {
	case v.Screen == ScreenMakerspace:
		s.showMakerspace(ctx)
	case v.Screen == ScreenSlots && v.Makerspace != nil && (resource == "" || v.Makerspace.Resource.ID == resource):
		m := v.Makerspace
		picked, duration := m.Start(), m.Duration
		s.loadDays(ctx, m.Resource.ID, m.Day)
		if !picked.IsZero() {
			s.repick(picked, duration)
		}
	}
}

// repick chooses again the slot starting at start (and the duration)
// after the day views were reloaded, or says it was taken.
func (s *Session) repick(start time.Time, d time.Duration) {
	s.update(func(v *View) {
		m := v.Makerspace
		if m == nil || m.Day < 0 || m.Day >= len(m.Days) {
			return
		}
		for i, sl := range m.Days[m.Day].Slots {
			if !sl.Start.Equal(start) {
				continue
			}
			if sl.State != booking.SlotFree {
				break
			}
			m.Slot, m.Durations, m.Duration = i, sl.Durations(m.Resource.Rules), 0
			for _, ok := range m.Durations {
				if ok == d {
					m.Duration = d
				}
			}
			if m.Duration == 0 && len(m.Durations) > 0 {
				m.Duration = m.Durations[0] // the longer one no longer fits
			}
			return
		}
		v.Message = kiosk.Msg(kiosk.LevelWarning, booking.KeySlotTaken)
	})
}
