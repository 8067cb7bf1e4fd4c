package session

import (
	"sync"
	"time"
)

// Lockout counts wrong PINs per card and locks a card at this kiosk after
// Max of them in a row, for For. It outlives sessions; a correct PIN
// clears the count.
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
func (l *Lockout) Locked(card string, now time.Time) (time.Time, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := l.cards[card]
	if s == nil || !now.Before(s.locked) {
		return time.Time{}, false
	}
	return s.locked, true
}

// Fail records a wrong PIN and reports whether the card is now locked
// and, if not, how many tries are left.
func (l *Lockout) Fail(card string, now time.Time) (bool, int) {
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
		return true, 0
	}
	return false, l.Max - s.n
}

// Clear forgets a card's wrong PINs.
func (l *Lockout) Clear(card string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.cards, card)
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
