package session

import (
	"context"
	"time"

	"github.com/anjungan/anjungan/booking"
	"github.com/anjungan/anjungan/kiosk"
)

// Makerspace message keys.
const (
	KeyNoMakerspace   = "makerspace.none"
	KeyPickSlot       = "makerspace.pick_slot"
	KeyReceiptBooking = "receipt.booking"
	KeyReceiptCode    = "receipt.booking_code"
	KeyReceiptCheckin = "receipt.booking_checkin"
	KeyFinishFirst    = "makerspace.finish_first"
)

// location is the library's time zone for day views and times.
func (s *Session) location() *time.Location {
	if s.Location != nil {
		return s.Location
	}
	return time.Local
}

// ShowMakerspace shows the equipment list with each resource's state now.
// An identified patron stays identified.
func (s *Session) ShowMakerspace(ctx context.Context) {
	s.op.Lock()
	defer s.op.Unlock()
	s.showMakerspace(ctx)
}

func (s *Session) showMakerspace(ctx context.Context) {
	if s.Booking == nil {
		s.update(func(v *View) { v.Message = kiosk.Msg(kiosk.LevelInfo, KeyNoMakerspace) })
		return
	}
	if s.outOfService() && s.screen() == ScreenHome {
		return
	}
	var av []booking.Availability
	today := booking.DateOf(s.Now(), s.location())
	err := s.call(func() (err error) {
		av, err = s.Booking.Availability(ctx, today, 1)
		return err
	})
	s.logResult(ctx, "makerspace", err)
	s.update(func(v *View) {
		switch v.Screen {
		case ScreenHome:
			s.begin()
		case ScreenFinish:
			s.reset()
		}
		v.Screen, v.Intent, v.Account = ScreenMakerspace, IntentBook, nil
		v.Message = kiosk.ErrorMessage(err)
		m := &MakerspaceView{Slot: -1}
		machines := s.machineStates()
		for _, a := range av {
			r := a.Resource
			row := ResourceRow{ID: r.ID, Kind: r.Kind, Name: r.Name, Location: r.Location,
				Description: r.Description, Photo: r.Photo, Live: a.Live, Note: r.Note}
			switch mc, ok := machines[r.ID]; {
			case ok && mc.State == kiosk.MachineError && row.Live != booking.LiveOutOfService:
				row.Live, row.Note = booking.LiveOutOfService, mc.Error
			case ok && (mc.State == kiosk.MachineBusy || mc.State == kiosk.MachinePaused) && row.Live == booking.LiveFree:
				row.Live = booking.LiveInUse // someone is printing without a booking, or overran
			}
			m.Resources = append(m.Resources, row)
		}
		v.Makerspace = m
	})
}

// PickResource shows a resource's day views, today and the following days
// of its advance window.
func (s *Session) PickResource(ctx context.Context, id string) {
	s.op.Lock()
	defer s.op.Unlock()
	s.loadDays(ctx, id, -1)
}

// loadDays loads id's day views and selects day (the first day with a
// free slot when day < 0).
func (s *Session) loadDays(ctx context.Context, id string, day int) {
	if s.Booking == nil {
		return
	}
	var av []booking.Availability
	today := booking.DateOf(s.Now(), s.location())
	err := s.call(func() error {
		res, err := s.Booking.Resource(ctx, id)
		if err != nil {
			return err
		}
		av, err = s.Booking.Availability(ctx, today, res.Rules.AdvanceDays+1, id)
		return err
	})
	s.logResult(ctx, "availability", err)
	s.update(func(v *View) {
		if err != nil || len(av) == 0 {
			v.Message = kiosk.ErrorMessage(err)
			return
		}
		m := v.Makerspace
		if m == nil {
			m = &MakerspaceView{}
			v.Makerspace = m
		}
		v.Screen = ScreenSlots
		m.Resource, m.Days, m.Slot, m.Durations, m.Duration = av[0].Resource, av[0].Days, -1, nil, 0
		m.Day = day
		if day < 0 || day >= len(m.Days) {
			m.Day = 0
			for i, d := range m.Days {
				if d.Free() {
					m.Day = i
					break
				}
			}
		}
		mc, machine := s.machineStates()[id]
		switch {
		case av[0].Resource.OutOfService:
			v.Message = kiosk.Msg(kiosk.LevelWarning, booking.KeyOutOfService, "resource", av[0].Resource.Name, "note", av[0].Resource.Note)
		case machine && mc.State == kiosk.MachineError:
			v.Message = kiosk.Msg(kiosk.LevelWarning, booking.KeyOutOfService, "resource", av[0].Resource.Name, "note", mc.Error)
		case v.Message.Key != booking.KeySlotTaken:
			v.Message = kiosk.Message{}
		}
	})
}

// PickDay selects one of the day views.
func (s *Session) PickDay(i int) {
	s.update(func(v *View) {
		if m := v.Makerspace; m != nil && i >= 0 && i < len(m.Days) {
			m.Day, m.Slot, m.Durations, m.Duration = i, -1, nil, 0
			v.Message = kiosk.Message{}
		}
	})
}

// PickSlot selects a free slot as the start; the shortest duration is
// chosen until the patron picks another.
func (s *Session) PickSlot(i int) {
	s.update(func(v *View) {
		m := v.Makerspace
		if m == nil || m.Day < 0 || m.Day >= len(m.Days) || i < 0 || i >= len(m.Days[m.Day].Slots) {
			return
		}
		sl := m.Days[m.Day].Slots[i]
		if sl.State != booking.SlotFree {
			v.Message = kiosk.Msg(kiosk.LevelInfo, KeyPickSlot)
			return
		}
		m.Slot, m.Durations = i, sl.Durations(m.Resource.Rules)
		m.Duration = 0
		if len(m.Durations) > 0 {
			m.Duration = m.Durations[0]
		}
		v.Message = kiosk.Message{}
	})
}

// PickDuration chooses one of the offered durations.
func (s *Session) PickDuration(d time.Duration) {
	s.update(func(v *View) {
		if m := v.Makerspace; m != nil {
			for _, ok := range m.Durations {
				if ok == d {
					m.Duration = d
				}
			}
		}
	})
}

// BookSelected moves on from the chosen slot: to identification, or to
// the confirmation when the patron is identified already.
func (s *Session) BookSelected() {
	s.update(func(v *View) {
		m := v.Makerspace
		if m == nil || m.Start().IsZero() || m.Duration == 0 {
			v.Message = kiosk.Msg(kiosk.LevelInfo, KeyPickSlot)
			return
		}
		v.Intent, v.Message = IntentBook, kiosk.Message{}
		if s.cred.Card == "" {
			v.Screen = ScreenIdentify
			return
		}
		v.Screen = ScreenConfirm
	})
}

// BackToSlots returns from the confirmation to the day view.
func (s *Session) BackToSlots() {
	s.update(func(v *View) {
		if v.Makerspace != nil && v.Makerspace.Resource.ID != "" {
			v.Screen, v.Message = ScreenSlots, kiosk.Message{}
		}
	})
}

// ConfirmBooking books the chosen slot for the identified patron. A
// refusal names its rule; a slot taken in the meantime reloads the day
// view. The booking's QR code and code are shown, and printed when there
// is a printer.
func (s *Session) ConfirmBooking(ctx context.Context) {
	s.op.Lock()
	defer s.op.Unlock()
	v := s.View()
	m := v.Makerspace
	s.mu.Lock()
	patron := s.patron
	s.mu.Unlock()
	if v.Screen != ScreenConfirm || m == nil || patron.Card == "" {
		return
	}
	req := booking.Request{Resource: m.Resource.ID, Patron: patron, Start: m.Start(), Duration: m.Duration, Kiosk: s.Config.Kiosk}
	var b booking.Booking
	err := s.call(func() (err error) {
		b, err = s.Booking.Book(ctx, req)
		return err
	})
	if err != nil {
		s.logResult(ctx, "book", err)
		s.update(func(v *View) { v.Message = kiosk.ErrorMessage(err) })
		if kiosk.ErrorKey(err) == booking.KeySlotTaken {
			s.loadDays(ctx, m.Resource.ID, m.Day)
		}
		return
	}
	s.Logger.Info("booked", "booking", b)
	payload, perr := s.Signer.Sign(booking.Token{Site: s.Signer.Site, Booking: b.ID, Expires: booking.CheckinWindow(b, m.Resource.Rules).End})
	if perr != nil {
		s.Logger.Error("booking token", "err", perr)
	}
	booked := &BookedView{Booking: b, ResourceName: m.Resource.Name, Location: m.Resource.Location, Payload: payload}
	r := s.bookingReceipt(v.Lang, v.PatronName, booked)
	printed := false
	if s.Printer != nil {
		perr := s.call(func() error { return s.Printer.Print(ctx, r) })
		if perr != nil {
			s.Logger.Warn("booking receipt not printed", "err", perr)
		}
		printed = perr == nil
	}
	s.update(func(v *View) {
		v.Screen, v.Countdown = ScreenBooked, 0
		v.Makerspace.Booked = booked
		v.Receipt, v.Printed = &r, printed
		v.Message = kiosk.Msg(kiosk.LevelSuccess, booking.KeyBooked)
		// Time to photograph the code before the visit ends.
		s.finishAt = s.Now().Add(3 * s.Config.FinishDelay)
	})
}

// checkinBooking checks in the booking a scanned QR code names.
func (s *Session) checkinBooking(ctx context.Context, code string) {
	if s.Booking == nil {
		s.update(func(v *View) { v.Message = kiosk.Msg(kiosk.LevelInfo, KeyNoMakerspace) })
		return
	}
	var b booking.Booking
	var res booking.Resource
	err := s.call(func() error {
		tok, err := s.Signer.Verify(code, s.Now())
		if err != nil {
			return err
		}
		if b, err = s.Booking.CheckIn(ctx, tok.Booking, s.Config.Kiosk); err != nil {
			return err
		}
		res, _ = s.Booking.Resource(ctx, b.Resource)
		return nil
	})
	s.logResult(ctx, "check in", err)
	s.update(func(v *View) {
		s.begin()
		v.Screen = ScreenCheckin
		if err != nil {
			v.Message = kiosk.ErrorMessage(err)
		} else {
			name := res.Name
			if name == "" {
				name = b.Resource
			}
			v.Makerspace = &MakerspaceView{Slot: -1, Booked: &BookedView{Booking: b, ResourceName: name, Location: res.Location}}
			v.Message = kiosk.Msg(kiosk.LevelSuccess, booking.KeyCheckedIn, "resource", name,
				"start", b.Start.In(s.location()).Format("15:04"), "end", b.End.In(s.location()).Format("15:04"))
		}
		s.finishAt = s.Now().Add(s.Config.FinishDelay)
	})
}

// bookingReceipt is the slip of a new booking: what, where, when, the
// code, and the QR code to check in with.
func (s *Session) bookingReceipt(lang, name string, b *BookedView) kiosk.Receipt {
	t := func(key string, kv ...string) string { return s.Catalog.Message(lang, kiosk.Msg(0, key, kv...)) }
	loc := s.location()
	start, end := b.Booking.Start.In(loc), b.Booking.End.In(loc)
	when := s.Catalog.Date(lang, start) + " " + start.Format("15:04") + "–" + end.Format("15:04")
	return kiosk.Receipt{
		Library: s.Config.Library,
		Heading: t(KeyReceiptBooking),
		When:    s.Catalog.DateTime(lang, s.Now().In(loc)),
		Patron:  name,
		Entries: []kiosk.ReceiptEntry{{Title: b.ResourceName, Detail: when}, {Title: b.Location}},
		Notes: []string{
			t(KeyReceiptCode, "code", b.Booking.Code),
			t(KeyReceiptCheckin),
			t(KeyReceiptThanks),
		},
		QR: b.Payload,
	}
}

// loadBookings fills My account's upcoming bookings.
func (s *Session) loadBookings(ctx context.Context, card string) []BookingRow {
	if s.Booking == nil {
		return nil
	}
	bs, err := s.Booking.Upcoming(ctx, card)
	s.logResult(ctx, "upcoming bookings", err)
	now := s.Now()
	var rows []BookingRow
	names := map[string]booking.Resource{}
	for _, b := range bs {
		r, ok := names[b.Resource]
		if !ok {
			r, _ = s.Booking.Resource(ctx, b.Resource)
			names[b.Resource] = r
		}
		row := BookingRow{Booking: b, ResourceName: r.Name, CancelBy: booking.CancelDeadline(b, r.Rules)}
		if row.ResourceName == "" {
			row.ResourceName = b.Resource
		}
		row.Cancellable = b.State == booking.Confirmed && !now.After(row.CancelBy)
		rows = append(rows, row)
	}
	return rows
}

// CancelBooking cancels upcoming booking i of My account.
func (s *Session) CancelBooking(ctx context.Context, i int) {
	s.op.Lock()
	defer s.op.Unlock()
	v := s.View()
	card := s.credentials().Card
	if v.Account == nil || i < 0 || i >= len(v.Account.Bookings) || card == "" || s.Booking == nil {
		return
	}
	id := v.Account.Bookings[i].ID
	err := s.call(func() error {
		_, err := s.Booking.Cancel(ctx, id, booking.Actor{Patron: card})
		return err
	})
	s.logResult(ctx, "cancel booking", err)
	rows := s.loadBookings(ctx, card)
	s.update(func(v *View) {
		if v.Account != nil {
			v.Account.Bookings = rows
		}
		if err != nil {
			v.Message = kiosk.ErrorMessage(err)
		} else {
			v.Message = kiosk.Msg(kiosk.LevelSuccess, booking.KeyCancelledOK)
		}
	})
}

// machineStates returns the machines' states, or none.
func (s *Session) machineStates() map[string]kiosk.MachineState {
	if s.Machines == nil {
		return nil
	}
	return s.Machines()
}
