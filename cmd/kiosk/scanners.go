package main

import (
	"sync"

	"github.com/anjungan/anjungan/kiosk"
)

// scannerSet tracks which of the kiosk's scanners are connected and
// reports when the kiosk has none left (or has one again).
type scannerSet struct {
	mu        sync.Mutex
	want      int
	connected map[string]bool
	down      func(bool)
	report    func(kiosk.DeviceState) // each change, for staff; may be nil
}

// newScannerSet reports down at once when scanners are configured: none
// is open yet. With no scanners configured the kiosk is typed at, and
// nothing is ever down.
func newScannerSet(n int, down func(bool)) *scannerSet {
	s := &scannerSet{want: n, connected: map[string]bool{}, down: down}
	if n > 0 {
		down(true)
	}
	return s
}

func (s *scannerSet) update(st kiosk.DeviceState) {
	s.mu.Lock()
	s.connected[st.Name] = st.Connected
	up := 0
	for _, c := range s.connected {
		if c {
			up++
		}
	}
	s.mu.Unlock()
	s.down(s.want > 0 && up == 0)
	if s.report != nil {
		s.report(st)
	}
}
