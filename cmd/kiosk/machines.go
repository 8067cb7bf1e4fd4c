package main

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/anjungan/anjungan/booking"
	"github.com/anjungan/anjungan/devices/machine"
	"github.com/anjungan/anjungan/kiosk"
)

// machines keeps the makerspace machines' last states.
type machines struct {
	mu    sync.Mutex
	state map[string]kiosk.MachineState
}

// startMachines starts a watcher or poller per configured machine.
func (m *Main) startMachines(ctx context.Context, now func() time.Time) {
	m.machines.state = map[string]kiosk.MachineState{}
	for _, mc := range m.Config.Machines {
		onState := func(s kiosk.MachineState) { m.machineChanged(s) }
		log := m.Logger.With("component", "machine")
		if mc.Source == machine.SourceMarlin {
			p := &machine.Poller{ID: mc.ID, Port: mc.Port, BaudRate: mc.Baud, Every: mc.Every.Duration, OnState: onState, Now: now, Logger: log}
			m.goRun(ctx, p.Run)
			continue
		}
		w := &machine.Watcher{ID: mc.ID, Source: mc.Source, Broker: mc.Broker, Username: mc.Username, Password: mc.Password,
			Topic: mc.Topic, Insecure: mc.Insecure, OnState: onState, Now: now, Logger: log}
		m.goRun(ctx, w.Run)
	}
}

func (m *Main) machineChanged(s kiosk.MachineState) {
	m.machines.mu.Lock()
	before := m.machines.state[s.ID]
	m.machines.state[s.ID] = s
	m.machines.mu.Unlock()
	if r := m.Reporter; r != nil {
		if s.State != before.State {
			r.Event(kiosk.Event{Kind: kiosk.EventDevice, Device: s.ID, Detail: "machine " + string(s.State)})
		}
		r.Changed()
	}
}

// Machines returns the machines' states by resource id.
func (m *Main) Machines() map[string]kiosk.MachineState {
	m.machines.mu.Lock()
	defer m.machines.mu.Unlock()
	out := make(map[string]kiosk.MachineState, len(m.machines.state))
	for k, v := range m.machines.state {
		out[k] = v
	}
	return out
}

// machineStatus lists the machines for staff, warning where a running job
// will still be running when the resource's next booking starts
// (booking.Overrun).
func (m *Main) machineStatus(now time.Time) []kiosk.MachineState {
	ms := m.Machines()
	out := make([]kiosk.MachineState, 0, len(ms))
	var upcoming []booking.Booking
	if m.Makerspace != nil && len(ms) > 0 {
		upcoming = m.upcomingBookings(now)
	}
	for _, s := range ms {
		if s.State == kiosk.MachineBusy {
			if next, ok := booking.Overrun(upcoming, s.ID, now, s.Finish); ok {
				s.Warning = fmt.Sprintf("job ends about %s, after the next booking starts at %s (%s)",
					s.Finish.In(m.Session.Location).Format("15:04"), next.Start.In(m.Session.Location).Format("15:04"), next.Code)
			}
		}
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// upcomingBookings are the makerspace's bookings today and tomorrow, as
// far as the store answers. The query ends with the kiosk (Main's
// context), and after 2 s at the most.
func (m *Main) upcomingBookings(now time.Time) []booking.Booking {
	parent := m.ctx
	if parent == nil {
		parent = context.Background() // not opened: only tests call it so
	}
	ctx, cancel := context.WithTimeout(parent, 2*time.Second)
	defer cancel()
	day := booking.DateOf(now, m.Session.Location)
	var out []booking.Booking
	for _, d := range []booking.Date{day, day.AddDays(1)} {
		bs, err := m.Makerspace.Bookings(ctx, d)
		if err != nil {
			break
		}
		out = append(out, bs...)
	}
	return out
}
