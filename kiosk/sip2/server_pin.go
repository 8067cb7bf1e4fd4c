package sip2

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"runtime"
	"sync"
	"time"

	"github.com/anjungan/anjungan/kiosk"
)

// maxPINs bounds the verified cards a pinCache remembers.
const maxPINs = 10000

// pinCache spares the PIN hash on every request of a patron's visit: it
// remembers, for a short while and in memory only, that a card and PIN
// were verified — as an HMAC of both under a key made for this process,
// never the PIN. Concurrent checks of one card and PIN share one hash,
// and at most one hash per CPU runs at a time.
type pinCache struct {
	key      []byte
	ttl      time.Duration // ≤ 0: remember nothing
	now      func() time.Time
	sem      chan struct{}
	mu       sync.Mutex
	verified map[[sha256.Size]byte]time.Time // until when
	inflight map[[sha256.Size]byte]*pinCheck
}

// pinCheck is a check under way; err is set before done closes.
type pinCheck struct {
	done chan struct{}
	err  error
}

func newPINCache(ttl time.Duration, now func() time.Time) *pinCache {
	key := make([]byte, 32)
	rand.Read(key) // never fails (crypto/rand panics rather)
	return &pinCache{key: key, ttl: ttl, now: now, sem: make(chan struct{}, runtime.NumCPU()),
		verified: map[[sha256.Size]byte]time.Time{}, inflight: map[[sha256.Size]byte]*pinCheck{}}
}

func (p *pinCache) sum(cred kiosk.Credentials) [sha256.Size]byte {
	h := hmac.New(sha256.New, p.key)
	h.Write(binary.AppendUvarint(nil, uint64(len(cred.Card))))
	h.Write([]byte(cred.Card))
	h.Write([]byte(cred.PIN))
	var k [sha256.Size]byte
	h.Sum(k[:0])
	return k
}

// verify returns nil when cred's PIN is right: remembered, or checked
// now with check (which runs the hash).
func (p *pinCache) verify(ctx context.Context, cred kiosk.Credentials, check func(context.Context, kiosk.Credentials) error) error {
	k := p.sum(cred)
	p.mu.Lock()
	if until, ok := p.verified[k]; ok {
		if p.now().Before(until) {
			p.mu.Unlock()
			return nil
		}
		delete(p.verified, k)
	}
	if f, ok := p.inflight[k]; ok {
		p.mu.Unlock()
		select {
		case <-f.done:
			return f.err
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	f := &pinCheck{done: make(chan struct{})}
	p.inflight[k] = f
	p.mu.Unlock()
	// The check finishes even if this request's connection goes: others
	// may be waiting for it.
	f.err = p.hash(context.WithoutCancel(ctx), cred, check)
	p.mu.Lock()
	delete(p.inflight, k)
	if f.err == nil && p.ttl > 0 {
		p.remember(k)
	}
	p.mu.Unlock()
	close(f.done)
	return f.err
}

// hash runs check when a CPU is free for it.
func (p *pinCache) hash(ctx context.Context, cred kiosk.Credentials, check func(context.Context, kiosk.Credentials) error) error {
	select {
	case p.sem <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-p.sem }()
	return check(ctx, cred)
}

// remember records k as verified for the TTL, making room first when
// full. Called with mu.
func (p *pinCache) remember(k [sha256.Size]byte) {
	now := p.now()
	if len(p.verified) >= maxPINs {
		for old, until := range p.verified {
			if !now.Before(until) {
				delete(p.verified, old)
			}
		}
		for old := range p.verified { // still full: any one goes
			if len(p.verified) < maxPINs {
				break
			}
			delete(p.verified, old)
		}
	}
	p.verified[k] = now.Add(p.ttl)
}

// forget drops cred from the record (the patron's visit ended).
func (p *pinCache) forget(cred kiosk.Credentials) {
	k := p.sum(cred)
	p.mu.Lock()
	delete(p.verified, k)
	p.mu.Unlock()
}

// checkPIN verifies a card's PIN: with the library's own PIN check when it
// has one, else by Authenticate (whose refusals for an expired or
// blocked card come after the PIN was found right).
func (s *Server) checkPIN(ctx context.Context, cred kiosk.Credentials) error {
	return s.pins.verify(ctx, cred, func(ctx context.Context, cred kiosk.Credentials) error {
		if ps, ok := s.Circ.(kiosk.PatronStanding); ok {
			return ps.CheckPIN(ctx, cred)
		}
		_, err := s.Circ.Authenticate(ctx, cred)
		switch kiosk.ErrorKey(err) {
		case kiosk.KeyPatronExpired, kiosk.KeyPatronBlocked:
			return nil
		}
		return err
	})
}

// patronPIN checks a request's patron password (AD). No AD, or an empty
// one, checks nothing: the SC vouches for the patron (it checked the PIN
// itself, or replays an offline loan). Otherwise nil means the PIN is
// right; a refusal says why not (unknown card, wrong PIN).
func (s *Server) patronPIN(ctx context.Context, req Message) (given bool, err error) {
	pin := req.Value("AD")
	if pin == "" {
		return false, nil
	}
	return true, s.checkPIN(ctx, kiosk.Credentials{Card: req.Value("AA"), PIN: pin})
}
