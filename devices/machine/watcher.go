package machine

import (
	"context"
	"crypto/tls"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	paho "github.com/eclipse/paho.mqtt.golang"

	"github.com/anjungan/anjungan/kiosk"
)

// Sources.
const (
	SourceOctoPrint = "octoprint"
	SourceMoonraker = "moonraker"
	SourceBambu     = "bambu"
	SourceMarlin    = "marlin"
)

// Watcher follows one machine that reports over MQTT: OctoPrint or
// Moonraker on the site's broker, or a Bambu Lab printer on its own
// broker. Set the fields, then Run.
type Watcher struct {
	ID     string // the booking resource
	Source string // SourceOctoPrint, SourceMoonraker or SourceBambu
	// Broker is the broker URL: the site's for OctoPrint and Moonraker,
	// ssl://<printer>:8883 for a Bambu printer (user bblp, password the
	// printer's access code).
	Broker, Username, Password string
	// Topic is OctoPrint's base topic (octoPrint), Moonraker's instance
	// name, or the Bambu printer's serial number.
	Topic string
	// Insecure skips verifying the broker's certificate: Bambu printers
	// present a self-signed one.
	Insecure bool
	// OnState receives the machine's state whenever it changes, on the
	// Watcher's goroutine.
	OnState func(kiosk.MachineState)
	Now     func() time.Time
	Logger  *slog.Logger

	inbox   chan paho.Message
	dropped atomic.Int64 // messages not taken since the last one taken
}

// Run follows the machine until ctx ends. An unreachable broker makes
// the machine offline; the client reconnects by itself.
func (w *Watcher) Run(ctx context.Context) error {
	if w.Now == nil {
		w.Now = time.Now
	}
	if w.Logger == nil {
		w.Logger = slog.Default()
	}
	w.Logger = w.Logger.With("machine", w.ID, "source", w.Source)
	filters, apply, err := w.source()
	if err != nil {
		return err
	}
	tr := NewTracker(w.ID, w.Source, w.Now())
	w.inbox = make(chan paho.Message, 256)
	lost := make(chan struct{}, 1)
	o := paho.NewClientOptions().AddBroker(w.Broker).SetClientID(fmt.Sprintf("anjungan-%s-%d", w.ID, time.Now().UnixNano()%1e6)).
		SetUsername(w.Username).SetPassword(w.Password).SetAutoReconnect(true).SetConnectRetry(true).
		SetConnectRetryInterval(2 * time.Second).SetMaxReconnectInterval(30 * time.Second).SetOrderMatters(false).
		SetKeepAlive(30 * time.Second).SetCleanSession(true)
	if w.Insecure {
		o.SetTLSConfig(&tls.Config{InsecureSkipVerify: true}) // #nosec: the printer's self-signed certificate
	}
	o.SetOnConnectHandler(func(c paho.Client) {
		c.SubscribeMultiple(filters, func(_ paho.Client, m paho.Message) { w.deliver(m) })
		if w.Source == SourceBambu {
			c.Publish("device/"+w.Topic+"/request", 0, false, BambuPushAll)
		}
	})
	o.SetConnectionLostHandler(func(paho.Client, error) {
		select {
		case lost <- struct{}{}:
		default:
		}
	})
	c := paho.NewClient(o)
	c.Connect()
	defer c.Disconnect(250)
	last := tr.State()
	emit := func() {
		if s := tr.State(); s.State != last.State || s.Progress != last.Progress || s.Error != last.Error || !s.Finish.Equal(last.Finish) {
			last = s
			if w.OnState != nil {
				w.OnState(s)
			}
		}
	}
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-lost:
			tr.set(kiosk.MachineOffline, w.Now())
			emit()
		case m := <-w.inbox:
			if n := w.dropped.Swap(0); n > 0 {
				w.Logger.Warn("machine messages dropped while the watcher was behind", "dropped", n)
			}
			if err := apply(tr, m.Topic(), m.Payload(), w.Now()); err != nil {
				w.Logger.Warn("machine message refused", "topic", m.Topic(), "err", err)
				continue
			}
			emit()
		}
	}
}

// deliver hands m to Run's loop, or drops it when the loop is that far
// behind (a flood of progress messages), logging the first one dropped;
// the loop logs how many were once it takes a message again.
func (w *Watcher) deliver(m paho.Message) {
	select {
	case w.inbox <- m:
	default:
		if w.dropped.Add(1) == 1 {
			w.Logger.Warn("machine message dropped: the watcher is behind", "topic", m.Topic())
		}
	}
}

// source returns the topics and the parser of the Watcher's source.
func (w *Watcher) source() (map[string]byte, func(*Tracker, string, []byte, time.Time) error, error) {
	if w.Topic == "" {
		return nil, nil, fmt.Errorf("machine %s: no topic (OctoPrint base, Moonraker instance or Bambu serial)", w.ID)
	}
	switch w.Source {
	case SourceOctoPrint:
		return map[string]byte{w.Topic + "/event/+": 0, w.Topic + "/progress/+": 0, w.Topic + "/mqtt": 0},
			func(t *Tracker, topic string, p []byte, now time.Time) error {
				return t.OctoPrint(w.Topic, topic, p, now)
			}, nil
	case SourceMoonraker:
		return map[string]byte{w.Topic + "/klipper/status": 0, w.Topic + "/moonraker/status": 0},
			func(t *Tracker, topic string, p []byte, now time.Time) error {
				return t.Moonraker(w.Topic, topic, p, now)
			}, nil
	case SourceBambu:
		return map[string]byte{"device/" + w.Topic + "/report": 0},
			func(t *Tracker, topic string, p []byte, now time.Time) error { return t.Bambu(w.Topic, topic, p, now) }, nil
	}
	return nil, nil, fmt.Errorf("machine %s: source %q: want octoprint, moonraker, bambu or marlin", w.ID, w.Source)
}
