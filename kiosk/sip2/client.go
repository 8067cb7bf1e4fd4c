package sip2

import (
	"cmp"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"strconv"
	"strings"
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
	// KeepAlive is how often SC Status is sent; 60s when zero.
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
	seen bool // a 98 has been seen
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
		c.KeepAlive = time.Minute
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

// connect dials, logs in and learns the server's policy; it returns the
// new connection, the 98 and the SC Status round trip, touching no
// state, so that Run can dial without holding mu.
func (c *Client) connect(ctx context.Context) (*Conn, ACSStatus, time.Duration, error) {
	d := net.Dialer{Timeout: cmp.Or(c.Options.Timeout, 10*time.Second)} // the TLS handshake included
	var nc net.Conn
	var err error
	if c.TLS != nil {
		td := tls.Dialer{NetDialer: &d, Config: c.TLS}
		nc, err = td.DialContext(ctx, "tcp", c.Addr)
	} else {
		nc, err = d.DialContext(ctx, "tcp", c.Addr)
	}
	if err != nil {
		return nil, ACSStatus{}, 0, fmt.Errorf("sip2: connect %s: %w", c.Addr, err)
	}
	conn := NewConn(nc, c.Options)
	if c.User != "" {
		m, err := conn.Exchange(ctx, Login(c.User, c.Password, c.Location))
		if err != nil {
			conn.Close()
			return nil, ACSStatus{}, 0, err
		}
		if m.Code != "94" || m.Fixed != "1" {
			conn.Close()
			return nil, ACSStatus{}, 0, errors.New("sip2: login refused: check the SIP2 user and password")
		}
	}
	start := time.Now()
	m, err := conn.Exchange(ctx, SCStatus(c.PrintWidth))
	if err != nil {
		conn.Close()
		return nil, ACSStatus{}, 0, err
	}
	rtt := time.Since(start)
	acs, err := DecodeACSStatus(m)
	if err != nil {
		conn.Close()
		return nil, ACSStatus{}, 0, err
	}
	if acs.Timeout > 0 && c.Options.Timeout == 0 {
		conn.opt.Timeout = acs.Timeout
	}
	if acs.Retries >= 0 && c.Options.Resends == 0 {
		conn.opt.Resends = min(acs.Retries, 5)
	}
	return conn, acs, rtt, nil
}

// install makes conn the connection, or closes it when another request
// got there first. Called with mu.
func (c *Client) install(conn *Conn, acs ACSStatus) {
	if c.conn != nil {
		conn.Close()
		return
	}
	c.conn, c.acs, c.seen, c.failing = conn, acs, true, false
}

// fail records a failed connect or exchange. Called with mu.
func (c *Client) fail(err error) {
	if c.conn != nil {
		c.conn.Close()
		c.conn = nil
	}
	c.failing = true
	c.setLink(false, 0, err)
}

// wake asks Run to reconnect now.
func (c *Client) wake() {
	select {
	case c.poke <- struct{}{}:
	default:
	}
}

// exchange runs one request, connecting first when needed (see Client
// on who reconnects). A network fault closes the connection and is a
// patron-facing "library offline" or "timed out".
func (c *Client) exchange(ctx context.Context, req Message) (Message, error) {
	c.defaults()
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.ensure(ctx); err != nil {
		return Message{}, err
	}
	start := time.Now()
	m, err := c.conn.Exchange(ctx, req)
	if err != nil {
		c.fail(err)
		if c.running.Load() {
			c.wake()
		}
		return Message{}, unavailable(err)
	}
	c.failing = false
	c.setLink(true, time.Since(start), nil)
	return m, nil
}

// ensure connects when there is no connection (see Client on who
// reconnects). Called with mu.
func (c *Client) ensure(ctx context.Context) error {
	if c.conn != nil {
		return nil
	}
	if c.failing && c.running.Load() {
		c.wake()
		return kiosk.Errorf(kiosk.EUNAVAILABLE, kiosk.KeyLibraryOffline).Wrap(ErrLinkDown)
	}
	conn, acs, rtt, err := c.connect(ctx)
	if err != nil {
		c.fail(err)
		return unavailable(err)
	}
	c.install(conn, acs)
	c.setLink(true, rtt, nil)
	return nil
}

// learn connects when no 98 has been seen yet, so that a request can be
// chosen by what the server says it takes (BX).
func (c *Client) learn(ctx context.Context) error {
	c.defaults()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.seen {
		return nil
	}
	return c.ensure(ctx)
}

// ErrLinkDown: a request met a link known to be down while Run
// reconnects; it is not tried again until Run has a connection.
var ErrLinkDown = errors.New("sip2: the link to the library system is down; reconnecting")

func unavailable(err error) error {
	if errors.Is(err, ErrTimeout) || errors.Is(err, context.DeadlineExceeded) {
		return kiosk.Errorf(kiosk.EUNAVAILABLE, kiosk.KeyLibraryTimedOut).Wrap(err)
	}
	return kiosk.Errorf(kiosk.EUNAVAILABLE, kiosk.KeyLibraryOffline).Wrap(err)
}

// connected reports whether a connection is open.
func (c *Client) connected() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.conn != nil
}

// Online reports whether the server last said it is on-line.
func (c *Client) Online() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.conn != nil && c.acs.Online
}

// Run keeps the link alive, until ctx ends: it connects (dialling
// without holding up requests), sends SC Status every KeepAlive, and
// after a fault reconnects with jittered backoff up to 30 s — at once
// when a patron's request met the link down, at most every 2 s.
func (c *Client) Run(ctx context.Context) error {
	c.defaults()
	c.running.Store(true)
	defer c.running.Store(false)
	backoff := time.Second
	var lastTry time.Time
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			c.mu.Lock()
			if c.conn != nil {
				c.conn.Close()
				c.conn = nil
			}
			c.mu.Unlock()
			return nil
		case <-timer.C:
		case <-c.poke:
			if c.connected() {
				continue
			}
			if wait := 2*time.Second - time.Since(lastTry); wait > 0 {
				timer.Reset(wait) // soon, but not more often than every 2 s
				continue
			}
		}
		lastTry = time.Now()
		var err error
		if c.connected() {
			var m Message
			if m, err = c.exchange(ctx, SCStatus(c.PrintWidth)); err == nil {
				if acs, derr := DecodeACSStatus(m); derr == nil {
					c.mu.Lock()
					c.acs = acs
					c.mu.Unlock()
					if !acs.Online {
						c.setLink(false, 0, errors.New("the library system reports itself off-line"))
					}
				}
			}
		} else {
			conn, acs, rtt, cerr := c.connect(ctx)
			c.mu.Lock()
			if cerr == nil {
				c.install(conn, acs)
			} else if c.conn == nil {
				c.fail(cerr)
			}
			c.mu.Unlock()
			if err = cerr; err == nil {
				if acs.Online {
					c.setLink(true, rtt, nil)
				} else {
					c.setLink(false, 0, errors.New("the library system reports itself off-line"))
				}
			}
		}
		if err == nil {
			backoff = time.Second
			timer.Reset(c.KeepAlive)
			continue
		}
		if ctx.Err() == nil {
			c.Logger.Warn("library system unreachable", "err", err)
		}
		timer.Reset(backoff/2 + rand.N(backoff/2+1))
		backoff = min(2*backoff, 30*time.Second)
	}
}

// refused turns a server's "no" into a patron-facing error carrying its
// own words.
func refused(screen []string, fallback string) error {
	msg := strings.TrimSpace(strings.Join(screen, " "))
	if msg == "" {
		msg = fallback
	}
	return kiosk.Errorf(kiosk.EFORBIDDEN, kiosk.KeyLibraryRefused, "message", msg)
}

// Authenticate asks for the patron's information. The patron is let in
// only when the server says the card is valid (BL=Y) and the PIN is right
// (CQ=Y). A blank PIN never authenticates, whatever the server says.
func (c *Client) Authenticate(ctx context.Context, cred kiosk.Credentials) (*kiosk.Patron, error) {
	if cred.PIN == "" {
		return nil, kiosk.Errorf(kiosk.EUNAUTH, kiosk.KeyPINRequired)
	}
	if err := c.learn(ctx); err != nil {
		return nil, err
	}
	req := PatronInformation(c.date(), c.Institution, cred.Card, c.TerminalPassword, cred.PIN, -1, 0, 0)
	if !c.supports("63") && c.supports("23") {
		req = PatronStatus(c.date(), c.Institution, cred.Card, c.TerminalPassword, cred.PIN)
	}
	m, err := c.exchange(ctx, req)
	if err != nil {
		return nil, err
	}
	p, err := DecodePatron(m)
	if err != nil {
		return nil, fmt.Errorf("sip2: authenticate: %w", err)
	}
	switch {
	case !p.Valid:
		return nil, kiosk.Errorf(kiosk.ENOTFOUND, kiosk.KeyPatronUnknown)
	case !p.PasswordKnown:
		return nil, kiosk.Errorf(kiosk.EUNAVAILABLE, kiosk.KeyPINUnchecked)
	case !p.PasswordOK:
		return nil, kiosk.Errorf(kiosk.EUNAUTH, kiosk.KeyPINWrong)
	case p.Flags[FlagCardLost]:
		return nil, kiosk.Errorf(kiosk.EFORBIDDEN, kiosk.KeyPatronBlocked)
	}
	pat := &kiosk.Patron{Card: cred.Card, Name: p.Name, Status: kiosk.PatronActive, Notices: p.Flags.Notices()}
	if t, err := time.Parse("20060102", strings.TrimSpace(p.BirthDate)); err == nil {
		pat.BirthDate = t
	}
	return pat, nil
}

// Checkout lends an item (11). A server that renews an item checked out
// to the same patron answers with a renewal; that is a success.
func (c *Client) Checkout(ctx context.Context, cred kiosk.Credentials, barcode string) (*kiosk.Loan, error) {
	if err := c.allowed(true); err != nil {
		return nil, err
	}
	m, err := c.exchange(ctx, Checkout(c.date(), "", c.Institution, cred.Card, barcode, c.TerminalPassword, cred.PIN, false))
	if err != nil {
		return nil, err
	}
	return c.loan(m, barcode)
}

func (c *Client) loan(m Message, barcode string) (*kiosk.Loan, error) {
	o, err := DecodeOutcome(m)
	if err != nil {
		return nil, fmt.Errorf("sip2: %w", err)
	}
	if !o.OK {
		return nil, refused(o.Screen, "not allowed")
	}
	due, err := DueDate(o.Due, c.Loc)
	if err != nil {
		c.Logger.Warn("unreadable due date from the library system", "due", o.Due)
	}
	return &kiosk.Loan{Item: kiosk.Item{Barcode: barcode, Title: o.Title, Loanable: true}, Due: due, MaxRenewals: -1,
		Screen: o.Screen, Print: o.Print}, nil
}

// Checkin returns an item (09).
func (c *Client) Checkin(ctx context.Context, barcode string) (*kiosk.Return, error) {
	if err := c.allowed(false); err != nil {
		return nil, err
	}
	m, err := c.exchange(ctx, Checkin(c.date(), "", c.Location, c.Institution, barcode, c.TerminalPassword, false))
	if err != nil {
		return nil, err
	}
	return returned(m, barcode)
}

// returned reads a 10: the return, or the server's refusal.
func returned(m Message, barcode string) (*kiosk.Return, error) {
	o, err := DecodeOutcome(m)
	if err != nil {
		return nil, fmt.Errorf("sip2: checkin: %w", err)
	}
	if !o.OK {
		return nil, refused(o.Screen, "not accepted")
	}
	return &kiosk.Return{Item: kiosk.Item{Barcode: barcode, Title: o.Title}, Hold: o.Alert, Screen: o.Screen, Print: o.Print}, nil
}

// Renew extends one loan (29).
func (c *Client) Renew(ctx context.Context, cred kiosk.Credentials, barcode string) (*kiosk.Loan, error) {
	if err := c.learn(ctx); err != nil {
		return nil, err
	}
	if err := c.renewalsAllowed(); err != nil {
		return nil, err
	}
	if !c.supports("29") {
		return nil, kiosk.Errorf(kiosk.EFORBIDDEN, KeyNoRenewals)
	}
	m, err := c.exchange(ctx, Renew(c.date(), c.Institution, cred.Card, cred.PIN, barcode, c.TerminalPassword))
	if err != nil {
		return nil, err
	}
	return c.loan(m, barcode)
}

// RenewAll renews every loan it can (65); with a server that takes no
// 65 but does take 29 and 63, it renews the loans one by one.
func (c *Client) RenewAll(ctx context.Context, cred kiosk.Credentials) ([]kiosk.RenewResult, error) {
	if err := c.learn(ctx); err != nil {
		return nil, err
	}
	if err := c.renewalsAllowed(); err != nil {
		return nil, err
	}
	if !c.supports("65") {
		return c.renewEach(ctx, cred)
	}
	m, err := c.exchange(ctx, RenewAll(c.date(), c.Institution, cred.Card, cred.PIN, c.TerminalPassword))
	if err != nil {
		return nil, err
	}
	r, err := DecodeRenewAll(m)
	if err != nil {
		return nil, fmt.Errorf("sip2: renew all: %w", err)
	}
	var out []kiosk.RenewResult
	for _, b := range r.Renewed {
		// 66 names the items only: ask each one's title and new due date.
		loan := &kiosk.Loan{Item: kiosk.Item{Barcode: b}, MaxRenewals: -1}
		loan.Item.Title, loan.Due, _ = c.itemDetails(ctx, b)
		out = append(out, kiosk.RenewResult{Barcode: b, Title: loan.Item.Title, Loan: loan})
	}
	for _, b := range r.Unrenewed {
		out = append(out, kiosk.RenewResult{Barcode: b, Err: refused(r.Screen, "not renewed")})
	}
	return out, nil
}

// renewEach is RenewAll made of one 29 per loan; each loan gets its
// result, those after a link failure that failure.
func (c *Client) renewEach(ctx context.Context, cred kiosk.Credentials) ([]kiosk.RenewResult, error) {
	if !c.supports("29") || !c.supports("63") {
		return nil, kiosk.Errorf(kiosk.EFORBIDDEN, KeyNoRenewals)
	}
	acc, err := c.Account(ctx, cred)
	if err != nil {
		return nil, err
	}
	out := make([]kiosk.RenewResult, 0, len(acc.Loans))
	var down error // once the link fails, the rest are not tried
	for _, l := range acc.Loans {
		if down != nil {
			out = append(out, kiosk.RenewResult{Barcode: l.Item.Barcode, Title: l.Item.Title, Err: down})
			continue
		}
		loan, err := c.Renew(ctx, cred, l.Item.Barcode)
		if kiosk.ErrorCode(err) == kiosk.EUNAVAILABLE {
			down = err
		}
		if loan != nil && loan.Item.Title == "" {
			loan.Item.Title = l.Item.Title
		}
		out = append(out, kiosk.RenewResult{Barcode: l.Item.Barcode, Title: l.Item.Title, Loan: loan, Err: err})
	}
	return out, nil
}

// itemDetails asks an item's title and due date (17), when the server
// takes 17; they are empty when it cannot say. The error is a network
// fault only.
func (c *Client) itemDetails(ctx context.Context, barcode string) (string, time.Time, error) {
	if !c.supports("17") {
		return "", time.Time{}, nil
	}
	m, err := c.exchange(ctx, ItemInformation(c.date(), c.Institution, barcode, c.TerminalPassword))
	if err != nil {
		return "", time.Time{}, err
	}
	o, err := DecodeOutcome(m)
	if err != nil {
		c.Logger.Warn("unreadable item information from the library system", "err", err)
		return "", time.Time{}, nil
	}
	due, _ := DueDate(o.Due, c.Loc)
	return o.Title, due, nil
}

// Account lists the patron's loans (63 with the charged list, then 17
// for each item's title and due date) and fines.
func (c *Client) Account(ctx context.Context, cred kiosk.Credentials) (*kiosk.Account, error) {
	if err := c.learn(ctx); err != nil {
		return nil, err
	}
	if !c.supports("63") {
		return nil, kiosk.Errorf(kiosk.EUNAVAILABLE, KeyNoAccount)
	}
	m, err := c.exchange(ctx, PatronInformation(c.date(), c.Institution, cred.Card, c.TerminalPassword, cred.PIN, SummaryCharged, 1, 100))
	if err != nil {
		return nil, err
	}
	p, err := DecodePatron(m)
	if err != nil {
		return nil, fmt.Errorf("sip2: account: %w", err)
	}
	acc := &kiosk.Account{Patron: kiosk.Patron{Card: cred.Card, Name: p.Name}, Holds: p.HoldCount}
	if v, err := strconv.ParseFloat(strings.TrimSpace(p.FeeAmount), 64); err == nil && v > 0 {
		acc.FinesTotal = int64(v)
	}
	for _, item := range p.Charged {
		barcode := strings.Fields(item + " ")[0]
		loan := kiosk.Loan{Item: kiosk.Item{Barcode: barcode}, MaxRenewals: -1}
		if loan.Item.Title, loan.Due, err = c.itemDetails(ctx, barcode); err != nil {
			return nil, err
		}
		acc.Loans = append(acc.Loans, loan)
	}
	if p.FineCount > 0 {
		m, err := c.exchange(ctx, PatronInformation(c.date(), c.Institution, cred.Card, c.TerminalPassword, cred.PIN, SummaryFines, 1, 100))
		if err != nil {
			return nil, err
		}
		if f, err := DecodePatron(m); err == nil {
			for _, text := range f.Fines {
				acc.Fines = append(acc.Fines, kiosk.Fine{Amount: fineAmount(text), Description: strings.TrimSpace(text)})
			}
		}
	}
	return acc, nil
}

// fineAmount finds the amount in a fine item (AV), free text whose form
// each server chooses ("IDR 1500 overdue …", "Overdue … 1,500.00"): the
// first number in it, whole units; 0 when there is none.
func fineAmount(text string) int64 {
	for _, f := range strings.Fields(text) {
		for _, cur := range []string{"IDR", "Rp", "$", "€", "£"} {
			f = strings.TrimPrefix(f, cur)
		}
		if f == "" || f[0] < '0' || f[0] > '9' {
			continue
		}
		whole, _, _ := strings.Cut(strings.ReplaceAll(f, ",", ""), ".")
		if n, err := strconv.ParseInt(whole, 10, 64); err == nil {
			return n
		}
	}
	return 0
}

// Item looks an item up (17).
func (c *Client) Item(ctx context.Context, barcode string) (*kiosk.Item, error) {
	if err := c.learn(ctx); err != nil {
		return nil, err
	}
	if !c.supports("17") {
		return nil, errors.New("sip2: the library system takes no Item Information (17)")
	}
	m, err := c.exchange(ctx, ItemInformation(c.date(), c.Institution, barcode, c.TerminalPassword))
	if err != nil {
		return nil, err
	}
	o, err := DecodeOutcome(m)
	if err != nil {
		return nil, fmt.Errorf("sip2: item: %w", err)
	}
	if o.Title == "" && len(o.Screen) > 0 {
		return nil, kiosk.Errorf(kiosk.ENOTFOUND, kiosk.KeyItemUnknown)
	}
	return &kiosk.Item{Barcode: barcode, Title: o.Title, Loanable: true}, nil
}

// Status exchanges SC Status and returns the server's 98 and the round
// trip, for `kioskctl sip2 test` and the staff monitor.
func (c *Client) Status(ctx context.Context) (ACSStatus, time.Duration, error) {
	start := time.Now()
	m, err := c.exchange(ctx, SCStatus(c.PrintWidth))
	if err != nil {
		return ACSStatus{}, 0, err
	}
	rtt := time.Since(start)
	st, err := DecodeACSStatus(m)
	return st, rtt, err
}

// Lookup asks for a patron's information (63) as a diagnostic: it
// returns what the server said, whatever it was.
func (c *Client) Lookup(ctx context.Context, card, pin string) (PatronInfo, time.Duration, error) {
	start := time.Now()
	m, err := c.exchange(ctx, PatronInformation(c.date(), c.Institution, card, c.TerminalPassword, pin, -1, 0, 0))
	if err != nil {
		return PatronInfo{}, 0, err
	}
	rtt := time.Since(start)
	p, err := DecodePatron(m)
	return p, rtt, err
}

var _ kiosk.Replayer = (*Client)(nil)

// ReplayCheckout sends a checkout made offline: no-block, with the
// transaction's own time and the due date the kiosk gave.
func (c *Client) ReplayCheckout(ctx context.Context, card, barcode string, at, due time.Time) (*kiosk.Loan, error) {
	c.defaults()
	m, err := c.exchange(ctx, Checkout(FormatDate(at, c.Loc, c.UTC), FormatDate(due, c.Loc, c.UTC), c.Institution, card, barcode, c.TerminalPassword, "", true))
	if err != nil {
		return nil, err
	}
	return c.loan(m, barcode)
}

// ReplayCheckin sends a return made offline, dated when it was made.
func (c *Client) ReplayCheckin(ctx context.Context, barcode string, at time.Time) (*kiosk.Return, error) {
	c.defaults()
	d := FormatDate(at, c.Loc, c.UTC)
	m, err := c.exchange(ctx, Checkin(d, d, c.Location, c.Institution, barcode, c.TerminalPassword, true))
	if err != nil {
		return nil, err
	}
	return returned(m, barcode)
}

var _ kiosk.ReplayVerifier = (*Client)(nil)

// CheckedOutTo reports whether the server lists barcode among the
// patron's charged items (63, a page of 100 at a time). A server without
// 63 cannot tell: false.
func (c *Client) CheckedOutTo(ctx context.Context, card, barcode string) (bool, error) {
	if err := c.learn(ctx); err != nil {
		return false, err
	}
	if !c.supports("63") {
		return false, nil
	}
	const page = 100
	for start := 1; start <= 10*page; start += page {
		m, err := c.exchange(ctx, PatronInformation(c.date(), c.Institution, card, c.TerminalPassword, "", SummaryCharged, start, start+page-1))
		if err != nil {
			return false, err
		}
		p, err := DecodePatron(m)
		if err != nil {
			return false, fmt.Errorf("sip2: charged items: %w", err)
		}
		for _, it := range p.Charged {
			if f := strings.Fields(it); len(f) > 0 && f[0] == barcode {
				return true, nil
			}
		}
		if len(p.Charged) < page {
			return false, nil
		}
	}
	return false, nil
}

// CheckedIn reports whether the server says the item is back: available,
// on the hold shelf, waiting to be re-shelved or in transit (17). Any
// other status, or a server without 17, is false.
func (c *Client) CheckedIn(ctx context.Context, barcode string) (bool, error) {
	if err := c.learn(ctx); err != nil {
		return false, err
	}
	if !c.supports("17") {
		return false, nil
	}
	m, err := c.exchange(ctx, ItemInformation(c.date(), c.Institution, barcode, c.TerminalPassword))
	if err != nil {
		return false, err
	}
	o, err := DecodeOutcome(m)
	if err != nil {
		return false, fmt.Errorf("sip2: item status: %w", err)
	}
	switch o.Status {
	case "03", "08", "09", "10":
		return true, nil
	}
	return false, nil
}

// OfflineAllowed reports whether the server's last 98 lets the kiosk
// work off-line (true when no 98 was seen yet: the kiosk's own policy
// then decides).
func (c *Client) OfflineAllowed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return !c.seen || c.acs.OfflineOK
}

// allowed checks the server's last 98: an ACS that says it is off-line,
// or that it takes no checkouts (checkins), is not asked.
func (c *Client) allowed(checkout bool) error {
	c.mu.Lock()
	known, acs := c.conn != nil, c.acs
	c.mu.Unlock()
	switch {
	case !known:
		return nil // the exchange connects and learns
	case !acs.Online:
		return kiosk.Errorf(kiosk.EUNAVAILABLE, kiosk.KeyLibraryOffline).Wrap(errors.New("sip2: the ACS reports itself off-line"))
	case checkout && !acs.CheckoutOK, !checkout && !acs.CheckinOK:
		return kiosk.Errorf(kiosk.EUNAVAILABLE, kiosk.KeyLibraryOffline).Wrap(errors.New("sip2: the ACS takes no such transactions now"))
	}
	return nil
}

// renewalsAllowed follows the 98's renewal policy: an ACS that does not
// let self-check machines renew is not asked.
func (c *Client) renewalsAllowed() error {
	c.mu.Lock()
	no := c.seen && !c.acs.RenewalPolicy
	c.mu.Unlock()
	if no {
		return kiosk.Errorf(kiosk.EFORBIDDEN, KeyNoRenewals)
	}
	return nil
}

// Keys for what the library system does not let the kiosk do.
const (
	KeyNoRenewals = "library.no_renewals" // 98: no renewals; BX: no 29
	KeyNoAccount  = "library.no_account"  // BX: no Patron Information
)

// supports follows the 98's BX: a request the server says it does not
// take is not sent (everything is sent before a 98 is seen).
func (c *Client) supports(code string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return !c.seen || c.acs.Supports(code)
}

var _ kiosk.SessionEnder = (*Client)(nil)

// EndSession tells the server the patron's visit is over (35), when it
// takes 35.
func (c *Client) EndSession(ctx context.Context, cred kiosk.Credentials) error {
	if err := c.learn(ctx); err != nil {
		return err
	}
	if !c.supports("35") {
		return nil
	}
	_, err := c.exchange(ctx, EndPatronSession(c.date(), c.Institution, cred.Card, c.TerminalPassword, cred.PIN))
	return err
}
