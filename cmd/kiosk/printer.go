package main

import (
	"context"
	"sync"
	"time"

	"github.com/anjungan/anjungan/devices/receipt"
	"github.com/anjungan/anjungan/kiosk"
)

// printerWatch asks the receipt printer for its real-time status every
// interval, for staff: connected, paper near its end or out, cover open.
type printerWatch struct {
	mu   sync.Mutex
	last *kiosk.DeviceStatus
}

func (m *Main) watchPrinter(ctx context.Context, p *receipt.Printer, every time.Duration) error {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		st := p.Status(ctx)
		m.printer.mu.Lock()
		prev := m.printer.last
		m.printer.last = &st
		m.printer.mu.Unlock()
		if r := m.Reporter; r != nil && (prev == nil || prev.Connected != st.Connected || prev.Paper != st.Paper || prev.CoverOpen != st.CoverOpen) {
			switch {
			case !st.Connected:
				r.Event(kiosk.Event{Kind: kiosk.EventDevice, Device: st.Name, Detail: "disconnected"})
			case st.Paper == receipt.PaperOut || st.Paper == receipt.PaperNearEnd:
				r.Event(kiosk.Event{Kind: kiosk.EventPaper, Device: st.Name, Detail: "paper " + st.Paper})
			case st.CoverOpen:
				r.Event(kiosk.Event{Kind: kiosk.EventDevice, Device: st.Name, Detail: "cover open"})
			}
			r.Changed()
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// printerStatus is the printer's last status, if there is a printer.
func (m *Main) printerStatus() (kiosk.DeviceStatus, bool) {
	m.printer.mu.Lock()
	defer m.printer.mu.Unlock()
	if m.printer.last == nil {
		return kiosk.DeviceStatus{}, false
	}
	return *m.printer.last, true
}
