package camera

import (
	"time"

	"github.com/anjungan/anjungan/kiosk"
)

// sightings remembers the codes seen within a window, to tell a new scan
// from a code still held up to the camera.
type sightings struct {
	window time.Duration
	last   map[string]time.Time // a text's last sighting
	first  map[string]time.Time // an EAN-13 text read once, awaiting a second read
}

func newSightings(window time.Duration) *sightings {
	return &sightings{window: window, last: map[string]time.Time{}, first: map[string]time.Time{}}
}

// new reports whether c, seen at now, is a new scan: not seen within the
// window, and for EAN-13 read a second time within it. Every sighting
// renews the window.
func (s *sightings) new(c code, now time.Time) bool {
	s.forget(now)
	if _, ok := s.last[c.text]; ok {
		s.last[c.text] = now
		return false
	}
	if c.sym == kiosk.SymEAN {
		if _, ok := s.first[c.text]; !ok {
			s.first[c.text] = now
			return false
		}
		delete(s.first, c.text)
	}
	s.last[c.text] = now
	return true
}

// forget drops the sightings older than the window.
func (s *sightings) forget(now time.Time) {
	for t, at := range s.last {
		if now.Sub(at) >= s.window {
			delete(s.last, t)
		}
	}
	for t, at := range s.first {
		if now.Sub(at) >= s.window {
			delete(s.first, t)
		}
	}
}
