package mqtt

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/anjungan/anjungan/internal/waitfor"

	paho "github.com/eclipse/paho.mqtt.golang"

	"github.com/anjungan/anjungan/devices/mqtt/mqtttest"
	"github.com/anjungan/anjungan/kiosk"
)

// The test fleet is the one of the shipped ACL (mosquitto/kiosks.txt):
// kiosk-01 and kiosk-02 at perpustakaan, kiosk-03 at cabang-utara, and a
// staff user.
var (
	kioskUsers = map[string]string{"kiosk-01": "pw-kiosk-01", "kiosk-02": "pw-kiosk-02", "kiosk-03": "pw-kiosk-03"}
	staffUsers = map[string]string{"staff": "pw-staff-1"}
	users      = map[string]string{"kiosk-01": "pw-kiosk-01", "kiosk-02": "pw-kiosk-02", "kiosk-03": "pw-kiosk-03", "staff": "pw-staff-1"}
	sites      = map[string]string{"kiosk-01": "perpustakaan", "kiosk-02": "perpustakaan", "kiosk-03": "cabang-utara"}
)

var staffKey = ed25519.NewKeyFromSeed([]byte("0123456789abcdef0123456789abcdef"))

// testBroker is what the suite needs of a broker: Mosquitto on the shipped
// configuration here, the embedded broker too.
type testBroker interface {
	KioskURL() string // where kiosks connect
	StaffURL() string // where staff tools connect
	URLs() []string   // every listener
	CA() string       // the CA of ssl:// listeners
	Stop()
	Relaunch() // after Stop
	Restart()
}

// shipped is Mosquitto on the files in mosquitto/: kiosks on the TLS
// listener 8883, staff tools on the loopback listener 1883 (and TLS 8884).
type shipped struct{ *mqtttest.Mosquitto }

func (s shipped) KioskURL() string { return s.URLFor(8883) }
func (s shipped) StaffURL() string { return s.URLFor(1883) }
func (s shipped) CA() string       { return s.CAFile }

func mosquittoLayout(t *testing.T, layout mqtttest.Layout) shipped {
	return shipped{mqtttest.Shipped(t, layout, mqtttest.Accounts{Kiosks: kioskUsers, Staff: staffUsers})}
}

func mosquitto(t *testing.T) shipped { return mosquittoLayout(t, mqtttest.Standalone) }

// clientBroker is how user reaches b: kiosks at the kiosk listener, staff
// at the staff one.
func clientBroker(b testBroker, user string) Broker {
	url := b.KioskURL()
	if _, ok := staffUsers[user]; ok {
		url = b.StaffURL()
	}
	return brokerAt(b, url, user)
}

func brokerAt(b testBroker, url, user string) Broker {
	o := Broker{URL: url, Username: user, Password: users[user]}
	if strings.HasPrefix(url, "ssl:") {
		o.CAFile = b.CA()
	}
	return o
}

// capture subscribes as user to filter and records every message.
type capture struct {
	mu   sync.Mutex
	msgs []captured
	c    paho.Client
	lost atomic.Int64
}

type captured struct {
	topic    string
	payload  string
	retained bool
	at       time.Time
}

var clients atomic.Int64

// subscribe connects as user and subscribes to the filters. Kiosk users
// connect with their user name as client id, as real kiosks do (the
// brokers insist); staff get a fresh id each time.
func subscribe(t *testing.T, b testBroker, user string, filters ...string) *capture {
	t.Helper()
	return subscribeAt(t, clientBroker(b, user), user, filters...)
}

func subscribeAt(t *testing.T, o Broker, user string, filters ...string) *capture {
	t.Helper()
	cp := &capture{}
	id := user
	if _, ok := staffUsers[user]; ok {
		id = fmt.Sprintf("test-%s-%d", user, clients.Add(1))
	}
	opts, err := o.options(id)
	if err != nil {
		t.Fatal(err)
	}
	opts.SetOrderMatters(true).SetConnectRetryInterval(100 * time.Millisecond).SetMaxReconnectInterval(time.Second).
		SetStore(newStore()) // else a refused publish is resent, and refused, forever
	opts.SetConnectionLostHandler(func(paho.Client, error) { cp.lost.Add(1) })
	subscribed := make(chan struct{})
	var once sync.Once
	opts.SetOnConnectHandler(func(c paho.Client) {
		subs := map[string]byte{}
		for _, f := range filters {
			subs[f] = 1
		}
		tok := c.SubscribeMultiple(subs, func(_ paho.Client, m paho.Message) {
			cp.mu.Lock()
			cp.msgs = append(cp.msgs, captured{m.Topic(), string(m.Payload()), m.Retained(), time.Now()})
			cp.mu.Unlock()
		})
		go func() { tok.WaitTimeout(10 * time.Second); once.Do(func() { close(subscribed) }) }()
	})
	cp.c = paho.NewClient(opts)
	if err := wait(cp.c.Connect(), 10*time.Second); err != nil {
		t.Fatal(err)
	}
	select { // messages published from now on reach the capture
	case <-subscribed:
	case <-time.After(10 * time.Second):
		t.Fatal("subscription not acknowledged")
	}
	t.Cleanup(func() { cp.c.Disconnect(0) })
	return cp
}

// last returns the newest payload on topic, and whether there is one.
func (cp *capture) last(topic string) (captured, bool) {
	cp.mu.Lock()
	defer cp.mu.Unlock()
	for i := len(cp.msgs) - 1; i >= 0; i-- {
		if cp.msgs[i].topic == topic {
			return cp.msgs[i], true
		}
	}
	return captured{}, false
}

// since returns the messages after the first n.
func (cp *capture) since(n int) []captured {
	cp.mu.Lock()
	defer cp.mu.Unlock()
	return append([]captured(nil), cp.msgs[min(n, len(cp.msgs)):]...)
}

func (cp *capture) count() int {
	cp.mu.Lock()
	defer cp.mu.Unlock()
	return len(cp.msgs)
}

func (cp *capture) all() []captured {
	cp.mu.Lock()
	defer cp.mu.Unlock()
	return append([]captured(nil), cp.msgs...)
}

func (cp *capture) publish(t *testing.T, topic string, retained bool, payload []byte) {
	t.Helper()
	if err := wait(cp.c.Publish(topic, 1, retained, payload), 5*time.Second); err != nil {
		t.Fatal(err)
	}
}

// waitFor is the tests' one way to wait.
var waitFor = waitfor.Until

// fakeKiosk is the state a test kiosk reports.
type fakeKiosk struct {
	mu       sync.Mutex
	status   kiosk.Status
	commands []kiosk.Command
	desired  []kiosk.Desired
}

func (f *fakeKiosk) Status() kiosk.Status {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.status
}

// startReporter runs a Reporter for kiosk id at its site until the test
// ends or stop is called.
func startReporter(t *testing.T, b testBroker, id string, keepalive time.Duration) (*Reporter, *fakeKiosk, context.CancelFunc) {
	t.Helper()
	return startReporterWith(t, b, id, keepalive, &Reporter{})
}

// startReporterWith fills in and runs r, which may hold queued events.
func startReporterWith(t *testing.T, b testBroker, id string, keepalive time.Duration, r *Reporter) (*Reporter, *fakeKiosk, context.CancelFunc) {
	t.Helper()
	f := &fakeKiosk{status: kiosk.Status{Mode: kiosk.ModeInService, Version: "test", Started: time.Now().UTC(),
		Devices: []kiosk.DeviceStatus{{Name: "front", Kind: kiosk.DeviceScanner, Connected: true}}}}
	if r.Broker.URL == "" {
		r.Broker = clientBroker(b, id)
	}
	r.Broker.Keepalive = keepalive
	r.Topics = Topics{Site: sites[id], Kiosk: id}
	r.Status = f.Status
	if r.Guard == nil {
		r.Guard = &kiosk.Guard{Kiosk: id, Keys: []ed25519.PublicKey{staffKey.Public().(ed25519.PublicKey)}, Started: time.Now().Add(-time.Minute)}
	}
	r.OnCommand = func(_ context.Context, c kiosk.Command) (string, error) {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.commands = append(f.commands, c)
		if c.Action == kiosk.ActionOutOfService {
			f.status.Mode, f.status.Message = kiosk.ModeOutOfService, c.Message
		}
		return "done", nil
	}
	r.OnDesired = func(d kiosk.Desired) {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.desired = append(f.desired, d)
		f.status.Mode, f.status.Message = d.Mode, d.Message
	}
	r.Logger = slog.New(slog.DiscardHandler)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { r.Run(ctx); close(done) }()
	stop := func() {
		cancel()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Error("Reporter.Run did not return")
		}
	}
	t.Cleanup(stop)
	return r, f, stop
}
