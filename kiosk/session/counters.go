package session

import (
	"context"
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
func (s *Session) count(ctx context.Context, op string, err error) {
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
	if err == nil && s.Tally != nil && (op == kiosk.OpCheckout || op == kiosk.OpCheckin || op == kiosk.OpRenew) {
		if terr := s.Tally.RecordTally(ctx, kiosk.Tally{At: s.Now(), Kiosk: s.Config.Kiosk, Op: op}); terr != nil {
			s.Logger.Warn("circulation not counted for the numbers", "op", op, "err", terr)
		}
	}
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

// RestoreCounters takes up today's counts kept in the kiosk's store (the
// guest book's visits, guests and ratings, and the circulation tally)
// after a restart; counts of another day are ignored. Scans, bookings
// and errors start again from zero.
func (s *Session) RestoreCounters(c kiosk.Counters) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.today()
	if c.Day != t.Day {
		return
	}
	t.Loans, t.Returns, t.Renewals = max(t.Loans, c.Loans), max(t.Returns, c.Returns), max(t.Renewals, c.Renewals)
	t.Visits, t.Guests, t.Ratings = max(t.Visits, c.Visits), max(t.Guests, c.Guests), max(t.Ratings, c.Ratings)
}

// countVisit records a counted visit (a guest's too); staff hear of it
// as a "visit" transaction (no patron data).
func (s *Session) countVisit(guest bool) {
	s.mu.Lock()
	c := s.today()
	c.Visits++
	if guest {
		c.Guests++
	}
	on := s.OnEvent
	s.mu.Unlock()
	if on != nil {
		on(kiosk.Event{Kind: kiosk.EventTransaction, Detail: "visit", At: s.Now()})
	}
}

// countRating records a rating given; staff hear of it as a "rating".
func (s *Session) countRating() {
	s.mu.Lock()
	s.today().Ratings++
	on := s.OnEvent
	s.mu.Unlock()
	if on != nil {
		on(kiosk.Event{Kind: kiosk.EventTransaction, Detail: "rating", At: s.Now()})
	}
}
