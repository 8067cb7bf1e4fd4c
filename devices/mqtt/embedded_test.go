package mqtt

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/anjungan/anjungan/devices/broker"
	"github.com/anjungan/anjungan/devices/mqtt/mqtttest"
)

// embeddedBroker runs the embedded broker with the same users and rules:
// the kiosks of the shipped list (mosquitto/kiosks.txt), staff.
type embeddedBroker struct {
	t      *testing.T
	port   int
	users  broker.Users
	kiosks []broker.Kiosk
	cancel context.CancelFunc
	done   chan struct{}
}

func embedded(t *testing.T) *embeddedBroker {
	u := broker.Users{}
	for name, pw := range users {
		if err := u.Set(name, pw); err != nil {
			t.Fatal(err)
		}
	}
	kiosks, err := broker.LoadKiosks(filepath.Join(mqtttest.Dir(), "kiosks.txt"))
	if err != nil {
		t.Fatal(err)
	}
	e := &embeddedBroker{t: t, port: mqtttest.FreePort(t), users: u, kiosks: kiosks}
	e.Relaunch()
	t.Cleanup(e.Stop)
	return e
}

// Relaunch starts it (again).
func (e *embeddedBroker) Relaunch() {
	ctx, cancel := context.WithCancel(context.Background())
	b := &broker.Broker{Addr: fmt.Sprintf("127.0.0.1:%d", e.port), Users: e.users, Staff: []string{"staff"}, Kiosks: e.kiosks,
		Logger: slog.New(slog.DiscardHandler)}
	e.cancel, e.done = cancel, make(chan struct{})
	go func() { defer close(e.done); b.Run(ctx) }()
	if _, err := b.ListenAddr(10 * time.Second); err != nil {
		e.t.Fatal(err)
	}
}

func (e *embeddedBroker) Stop() {
	if e.cancel != nil {
		e.cancel()
		<-e.done
		e.cancel = nil
	}
}

func (e *embeddedBroker) URL() string      { return fmt.Sprintf("tcp://127.0.0.1:%d", e.port) }
func (e *embeddedBroker) KioskURL() string { return e.URL() }
func (e *embeddedBroker) StaffURL() string { return e.URL() }
func (e *embeddedBroker) URLs() []string   { return []string{e.URL()} }
func (e *embeddedBroker) CA() string       { return "" }

func (e *embeddedBroker) Restart() {
	e.Stop()
	e.Relaunch()
}

// TestReporterEmbeddedBroker runs the same suite on the embedded broker.
func TestReporterEmbeddedBroker(t *testing.T) { suite(t, embedded(t)) }
