package sip2

import (
	"crypto/tls"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/anjungan/anjungan/kiosk"
)

// Client is the kiosk's circulation over SIP2: one long-lived connection,
// logged in when it opens, kept alive with SC Status, reopened with
// backoff after a fault. Set the fields before use; Run owns the
// keep-alive loop.
//
// While Run runs it alone reconnects: once the link has failed, a
// patron's request answers "library offline" at once (and nudges Run to
// try again) instead of making the patron wait out a dial or a timeout
// on every scan. Without Run, each request reconnects itself.
type Client struct {
	Addr string
	TLS  *tls.Config // nil: plain TCP
	// Login (93); the terminal password goes in AC of each request.
	User, Password, Location string
	Institution              string
	TerminalPassword         string
	Options                  Options
	// KeepAlive: SC Status is sent after this long without an exchange,
	// to keep the link open through the server's idle timeout (often
	// 60 s); 20s when zero.
	KeepAlive time.Duration
	// UTC writes transaction dates in UTC ("   Z"), else in Location.
	UTC        bool
	Loc        *time.Location
	PrintWidth int
	Now        func() time.Time
	Logger     *slog.Logger
	OnLink     func(kiosk.LinkStatus)

	once sync.Once
	mu   sync.Mutex // one exchange at a time
	conn *Conn
	acs  ACSStatus
	seen bool      // a 98 has been seen
	used time.Time // the last exchange on conn
	// failing: the last connect or exchange failed (under mu).
	failing bool
	running atomic.Bool   // Run owns reconnecting
	poke    chan struct{} // a request met a failed link: Run, try now
	linkMu  sync.Mutex
	link    kiosk.LinkStatus
}

var _ kiosk.Circulation = (*Client)(nil)

func (c *Client) defaults() { c.once.Do(c.fill) }

func (c *Client) fill() {
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Loc == nil {
		c.Loc = time.Local
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.KeepAlive <= 0 {
		c.KeepAlive = 20 * time.Second
	}
	if c.PrintWidth <= 0 {
		c.PrintWidth = 40
	}
	c.poke = make(chan struct{}, 1)
}

// Link returns the state of the link to the library system.
func (c *Client) Link() kiosk.LinkStatus {
	c.linkMu.Lock()
	defer c.linkMu.Unlock()
	return c.link
}

func (c *Client) setLink(up bool, rtt time.Duration, err error) {
	c.linkMu.Lock()
	changed := c.link.Up != up
	if changed || c.link.Since.IsZero() {
		c.link.Since = c.Now().UTC()
	}
	c.link.Up = up
	if up {
		c.link.RTT, c.link.LastError = rtt, ""
	} else if err != nil {
		c.link.LastError = err.Error()
	}
	l := c.link
	c.linkMu.Unlock()
	if changed && c.OnLink != nil {
		c.OnLink(l)
	}
}

func (c *Client) date() string {
	c.defaults()
	return FormatDate(c.Now(), c.Loc, c.UTC)
}
