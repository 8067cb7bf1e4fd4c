package main

import (
	"context"
	"sync"
	"time"

	"github.com/anjungan/anjungan/devices/receipt"
	"github.com/anjungan/anjungan/kiosk"
)

// printerWatch keeps the receipt printer's last status for staff and
// reports its changes (receipt.StatusChanged, receipt.StatusEvent).
type printerWatch struct {
	mu   sync.Mutex
	last *kiosk.DeviceStatus
}

func (m *Main) watchPrinter(ctx context.Context, p *receipt.Printer, every time.Duration) error {
	return p.Watch(ctx, every, func(st kiosk.DeviceStatus) {
		m.printer.mu.Lock()
		prev := m.printer.last
		m.printer.last = &st
		m.printer.mu.Unlock()
		if r := m.Reporter; r != nil && receipt.StatusChanged(prev, st) {
			if ev, ok := receipt.StatusEvent(st); ok {
				r.Event(ev)
			}
			r.Changed()
		}
	})
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
