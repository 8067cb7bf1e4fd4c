package mqtt

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	paho "github.com/eclipse/paho.mqtt.golang"
	"github.com/eclipse/paho.mqtt.golang/packets"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/fleet"
)

// Staff is a staff tool's connection: it feeds the fleet model from every
// kiosk's topics and sends signed commands and desired states.
type Staff struct {
	Broker Broker
	// ClientID is unique per tool instance: staff-<Tool>-<random> when
	// empty. Every tool has its own, so that any number run at once on one
	// staff account without knocking each other off the broker.
	ClientID string
	Tool     string
	// Site limits the model to one site; "" or "+" is every site.
	Site string
	// Model receives the kiosks' messages; nil for a tool that only sends
	// commands.
	Model *fleet.Model
	// Key signs commands; Name says who sent them.
	Key  ed25519.PrivateKey
	Name string
	// CommandLife is how long a command stays valid; 2 minutes when zero.
	CommandLife time.Duration
	Now         func() time.Time
	Logger      *slog.Logger

	client    paho.Client
	mu        sync.Mutex
	waiters   map[string]chan kiosk.Reply
	connected chan struct{}
	once      sync.Once
	received  atomic.Int64
	malformed atomic.Int64
	lost      atomic.Int64
}

// Connect connects and subscribes, waiting until the first connection is
// up or ctx ends. The client then reconnects by itself.
func (s *Staff) Connect(ctx context.Context) error {
	if s.Now == nil {
		s.Now = time.Now
	}
	if s.Logger == nil {
		s.Logger = slog.Default()
	}
	if s.ClientID == "" {
		b := make([]byte, 4)
		rand.Read(b)
		s.ClientID = "staff-" + hex.EncodeToString(b)
		if ValidID(s.Tool) {
			s.ClientID = "staff-" + s.Tool + "-" + hex.EncodeToString(b)
		}
	}
	o, err := s.Broker.options(s.ClientID)
	if err != nil {
		return err
	}
	s.connected = make(chan struct{})
	s.waiters = map[string]chan kiosk.Reply{}
	o.SetOnConnectHandler(func(c paho.Client) {
		site := s.Site
		if site == "" {
			site = "+"
		}
		filters := map[string]byte{Prefix + "/" + site + "/kiosk/+/reply": 1}
		if s.Model != nil {
			filters[Fleet(site)] = 1
		}
		c.SubscribeMultiple(filters, s.handle)
		s.once.Do(func() { close(s.connected) })
	})
	o.SetConnectionLostHandler(func(_ paho.Client, err error) {
		s.lost.Add(1)
		s.Logger.Warn("broker connection lost; reconnecting", "err", err)
	})
	// The first connection is not retried: a staff member with a wrong
	// password or broker address hears so at once. Later drops reconnect.
	o.SetConnectRetry(false)
	s.client = paho.NewClient(o)
	tok := s.client.Connect()
	select {
	case <-tok.Done():
		if err := tok.Error(); err != nil {
			if errors.Is(err, packets.ErrorRefusedNotAuthorised) || errors.Is(err, packets.ErrorRefusedBadUsernameOrPassword) {
				return fmt.Errorf("mqtt: broker %s: %w (on the shipped Mosquitto, staff users log in on the staff listeners, 8884 or 1883 on the broker itself, not on the kiosks' 8883)", s.Broker.URL, err)
			}
			return fmt.Errorf("mqtt: broker %s: %w", s.Broker.URL, err)
		}
	case <-ctx.Done():
		s.client.Disconnect(0)
		return fmt.Errorf("mqtt: broker %s not reached: %w", s.Broker.URL, ctx.Err())
	}
	select {
	case <-s.connected:
		return nil
	case <-ctx.Done():
		s.client.Disconnect(0)
		return fmt.Errorf("mqtt: broker %s not reached: %w", s.Broker.URL, ctx.Err())
	}
}

// Close disconnects.
func (s *Staff) Close() {
	if s.client != nil {
		s.client.Disconnect(250)
	}
}

// Received is how many kiosk messages arrived; Malformed how many of them
// the model refused.
func (s *Staff) Received() int64  { return s.received.Load() }
func (s *Staff) Malformed() int64 { return s.malformed.Load() }

// Lost is how many times the broker connection was lost.
func (s *Staff) Lost() int64 { return s.lost.Load() }

// handle runs on paho's goroutines (order does not matter): it must not
// block. The model's Apply only takes a lock briefly.
func (s *Staff) handle(_ paho.Client, m paho.Message) {
	site, id, leaf, err := ParseTopic(m.Topic())
	if err != nil {
		return
	}
	s.received.Add(1)
	if leaf == fleet.LeafReply {
		var r kiosk.Reply
		if json.Unmarshal(m.Payload(), &r) != nil || r.Kiosk != id {
			s.malformed.Add(1)
			return
		}
		s.mu.Lock()
		ch := s.waiters[r.ID]
		s.mu.Unlock()
		if ch != nil {
			select {
			case ch <- r:
			default:
			}
		}
		return
	}
	if s.Model != nil {
		if err := s.Model.Receive(fleet.Message{Site: site, ID: id, Leaf: leaf, Payload: m.Payload(), Retained: m.Retained()}); err != nil {
			s.malformed.Add(1)
			s.Logger.Warn("kiosk message refused", "topic", m.Topic(), "err", err)
		}
	}
}

// ErrNoReply is returned when a kiosk did not answer in time.
var ErrNoReply = errors.New("no reply from the kiosk")

// Command signs and sends a command to one kiosk and waits for its reply
// until ctx ends.
func (s *Staff) Command(ctx context.Context, site, id string, action kiosk.Action, message string) (kiosk.Reply, error) {
	if len(s.Key) != ed25519.PrivateKeySize {
		return kiosk.Reply{}, errors.New("no staff key to sign commands with")
	}
	if !ValidID(site) || !ValidID(id) {
		return kiosk.Reply{}, fmt.Errorf("site %q and kiosk %q must be plain ids", site, id)
	}
	life := s.CommandLife
	if life <= 0 {
		life = 2 * time.Minute
	}
	idb := make([]byte, 8)
	rand.Read(idb)
	now := s.Now()
	c := kiosk.Command{ID: hex.EncodeToString(idb), Kiosk: id, Action: action, Message: message, Issued: now, Expires: now.Add(life), By: s.Name}
	c.Sign(s.Key)
	payload, _ := json.Marshal(c)
	ch := make(chan kiosk.Reply, 1)
	s.mu.Lock()
	s.waiters[c.ID] = ch
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.waiters, c.ID)
		s.mu.Unlock()
	}()
	tp := Topics{Site: site, Kiosk: id}
	if err := wait(s.client.Publish(tp.Cmd(), 1, false, payload), 10*time.Second); err != nil {
		return kiosk.Reply{}, err
	}
	select {
	case r := <-ch:
		if !r.OK {
			return r, fmt.Errorf("kiosk %s refused: %s", id, r.Error)
		}
		return r, nil
	case <-ctx.Done():
		return kiosk.Reply{ID: c.ID}, fmt.Errorf("%w %s within the time allowed", ErrNoReply, id)
	}
}

// SetDesired publishes, retained, the signed state staff want a kiosk in,
// which it applies now and after every restart. It is numbered one more
// than the newest the broker and the kiosk know of: the retained desired
// state, and the version the kiosk reports in its state. (Two tools that
// set one kiosk's state in the same instant may pick the same number: the
// kiosk applies the first and refuses the second, with an event.)
func (s *Staff) SetDesired(site, id string, mode kiosk.Mode, message string) error {
	if len(s.Key) != ed25519.PrivateKeySize {
		return errors.New("no staff key to sign with")
	}
	if !ValidID(site) || !ValidID(id) {
		return fmt.Errorf("site %q and kiosk %q must be plain ids", site, id)
	}
	tp := Topics{Site: site, Kiosk: id}
	seq, err := s.desiredSeq(tp)
	if err != nil {
		return err
	}
	d := kiosk.Desired{Kiosk: id, Seq: seq + 1, Mode: mode, Message: message, Issued: s.Now(), By: s.Name}
	d.Sign(s.Key)
	payload, _ := json.Marshal(d)
	return wait(s.client.Publish(tp.Desired(), 1, true, payload), 10*time.Second)
}

// desiredSeq is the newest desired-state version of a kiosk known to the
// broker: it subscribes to the kiosk's desired and state topics, whose
// retained messages the broker sends right after the subscription, and
// waits for both, or a second when one of them is not there.
func (s *Staff) desiredSeq(tp Topics) (uint64, error) {
	var (
		mu   sync.Mutex
		seq  uint64
		seen = map[string]bool{}
		got  = make(chan struct{}, 2)
	)
	handler := func(_ paho.Client, m paho.Message) {
		var v struct {
			Seq        uint64 `json:"seq"`         // a desired state's
			DesiredSeq uint64 `json:"desired_seq"` // a kiosk state's
		}
		json.Unmarshal(m.Payload(), &v) // anything else says nothing
		mu.Lock()
		seq = max(seq, v.Seq, v.DesiredSeq)
		first := !seen[m.Topic()]
		seen[m.Topic()] = true
		mu.Unlock()
		if first {
			got <- struct{}{}
		}
	}
	if err := wait(s.client.SubscribeMultiple(map[string]byte{tp.Desired(): 1, tp.State(): 1}, handler), 10*time.Second); err != nil {
		return 0, fmt.Errorf("the kiosk's desired state not read: %w", err)
	}
	defer func() { s.client.Unsubscribe(tp.Desired(), tp.State()).WaitTimeout(5 * time.Second) }()
	timeout := time.NewTimer(time.Second)
	defer timeout.Stop()
	for n := 0; n < 2; n++ {
		select {
		case <-got:
		case <-timeout.C:
			n = 2
		}
	}
	mu.Lock()
	defer mu.Unlock()
	return seq, nil
}
