package mqtt

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	paho "github.com/eclipse/paho.mqtt.golang"

	"github.com/anjungan/anjungan/devices/mqtt/mqtttest"
	"github.com/anjungan/anjungan/kiosk"
)

// Users of the test broker: two kiosks and staff.
var users = map[string]string{"k1": "pw-kiosk-1", "k2": "pw-kiosk-2", "staff": "pw-staff-1"}

var staffKey = ed25519.NewKeyFromSeed([]byte("0123456789abcdef0123456789abcdef"))

// testBroker is what the suite needs of a broker: Mosquitto here, the
// embedded broker too.
type testBroker interface {
	URL() string
	Restart()
}

func mosquitto(t *testing.T) testBroker {
	return mqtttest.Start(t, mqtttest.Options{Users: users, ACL: mqtttest.KioskACL("staff")})
}

// capture subscribes as user to filter and records every message.
type capture struct {
	mu   sync.Mutex
	msgs []captured
	c    paho.Client
}

type captured struct {
	topic    string
	payload  string
	retained bool
}

var clients atomic.Int64

// subscribe connects as user and subscribes to the filters. Kiosk users
// connect with their user name as client id, as real kiosks do (the
// brokers insist); staff get a fresh id each time.
func subscribe(t *testing.T, url, user string, filters ...string) *capture {
	t.Helper()
	cp := &capture{}
	id := user
	if user == "staff" {
		id = fmt.Sprintf("test-%s-%d", user, clients.Add(1))
	}
	o := paho.NewClientOptions().AddBroker(url).SetClientID(id).
		SetUsername(user).SetPassword(users[user]).SetOrderMatters(true).SetAutoReconnect(true).SetConnectRetry(true).
		SetConnectRetryInterval(100 * time.Millisecond).SetMaxReconnectInterval(time.Second).
		SetStore(newStore()) // else a refused publish is resent, and refused, forever
	subscribed := make(chan struct{})
	var once sync.Once
	o.SetOnConnectHandler(func(c paho.Client) {
		subs := map[string]byte{}
		for _, f := range filters {
			subs[f] = 1
		}
		tok := c.SubscribeMultiple(subs, func(_ paho.Client, m paho.Message) {
			cp.mu.Lock()
			cp.msgs = append(cp.msgs, captured{m.Topic(), string(m.Payload()), m.Retained()})
			cp.mu.Unlock()
		})
		go func() { tok.WaitTimeout(10 * time.Second); once.Do(func() { close(subscribed) }) }()
	})
	cp.c = paho.NewClient(o)
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

func waitFor(t testing.TB, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", d, what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

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

// startReporter runs a Reporter for kiosk id at site "uji" until the test
// ends or stop is called.
func startReporter(t *testing.T, url, id string, keepalive time.Duration) (*Reporter, *fakeKiosk, context.CancelFunc) {
	t.Helper()
	return startReporterWith(t, url, id, keepalive, &Reporter{})
}

// startReporterWith fills in and runs r, which may hold queued events.
func startReporterWith(t *testing.T, url, id string, keepalive time.Duration, r *Reporter) (*Reporter, *fakeKiosk, context.CancelFunc) {
	t.Helper()
	f := &fakeKiosk{status: kiosk.Status{Mode: kiosk.ModeInService, Version: "test", Started: time.Now().UTC(),
		Devices: []kiosk.DeviceStatus{{Name: "front", Kind: kiosk.DeviceScanner, Connected: true}}}}
	r.Broker = Broker{URL: url, Password: users[id], Keepalive: keepalive, CAFile: r.Broker.CAFile}
	r.Topics = Topics{Site: "uji", Kiosk: id}
	r.Status = f.Status
	r.Guard = &kiosk.Guard{Kiosk: id, Keys: []ed25519.PublicKey{staffKey.Public().(ed25519.PublicKey)}, Started: time.Now().Add(-time.Minute)}
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
