package mqtt

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	paho "github.com/eclipse/paho.mqtt.golang"

	"github.com/anjungan/anjungan/kiosk"
)

// Reporter is a kiosk's MQTT client. Set the fields, then call Run; it
// returns when ctx ends.
type Reporter struct {
	Broker Broker
	Topics Topics
	// Status returns the kiosk's state now; it is called on the
	// Reporter's goroutine before each state publish.
	Status func() kiosk.Status
	// Guard checks commands and desired states; without it every command
	// is refused.
	Guard *kiosk.Guard
	// OnCommand carries out a verified command and returns a detail for
	// the reply. It runs on the Reporter's command worker, one at a time.
	OnCommand func(ctx context.Context, c kiosk.Command) (string, error)
	// OnDesired applies a verified desired state: the one in force at
	// start (from the Guard's Store), and each newer one that arrives.
	OnDesired func(d kiosk.Desired)
	// Every is how often the state is published when nothing changes;
	// 60s when zero.
	Every time.Duration
	// Discovery publishes Home Assistant MQTT discovery configs.
	Discovery bool

	Now    func() time.Time
	Logger *slog.Logger

	changed   chan struct{}
	events    chan kiosk.Event
	inbox     chan paho.Message
	connected atomic.Bool
	dropped   atomic.Int64
	lost      atomic.Int64
	once      sync.Once
	buf       bytes.Buffer
}

// Availability payloads.
const (
	Online  = "online"
	Offline = "offline"
)

func (r *Reporter) init() {
	r.once.Do(func() {
		r.changed = make(chan struct{}, 1)
		r.events = make(chan kiosk.Event, 256)
		r.inbox = make(chan paho.Message, 64)
		if r.Now == nil {
			r.Now = time.Now
		}
		if r.Logger == nil {
			r.Logger = slog.Default()
		}
		if r.Every <= 0 {
			r.Every = time.Minute
		}
	})
}

// Changed asks for the state to be published soon. It never blocks.
func (r *Reporter) Changed() {
	r.init()
	select {
	case r.changed <- struct{}{}:
	default: // a publish is already due
	}
}

// Event queues an event. It never blocks: when the queue is full (the
// broker has been away a long time) the event is dropped and counted.
func (r *Reporter) Event(e kiosk.Event) {
	r.init()
	e.V, e.Kiosk = kiosk.StatusVersion, r.Topics.Kiosk
	if e.At.IsZero() {
		e.At = r.Now()
	}
	e.At = e.At.UTC()
	select {
	case r.events <- e:
	default:
		r.dropped.Add(1)
	}
}

// Connected reports whether the broker connection is up.
func (r *Reporter) Connected() bool { return r.connected.Load() }

// Run connects, keeps the state published and handles commands until ctx
// ends; then it publishes "offline" and disconnects. A broker that is down
// is retried in the background; Run fails only on bad settings.
func (r *Reporter) Run(ctx context.Context) error {
	r.init()
	if !ValidID(r.Topics.Site) || !ValidID(r.Topics.Kiosk) {
		return errors.New("mqtt: site and kiosk ids must not contain /, #, + or spaces")
	}
	o, err := r.Broker.options(r.Topics.Kiosk)
	if err != nil {
		return err
	}
	if r.Broker.Username == "" {
		o.SetUsername(r.Topics.Kiosk)
	}
	o.SetWill(r.Topics.Availability(), Offline, 1, true)
	o.SetOnConnectHandler(r.onConnect)
	o.SetConnectionLostHandler(func(_ paho.Client, err error) {
		r.connected.Store(false)
		r.lost.Add(1)
		r.Logger.Warn("broker connection lost; reconnecting", "err", err)
	})
	r.applyInForce()
	c := paho.NewClient(o)
	c.Connect() // with ConnectRetry it keeps trying in the background

	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); r.commands(ctx, c) }()
	defer wg.Wait()

	tick := time.NewTicker(r.Every)
	defer tick.Stop()
	for {
		// Events wait in their queue while the broker is away; the
		// reconnection wakes the loop through Changed.
		events := r.events
		if !c.IsConnectionOpen() {
			events = nil
		}
		select {
		case <-ctx.Done():
			if c.IsConnectionOpen() {
				if err := wait(c.Publish(r.Topics.Availability(), 1, true, Offline), 2*time.Second); err != nil {
					r.Logger.Warn("offline not published", "err", err)
				}
			}
			c.Disconnect(250)
			r.connected.Store(false)
			return nil
		case <-tick.C:
			r.publishState(c)
		case <-r.changed:
			r.publishState(c)
		case e := <-events:
			r.publishEvent(c, e)
		}
	}
}

// onConnect runs on paho's goroutine at every (re)connection: it must not
// block. It subscribes, announces "online" and asks for a full state.
func (r *Reporter) onConnect(c paho.Client) {
	r.connected.Store(true)
	r.Logger.Info("broker connected")
	c.Publish(r.Topics.Availability(), 1, true, Online)
	handler := func(_ paho.Client, m paho.Message) {
		select {
		case r.inbox <- m:
		default:
			r.Logger.Warn("command dropped: too many waiting", "topic", m.Topic())
		}
	}
	c.SubscribeMultiple(map[string]byte{r.Topics.Cmd(): 1, r.Topics.Desired(): 1}, handler)
	if r.Discovery {
		r.publishDiscovery(c)
	}
	r.Changed()
}

func (r *Reporter) publishState(c paho.Client) {
	if !c.IsConnectionOpen() || r.Status == nil {
		return
	}
	st := r.Status()
	st.V, st.Kiosk, st.Site = kiosk.StatusVersion, r.Topics.Kiosk, r.Topics.Site
	st.At = r.Now().UTC()
	if r.Guard != nil {
		st.DesiredSeq = r.Guard.DesiredSeq()
	}
	payload, err := r.encodeState(st)
	if err != nil {
		r.Logger.Error("state not encoded", "err", err)
		return
	}
	// paho keeps the slice until the packet is written, which may be after
	// a timed-out wait: give it its own copy, not the reused buffer.
	if err := wait(c.Publish(r.Topics.State(), 1, true, bytes.Clone(payload)), 5*time.Second); err != nil {
		r.Logger.Warn("state not published", "err", err)
		r.Changed() // try again at the next chance
	}
}

// encodeState writes st into the Reporter's reused buffer. The payload is
// valid until the next call.
func (r *Reporter) encodeState(st kiosk.Status) ([]byte, error) {
	r.buf.Reset()
	if err := json.NewEncoder(&r.buf).Encode(st); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(r.buf.Bytes(), []byte("\n")), nil
}

func (r *Reporter) publishEvent(c paho.Client, e kiosk.Event) {
	// Not IsConnected: with ConnectRetry it is true while still
	// connecting, and what is published then is lost with the clean
	// session.
	if !c.IsConnectionOpen() {
		r.dropped.Add(1)
		return
	}
	b, err := json.Marshal(e)
	if err == nil {
		err = wait(c.Publish(r.Topics.Event(), 1, false, b), 5*time.Second)
	}
	if err != nil {
		r.Logger.Warn("event not published", "kind", e.Kind, "err", err)
	}
}

// commands handles the command and desired-state messages, one at a time,
// until ctx ends.
func (r *Reporter) commands(ctx context.Context, c paho.Client) {
	for {
		select {
		case <-ctx.Done():
			return
		case m := <-r.inbox:
			switch m.Topic() {
			case r.Topics.Cmd():
				r.command(ctx, c, m.Payload())
			case r.Topics.Desired():
				r.desired(m.Payload())
			}
		}
	}
}

func (r *Reporter) command(ctx context.Context, c paho.Client, payload []byte) {
	now := r.Now()
	cmd, err := kiosk.ParseCommand(payload)
	if err == nil {
		if r.Guard == nil {
			err = errors.New("this kiosk has no staff key configured")
		} else {
			err = r.Guard.Command(cmd, now)
		}
	}
	reply := kiosk.Reply{V: kiosk.StatusVersion, ID: cmd.ID, Kiosk: r.Topics.Kiosk}
	if err != nil {
		r.Logger.Warn("command refused", "id", cmd.ID, "action", cmd.Action, "err", err)
		r.Event(kiosk.Event{Kind: kiosk.EventCommandRejected, Detail: err.Error()})
		reply.Error = err.Error()
	} else {
		r.Logger.Info("command", "id", cmd.ID, "action", cmd.Action, "by", cmd.By)
		if r.OnCommand == nil {
			reply.Error = "not supported"
		} else if reply.Detail, err = r.OnCommand(ctx, cmd); err != nil {
			reply.Error = err.Error()
		} else {
			reply.OK = true
		}
	}
	reply.At = r.Now().UTC()
	b, _ := json.Marshal(reply)
	if err := wait(c.Publish(r.Topics.Reply(), 1, false, b), 5*time.Second); err != nil {
		r.Logger.Warn("reply not published", "id", cmd.ID, "err", err)
	}
	r.Changed()
}

func (r *Reporter) desired(payload []byte) {
	if len(payload) == 0 {
		return // cleared retained message
	}
	d, err := kiosk.ParseDesired(payload)
	fresh := false
	if err == nil {
		if r.Guard == nil {
			err = errors.New("this kiosk has no staff key configured")
		} else {
			fresh, err = r.Guard.Desired(d, r.Now())
		}
	}
	if err != nil && !errors.Is(err, kiosk.ErrDesiredNotKept) {
		r.Logger.Warn("desired state refused", "seq", d.Seq, "mode", d.Mode, "err", err)
		r.Event(kiosk.Event{Kind: kiosk.EventCommandRejected, Detail: "desired state: " + err.Error()})
		return
	}
	if err != nil {
		r.Logger.Error("desired state", "seq", d.Seq, "err", err)
		r.Event(kiosk.Event{Kind: kiosk.EventError, Detail: err.Error()})
	}
	if !fresh {
		return // the one in force, handed over again at a reconnection
	}
	r.Logger.Info("desired state", "seq", d.Seq, "mode", d.Mode, "by", d.By)
	if r.OnDesired != nil {
		r.OnDesired(d)
	}
	r.Changed()
}

// applyInForce applies the desired state the kiosk kept from before its
// restart, before the broker is reached.
func (r *Reporter) applyInForce() {
	if r.Guard == nil {
		return
	}
	d, ok, err := r.Guard.InForce()
	if err != nil {
		r.Logger.Error("desired state", "err", err)
		r.Event(kiosk.Event{Kind: kiosk.EventError, Detail: err.Error()})
		return
	}
	if ok && r.OnDesired != nil {
		r.Logger.Info("desired state kept from before the restart", "seq", d.Seq, "mode", d.Mode, "by", d.By)
		r.OnDesired(d)
	}
}

// Dropped is how many events were dropped while the broker was away.
func (r *Reporter) Dropped() int64 { return r.dropped.Load() }

// Lost is how many times the broker connection was lost.
func (r *Reporter) Lost() int64 { return r.lost.Load() }
