package session

import (
	"time"

	"github.com/anjungan/anjungan/booking"
)

// Makerspace screens.
const (
	ScreenMakerspace Screen = "makerspace" // the equipment list
	ScreenSlots      Screen = "slots"      // one resource's day view
	ScreenConfirm    Screen = "confirm"    // the chosen booking, to confirm
	ScreenBooked     Screen = "booked"     // the QR code and booking code
	ScreenCheckin    Screen = "checkin"    // the result of scanning a booking QR
)

// IntentBook: the patron identifies to book what they chose.
const IntentBook Intent = "book"

// ResourceRow is one piece of equipment in the list.
type ResourceRow struct {
	ID, Kind, Name, Location, Description, Photo string
	Live                                         booking.Live
	Note                                         string // why it is out of service
}

// MakerspaceView is what the makerspace screens show.
type MakerspaceView struct {
	Resources []ResourceRow
	// The resource being booked and its day views.
	Resource booking.Resource
	Days     []booking.Day
	Day      int // selected day
	Slot     int // selected slot of that day, -1 for none
	// Durations the selected slot allows; Duration is the chosen one.
	Durations []time.Duration
	Duration  time.Duration
	// Booked is the booking just made, or checked in.
	Booked *BookedView
}

// Start is the chosen start, or zero.
func (m *MakerspaceView) Start() time.Time {
	if m == nil || m.Day < 0 || m.Day >= len(m.Days) || m.Slot < 0 || m.Slot >= len(m.Days[m.Day].Slots) {
		return time.Time{}
	}
	return m.Days[m.Day].Slots[m.Slot].Start
}

// BookedView is a confirmed (or checked-in) booking on screen.
type BookedView struct {
	Booking      booking.Booking
	ResourceName string
	Location     string
	// Payload is the signed check-in token the QR code carries.
	Payload string
}

// BookingRow is one upcoming booking in My account.
type BookingRow struct {
	booking.Booking
	ResourceName string
	// CancelBy is the patron's cancellation deadline.
	CancelBy    time.Time
	Cancellable bool
}

func (m *MakerspaceView) clone() *MakerspaceView {
	if m == nil {
		return nil
	}
	c := *m
	c.Resources = append([]ResourceRow(nil), m.Resources...)
	c.Days = make([]booking.Day, len(m.Days))
	for i, d := range m.Days {
		d.Slots = append([]booking.Slot(nil), d.Slots...)
		c.Days[i] = d
	}
	c.Durations = append([]time.Duration(nil), m.Durations...)
	if m.Booked != nil {
		b := *m.Booked
		c.Booked = &b
	}
	return &c
}
