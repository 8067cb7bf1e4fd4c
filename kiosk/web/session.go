package web

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"sync"
	"time"

	"github.com/anjungan/anjungan/booking"
	"github.com/anjungan/anjungan/kiosk"
)

// session is one browser's visit, kept on the server. The cookie holds
// only a random id; the store is keyed by its hash, so the ids are not
// in memory for anyone reading it. It never holds a PIN.
type session struct {
	key     string // hash of the cookie's id
	csrf    string // the token every form of this session carries
	lang    string // chosen language; "" follows Accept-Language
	patron  booking.Patron
	name    string // first name, once signed in
	created time.Time
	seen    time.Time
	flash   kiosk.Message // said once on the next page
}

func (s *session) signedIn() bool { return s.patron.Card != "" }

// sessions keeps sessions in memory with idle and absolute expiry, at
// most max of them.
type sessions struct {
	idle, absolute time.Duration
	max            int

	mu sync.Mutex
	m  map[string]*session
}

func newSessions(idle, absolute time.Duration, max int) *sessions {
	if max < 1 {
		max = 1
	}
	return &sessions{idle: idle, absolute: absolute, max: max, m: map[string]*session{}}
}

// randomToken returns 32 random bytes, URL-safe base64.
func randomToken() string {
	b := make([]byte, 32)
	rand.Read(b) // never fails (crypto/rand panics rather)
	return base64.RawURLEncoding.EncodeToString(b)
}

func hashID(id string) string {
	h := sha256.Sum256([]byte(id))
	return base64.RawURLEncoding.EncodeToString(h[:])
}

// create starts a new session and returns its cookie id and a copy.
func (st *sessions) create(now time.Time) (string, session) {
	id := randomToken()
	s := &session{key: hashID(id), csrf: randomToken(), created: now, seen: now}
	st.mu.Lock()
	defer st.mu.Unlock()
	if len(st.m) >= st.max {
		st.makeRoom(now)
	}
	st.m[s.key] = s
	return id, *s
}

// get returns a copy of the session with cookie id, marking it seen. A
// session past its idle or absolute expiry is dropped and reported as
// expired.
func (st *sessions) get(id string, now time.Time) (s session, ok, expired bool) {
	if id == "" || len(id) > 100 {
		return session{}, false, false
	}
	key := hashID(id)
	st.mu.Lock()
	defer st.mu.Unlock()
	p := st.m[key]
	if p == nil {
		return session{}, false, false
	}
	if st.over(p, now) {
		delete(st.m, key)
		return session{}, false, true
	}
	p.seen = now
	return *p, true, false
}

func (st *sessions) over(s *session, now time.Time) bool {
	return now.Sub(s.seen) >= st.idle || now.Sub(s.created) >= st.absolute
}

// update changes a live session; it reports false when it is gone.
func (st *sessions) update(key string, fn func(s *session)) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	p := st.m[key]
	if p == nil {
		return false
	}
	fn(p)
	return true
}

// delete ends a session.
func (st *sessions) delete(key string) {
	st.mu.Lock()
	delete(st.m, key)
	st.mu.Unlock()
}

// makeRoom drops expired sessions, and if none was, the least recently
// seen one, preferring one nobody signed in to.
func (st *sessions) makeRoom(now time.Time) {
	var victim *session
	for k, s := range st.m {
		if st.over(s, now) {
			delete(st.m, k)
			continue
		}
		if victim == nil || (victim.signedIn() && !s.signedIn()) ||
			(victim.signedIn() == s.signedIn() && s.seen.Before(victim.seen)) {
			victim = s
		}
	}
	if len(st.m) >= st.max && victim != nil {
		delete(st.m, victim.key)
	}
}

// len is the number of sessions kept, for tests.
func (st *sessions) len() int {
	st.mu.Lock()
	defer st.mu.Unlock()
	return len(st.m)
}
