package session

import (
	"context"
	"sync"
	"time"

	"github.com/anjungan/anjungan/kiosk"
)

var _ kiosk.PINGuard = (*Lockout)(nil)

// Lockout counts wrong PINs per card and locks a card at this kiosk after
// Max of them in a row, for For: the kiosk's own kiosk.PINGuard, in
// memory. It outlives sessions; a correct PIN clears the count.
type Lockout struct {
	Max int
	For time.Duration

	mu    sync.Mutex
	cards map[string]*strikes
}

type strikes struct {
	n      int
	last   time.Time
	locked time.Time // locked until
}

// Locked reports whether card is locked at now, and until when.
func (l *Lockout) Locked(_ context.Context, card string, now time.Time) (time.Time, bool, error) {
	card = kiosk.CardKey(card)
	l.mu.Lock()
	defer l.mu.Unlock()
	s := l.cards[card]
	if s == nil || !now.Before(s.locked) {
		return time.Time{}, false, nil
	}
	return s.locked, true, nil
}

// Fail records a wrong PIN and reports until when the card is now locked
// (zero when it is not) and how many tries are left.
func (l *Lockout) Fail(_ context.Context, card string, now time.Time) (time.Time, int, error) {
	card = kiosk.CardKey(card)
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.cards == nil {
		l.cards = map[string]*strikes{}
	}
	l.prune(now)
	s := l.cards[card]
	if s == nil {
		s = &strikes{}
		l.cards[card] = s
	}
	s.n++
	s.last = now
	if s.n >= l.Max {
		s.locked, s.n = now.Add(l.For), 0
		return s.locked, 0, nil
	}
	return time.Time{}, l.Max - s.n, nil
}

// Clear forgets a card's wrong PINs.
func (l *Lockout) Clear(_ context.Context, card string) error {
	card = kiosk.CardKey(card)
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.cards, card)
	return nil
}

// Shared is a PINGuard shared with other kiosks and the web (through the
// makerspace database), with this kiosk's own Lockout standing in while
// the shared one cannot be reached: a card is never let through for want
// of a database.
type Shared struct {
	Guard kiosk.PINGuard
	Local *Lockout
}

var _ kiosk.PINGuard = Shared{}

// sharedWait bounds a call to the shared guard: a database that does not
// answer must not hold a patron (or the kiosk's queue) longer.
const sharedWait = 2 * time.Second

// Locked asks the shared guard, and the local one too (a lock set while
// the shared one was away still holds).
func (g Shared) Locked(ctx context.Context, card string, now time.Time) (time.Time, bool, error) {
	ctx, cancel := context.WithTimeout(ctx, sharedWait)
	defer cancel()
	until, locked, err := g.Guard.Locked(ctx, card, now)
	if err != nil || !locked {
		return g.Local.Locked(ctx, card, now)
	}
	return until, locked, nil
}

// Fail counts at the shared guard, or locally when it cannot be reached.
func (g Shared) Fail(ctx context.Context, card string, now time.Time) (time.Time, int, error) {
	ctx, cancel := context.WithTimeout(ctx, sharedWait)
	defer cancel()
	until, left, err := g.Guard.Fail(ctx, card, now)
	if err != nil {
		return g.Local.Fail(ctx, card, now)
	}
	return until, left, nil
}

// Clear clears both.
func (g Shared) Clear(ctx context.Context, card string) error {
	ctx, cancel := context.WithTimeout(ctx, sharedWait)
	defer cancel()
	g.Local.Clear(ctx, card)
	return g.Guard.Clear(ctx, card)
}

// prune drops cards whose lock has ended and whose last strike is older
// than For, so the map cannot grow without bound.
func (l *Lockout) prune(now time.Time) {
	for c, s := range l.cards {
		if !now.Before(s.locked) && now.Sub(s.last) > l.For {
			delete(l.cards, c)
		}
	}
}
