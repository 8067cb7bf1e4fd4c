package broker

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
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
	// Staff are the users allowed everywhere; every other user is a kiosk.
	Staff  []string
	Logger *slog.Logger

	mu    sync.Mutex
	ln    net.Listener
	ready chan struct{}
}

// Run serves until ctx ends.
func (b *Broker) Run(ctx context.Context) error {
	if len(b.Users) == 0 {
		return errors.New("broker: no users: every client must log in (kioskctl broker -passwd FILE USER adds one)")
	}
	if b.Logger == nil {
		b.Logger = slog.Default()
	}
	caps := mochi.NewDefaultServerCapabilities()
	caps.MaximumMessageExpiryInterval = 0 // retained state never expires
	s := mochi.New(&mochi.Options{InlineClient: false, Capabilities: caps, Logger: b.Logger.With("component", "broker")})
	if err := s.AddHook(&rules{users: b.Users, staff: set(b.Staff)}, nil); err != nil {
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
// (useful with ":0"), waiting up to d.
func (b *Broker) ListenAddr(d time.Duration) (string, error) {
	b.mu.Lock()
	if b.ready == nil {
		b.ready = make(chan struct{})
	}
	ready := b.ready
	b.mu.Unlock()
	select {
	case <-ready:
		b.mu.Lock()
		defer b.mu.Unlock()
		return b.ln.Addr().String(), nil
	case <-time.After(d):
		return "", errors.New("broker: not listening")
	}
}

func set(xs []string) map[string]bool {
	m := map[string]bool{}
	for _, x := range xs {
		m[x] = true
	}
	return m
}

// rules is the authentication and ACL hook.
type rules struct {
	mochi.HookBase
	users Users
	staff map[string]bool
}

func (r *rules) ID() string { return "anjungan-rules" }

func (r *rules) Provides(b byte) bool {
	return bytes.Contains([]byte{mochi.OnConnectAuthenticate, mochi.OnACLCheck}, []byte{b})
}

// OnConnectAuthenticate admits a known user with the right password; a
// kiosk's client id must be its user name, so one kiosk cannot take
// another's session or Last Will.
func (r *rules) OnConnectAuthenticate(cl *mochi.Client, pk packets.Packet) bool {
	user := string(pk.Connect.Username)
	if !r.users.Check(user, string(pk.Connect.Password)) {
		return false
	}
	return r.staff[user] || cl.ID == user
}

// OnACLCheck applies the kiosk rules to every publish and subscription.
func (r *rules) OnACLCheck(cl *mochi.Client, topic string, write bool) bool {
	user := string(cl.Properties.Username)
	if r.staff[user] {
		return strings.HasPrefix(topic, "anjungan/") || (!write && strings.HasPrefix(topic, "homeassistant/"))
	}
	return Allowed(user, topic, write)
}

// Allowed is the kiosk rule, the same as the example Mosquitto ACL: kiosk
// user may write anjungan/<site>/kiosk/<user>/{availability,state,event,
// reply} and homeassistant/<component>/anjungan_<user>/<object>/config,
// and read anjungan/<site>/kiosk/<user>/{cmd,desired}.
func Allowed(user, topic string, write bool) bool {
	p := strings.Split(topic, "/")
	if len(p) == 5 && p[0] == "anjungan" && p[1] != "" && p[1] != "#" && p[2] == "kiosk" && p[3] == user {
		switch p[4] {
		case "availability", "state", "event", "reply":
			return write
		case "cmd", "desired":
			return !write
		}
		return false
	}
	return write && len(p) == 5 && p[0] == "homeassistant" && p[2] == "anjungan_"+user && p[4] == "config" && p[1] != "+" && p[3] != "+" && p[1] != "#" && p[3] != "#"
}
