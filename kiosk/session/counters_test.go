package session_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/session"
)

// tally keeps circulation counts in memory.
type tally struct {
	mu  sync.Mutex
	ops []string
	err error
}

func (t *tally) RecordTally(_ context.Context, e kiosk.Tally) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.err != nil {
		return t.err
	}
	t.ops = append(t.ops, e.Kiosk+" "+e.Op)
	return nil
}

// TestTallyAndVisitCounters: every loan and return done is counted for
// the numbers with the kiosk's id (refusals are not), the guest book's
// visits and ratings are in today's counters, a failing tally loses no
// loan, and counts kept in the store are taken up after a restart.
func TestTallyAndVisitCounters(t *testing.T) {
	s, _ := newSession(t, library())
	s.Location = time.UTC
	s.Config.Kiosk = "k1"
	tl := &tally{}
	s.Tally, s.GuestBook = tl, &book{}
	login(s, session.IntentBorrow)
	scan(s, laskr.Barcode)
	scan(s, "30001000000531") // refused
	s.Cancel()
	s.Start(session.IntentReturn)
	scan(s, laskr.Barcode)
	s.Done()
	if got := tl.ops; len(got) != 2 || got[0] != "k1 checkout" || got[1] != "k1 checkin" {
		t.Fatalf("tally %q", got)
	}

	s.Start(session.IntentVisit)
	scan(s, siti.Card)
	s.Rate(ctx, 5)
	s.Done()
	s.Start(session.IntentVisit)
	scan(s, siti.Card) // again the same day: not counted
	if c := s.Counters(); c.Visits != 1 || c.Guests != 0 || c.Ratings != 1 || c.Loans != 1 || c.Returns != 1 {
		t.Fatalf("counters %+v", c)
	}

	tl.err = errors.New("disk full")
	s.Done()
	login(s, session.IntentBorrow)
	scan(s, laskr.Barcode)
	if v := s.View(); len(v.Lines) != 1 || v.Lines[0].Status != session.StatusBorrowed || s.Counters().Loans != 2 {
		t.Fatalf("with the tally failing: %+v, %+v", v.Lines, s.Counters())
	}

	// After a restart: today's stored counts are taken up, another day's not.
	s2, _ := newSession(t, library())
	s2.Location = time.UTC
	s2.RestoreCounters(kiosk.Counters{Day: "2026-11-22", Loans: 50})
	s2.RestoreCounters(kiosk.Counters{Day: "2026-11-23", Loans: 7, Returns: 3, Renewals: 2, Visits: 40, Guests: 4, Ratings: 9})
	if c := s2.Counters(); c.Loans != 7 || c.Returns != 3 || c.Renewals != 2 || c.Visits != 40 || c.Guests != 4 || c.Ratings != 9 {
		t.Fatalf("restored %+v", c)
	}
}

// visitorLib is a library system with its own visitor counter.
type visitorLib struct {
	kiosk.Circulation
	mu     sync.Mutex
	visits []kiosk.Visit
	err    error
}

func (l *visitorLib) RecordLibraryVisit(_ context.Context, v kiosk.Visit) (bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.visits = append(l.visits, v)
	return l.err == nil, l.err
}

// TestLibraryVisitCounter: a guest-book visit also goes to a library
// system that keeps its own visitor counter (by its own rules: a visit
// the guest book does not count again is still offered), and its failure
// does not fail the visit.
func TestLibraryVisitCounter(t *testing.T) {
	lib := &visitorLib{Circulation: library()}
	s, _ := newSession(t, lib)
	gb := &book{}
	s.GuestBook = gb
	s.Start(session.IntentVisit)
	scan(s, siti.Card)
	wantMessage(t, s, session.KeyVisitCounted)
	s.Done()
	lib.err = errors.New("connection refused")
	s.Start(session.IntentVisit)
	scan(s, siti.Card)
	wantMessage(t, s, session.KeyVisitAgain)
	if len(lib.visits) != 2 || lib.visits[0].Card != siti.Card || len(gb.visits) != 1 {
		t.Fatalf("library visits %+v, book %+v", lib.visits, gb.visits)
	}
}

// TestGuestCountedAndSentToTheLibrary: a guest signing the book on the
// form counts as a visit and a guest for staff, and goes to a library
// system with its own visitor counter with the name and origin typed.
func TestGuestCountedAndSentToTheLibrary(t *testing.T) {
	lib := &visitorLib{Circulation: library()}
	s, _ := newSession(t, lib)
	s.Location = time.UTC
	form := session.DefaultGuestForm()
	form.Gender, form.AgeGroup = session.FieldOff, session.FieldOff
	s.GuestBook, s.Config.GuestForm = &guests{}, form
	s.Start(session.IntentVisit)
	s.GuestStart()
	typeGuest(s, "Rina Marlina")
	s.GuestNext(ctx)
	typeGuest(s, "SMA Negeri 3")
	s.GuestNext(ctx)
	choose(t, s, "membaca")
	wantScreen(t, s, session.ScreenFinish)
	if c := s.Counters(); c.Visits != 1 || c.Guests != 1 {
		t.Fatalf("counters %+v", c)
	}
	if len(lib.visits) != 1 || lib.visits[0].Guest.Name != "Rina Marlina" || lib.visits[0].Guest.Origin != "SMA Negeri 3" || lib.visits[0].Member() {
		t.Fatalf("the library's visits %+v", lib.visits)
	}
}
