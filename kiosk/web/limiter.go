package web

import (
	"sync"
	"time"
)

// limiter is a set of token buckets by key (a client address, a card),
// in bounded memory: a bucket that has refilled is as good as none and
// is dropped; when max buckets are kept, the longest untouched goes.
type limiter struct {
	rate Rate
	max  int

	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newLimiter(r Rate, max int) *limiter {
	if max < 1 {
		max = 1
	}
	return &limiter{rate: r, max: max, buckets: map[string]*bucket{}}
}

// allow takes a token for key at now; when there is none it returns false
// and how long until there is.
func (l *limiter) allow(key string, now time.Time) (bool, time.Duration) {
	if l.rate.Burst <= 0 || l.rate.Every <= 0 {
		return true, 0 // no limit configured
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.buckets[key]
	if b == nil {
		if len(l.buckets) >= l.max {
			l.makeRoom(now)
		}
		b = &bucket{tokens: float64(l.rate.Burst), last: now}
		l.buckets[key] = b
	}
	l.refill(b, now)
	if b.tokens < 1 {
		wait := time.Duration((1 - b.tokens) * float64(l.rate.Every))
		return false, wait
	}
	b.tokens--
	return true, 0
}

func (l *limiter) refill(b *bucket, now time.Time) {
	if d := now.Sub(b.last); d > 0 {
		b.tokens = min(float64(l.rate.Burst), b.tokens+float64(d)/float64(l.rate.Every))
		b.last = now
	}
}

// makeRoom drops full buckets, and if none was, the oldest one.
func (l *limiter) makeRoom(now time.Time) {
	var oldest string
	var at time.Time
	for k, b := range l.buckets {
		if b.tokens+float64(now.Sub(b.last))/float64(l.rate.Every) >= float64(l.rate.Burst) {
			delete(l.buckets, k)
			continue
		}
		if oldest == "" || b.last.Before(at) {
			oldest, at = k, b.last
		}
	}
	if len(l.buckets) >= l.max && oldest != "" {
		delete(l.buckets, oldest)
	}
}

// size is the number of buckets kept, for tests.
func (l *limiter) size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.buckets)
}
