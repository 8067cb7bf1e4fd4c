package broker

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"time"

	mochi "github.com/mochi-mqtt/server/v2"
	"github.com/mochi-mqtt/server/v2/listeners"
	"github.com/mochi-mqtt/server/v2/packets"
)

// Broker is the embedded broker. Set the fields, then Run.
type Broker struct {
	// Addr is host:port to listen on (":1883").
	Addr string
	// TLS, when set, makes the listener TLS (put it on :8883).
	TLS   *tls.Config
	Users Users
	// Staff are the users allowed everywhere.
	Staff []string
	// Kiosks are the kiosk users (user name = kiosk id) and their sites;
	// a user neither staff nor a kiosk may do nothing.
	Kiosks []Kiosk
	Logger *slog.Logger

	mu      sync.Mutex
	ln      net.Listener
	ready   chan struct{}
	stopped chan struct{} // closed when Run returns
}

// Run serves until ctx ends.
func (b *Broker) Run(ctx context.Context) error {
	defer close(b.stoppedChan())
	if len(b.Users) == 0 {
		return errors.New("broker: no users: every client must log in (kioskctl broker -passwd FILE USER adds one)")
	}
	if b.Logger == nil {
		b.Logger = slog.Default()
	}
	caps := mochi.NewDefaultServerCapabilities()
	caps.MaximumMessageExpiryInterval = 0 // retained state never expires
	s := mochi.New(&mochi.Options{InlineClient: false, Capabilities: caps, Logger: b.Logger.With("component", "broker")})
	rules, err := NewRules(b.Staff, b.Kiosks)
	if err != nil {
		return fmt.Errorf("broker: %w", err)
	}
	if err := s.AddHook(&hook{users: b.Users, rules: rules}, nil); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", b.Addr)
	if err != nil {
		return fmt.Errorf("broker: %w", err)
	}
	if b.TLS != nil {
		ln = tls.NewListener(ln, b.TLS)
	}
	b.mu.Lock()
	b.ln = ln
	if b.ready == nil {
		b.ready = make(chan struct{})
	}
	close(b.ready)
	b.mu.Unlock()
	if err := s.AddListener(listeners.NewNet("anjungan", ln)); err != nil {
		ln.Close()
		return err
	}
	if err := s.Serve(); err != nil {
		return err
	}
	<-ctx.Done()
	return s.Close()
}

// Addr returns the address the broker listens on once Run has started
// (useful with ":0"), waiting up to d, or less when Run returns without
// listening.
func (b *Broker) ListenAddr(d time.Duration) (string, error) {
	b.mu.Lock()
	if b.ready == nil {
		b.ready = make(chan struct{})
	}
	ready := b.ready
	b.mu.Unlock()
	stopped := b.stoppedChan()
	select {
	case <-ready:
		b.mu.Lock()
		defer b.mu.Unlock()
		return b.ln.Addr().String(), nil
	case <-stopped:
		select {
		case <-ready: // it had listened
			b.mu.Lock()
			defer b.mu.Unlock()
			return b.ln.Addr().String(), nil
		default:
			return "", errors.New("broker: stopped without listening")
		}
	case <-time.After(d):
		return "", errors.New("broker: not listening")
	}
}

// stoppedChan is closed when Run returns.
func (b *Broker) stoppedChan() chan struct{} {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.stopped == nil {
		b.stopped = make(chan struct{})
	}
	return b.stopped
}

// hook is the authentication and ACL hook.
type hook struct {
	mochi.HookBase
	users Users
	rules *Rules
}

func (h *hook) ID() string { return "anjungan-rules" }

func (h *hook) Provides(b byte) bool {
	return bytes.Contains([]byte{mochi.OnConnectAuthenticate, mochi.OnACLCheck}, []byte{b})
}

// OnConnectAuthenticate admits a known user with the right password. A
// kiosk's client id must be its user name, and no other client may use a
// kiosk's id (staff tools pick their own, unique ones): no client can take
// over a kiosk's session or fire its Last Will.
func (h *hook) OnConnectAuthenticate(cl *mochi.Client, pk packets.Packet) bool {
	user := string(pk.Connect.Username)
	if !h.users.Check(user, string(pk.Connect.Password)) {
		return false
	}
	// The Last Will is published without an ACL check when it fires:
	// check its topic now, as Mosquitto does.
	if pk.Connect.WillFlag && !h.rules.Allowed(user, pk.Connect.WillTopic, true) {
		return false
	}
	if h.rules.Staff(user) {
		_, kioskID := h.rules.Kiosk(cl.ID)
		_, userID := h.users[cl.ID]
		return !kioskID && !(userID && !h.rules.Staff(cl.ID))
	}
	return cl.ID == user
}

// OnACLCheck applies the rules to every publish and subscription.
func (h *hook) OnACLCheck(cl *mochi.Client, topic string, write bool) bool {
	return h.rules.Allowed(string(cl.Properties.Username), topic, write)
}
