package session

import (
	"time"

	"github.com/anjungan/anjungan/kiosk"
)

// counters keeps today's transaction counts for staff. It holds no patron
// data.
type counters struct {
	c kiosk.Counters
}

// day returns today's counters, starting new ones at local midnight.
func (s *Session) today() *kiosk.Counters {
	loc := s.Location
	if loc == nil {
		loc = time.Local
	}
	day := s.Now().In(loc).Format(time.DateOnly)
	if s.counts.c.Day != day {
		s.counts.c = kiosk.Counters{Day: day}
	}
	return &s.counts.c
}

// Counters returns today's counts.
func (s *Session) Counters() kiosk.Counters {
	s.mu.Lock()
	defer s.mu.Unlock()
	return *s.today()
}

// count records the outcome of a library call by its operation: a
// success counts as a loan, return, renewal or booking; a fault of the
// library or the kiosk (not a refusal) counts as an error. Staff hear of
// it through OnEvent.
func (s *Session) count(op string, err error) {
	s.mu.Lock()
	c := s.today()
	kind := ""
	switch {
	case err != nil && (kiosk.ErrorCode(err) == kiosk.EINTERNAL || kiosk.ErrorCode(err) == kiosk.EUNAVAILABLE):
		c.Errors++
		kind = kiosk.EventError
	case err != nil:
	case op == "checkout":
		c.Loans++
		kind = kiosk.EventTransaction
	case op == "checkin":
		c.Returns++
		kind = kiosk.EventTransaction
	case op == "renew":
		c.Renewals++
		kind = kiosk.EventTransaction
	case op == "book":
		c.Bookings++
		kind = kiosk.EventTransaction
	}
	on := s.OnEvent
	s.mu.Unlock()
	if kind != "" && on != nil {
		detail := op
		if kind == kiosk.EventError {
			detail = op + ": " + kiosk.ErrorKey(err) // a message key, never patron data
		}
		on(kiosk.Event{Kind: kind, Detail: detail, At: s.Now()})
	}
}

// countScan records a scan.
func (s *Session) countScan() {
	s.mu.Lock()
	s.today().Scans++
	s.mu.Unlock()
}
