package web

import (
	"net/netip"
	"time"
)

// Config is a Server's settings. DefaultConfig gives each a value.
type Config struct {
	// Library names the library in the page footer.
	Library string
	// Kiosk is recorded on bookings made here, as a kiosk's id is.
	Kiosk string
	// Password: patrons sign in with a library system password (SLiMS)
	// rather than a numeric PIN; the page and messages say so.
	Password bool
	// SessionIdle ends a session after this long without a request;
	// SessionMax after this long, however busy. MaxSessions bounds the
	// sessions kept: when full, the least recently used are dropped,
	// those not signed in first.
	SessionIdle time.Duration
	SessionMax  time.Duration
	MaxSessions int
	// InsecureCookies leaves the Secure flag off the session cookie, for
	// plain-HTTP testing on one's own machine only.
	InsecureCookies bool
	// TrustedProxies are the reverse proxies whose X-Forwarded-For and
	// X-Forwarded-Proto are believed; from anyone else they are ignored.
	TrustedProxies []netip.Prefix
	// SignInPerAddr and SignInPerCard limit sign-in attempts per client
	// address and per card number. MaxClients bounds the buckets kept.
	SignInPerAddr Rate
	SignInPerCard Rate
	// NewSessionsPerAddr limits the sessions a client address starts
	// (each visit without a cookie starts one).
	NewSessionsPerAddr Rate
	MaxClients         int
	// MaxBody is the largest request body taken, in bytes.
	MaxBody int64
	// CallTimeout bounds each call to the library system or the store.
	CallTimeout time.Duration
}

// Rate is a token bucket: Burst attempts at once, then one more every
// Every.
type Rate struct {
	Burst int
	Every time.Duration
}

// DefaultConfig returns safe settings: 15-minute idle and 8-hour
// absolute sessions, Secure cookies, 10 sign-ins at once per address then
// one every 6 s, 10 per card then one a minute, 16 KiB bodies.
func DefaultConfig() Config {
	return Config{
		Library:       "Perpustakaan",
		Kiosk:         "web",
		SessionIdle:   15 * time.Minute,
		SessionMax:    8 * time.Hour,
		MaxSessions:   10000,
		SignInPerAddr: Rate{Burst: 10, Every: 6 * time.Second},
		SignInPerCard: Rate{Burst: 10, Every: time.Minute},
		// A library's patrons behind one NAT share an address: 30 at
		// once, then one every 2 s.
		NewSessionsPerAddr: Rate{Burst: 30, Every: 2 * time.Second},
		MaxClients:         10000,
		MaxBody:            16 << 10,
		CallTimeout:        15 * time.Second,
	}
}
