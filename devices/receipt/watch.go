package receipt

import (
	"context"
	"time"

	"github.com/anjungan/anjungan/kiosk"
)

// Watch asks the printer for its real-time status (Status) at once and
// then every interval, passing each answer to f, until ctx ends; it
// returns nil then.
func (p *Printer) Watch(ctx context.Context, every time.Duration, f func(kiosk.DeviceStatus)) error {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		f(p.Status(ctx))
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// StatusChanged reports whether staff see a difference between a
// printer's previous status and st: connected, paper or cover. The first
// status (prev nil) is a change.
func StatusChanged(prev *kiosk.DeviceStatus, st kiosk.DeviceStatus) bool {
	return prev == nil || prev.Connected != st.Connected || prev.Paper != st.Paper || prev.CoverOpen != st.CoverOpen
}

// StatusEvent is the event staff are told of for a printer's status, the
// most pressing first: disconnected, paper out or near its end, cover
// open. A printer with nothing wrong has none (false).
func StatusEvent(st kiosk.DeviceStatus) (kiosk.Event, bool) {
	switch {
	case !st.Connected:
		return kiosk.Event{Kind: kiosk.EventDevice, Device: st.Name, Detail: "disconnected"}, true
	case st.Paper == PaperOut || st.Paper == PaperNearEnd:
		return kiosk.Event{Kind: kiosk.EventPaper, Device: st.Name, Detail: "paper " + st.Paper}, true
	case st.CoverOpen:
		return kiosk.Event{Kind: kiosk.EventDevice, Device: st.Name, Detail: "cover open"}, true
	}
	return kiosk.Event{}, false
}
