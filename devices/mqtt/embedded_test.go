package mqtt

import (
	"context"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/anjungan/anjungan/devices/broker"
	"github.com/anjungan/anjungan/devices/mqtt/mqtttest"
)

// embeddedBroker runs the embedded broker with the same users and rules.
type embeddedBroker struct {
	t      *testing.T
	port   int
	users  broker.Users
	cancel context.CancelFunc
	done   chan struct{}
}

func embedded(t *testing.T) testBroker {
	u := broker.Users{}
	for name, pw := range users {
		if err := u.Set(name, pw); err != nil {
			t.Fatal(err)
		}
	}
	e := &embeddedBroker{t: t, port: mqtttest.FreePort(t), users: u}
	e.start()
	t.Cleanup(e.stop)
	return e
}

func (e *embeddedBroker) start() {
	ctx, cancel := context.WithCancel(context.Background())
	b := &broker.Broker{Addr: fmt.Sprintf("127.0.0.1:%d", e.port), Users: e.users, Staff: []string{"staff"}, Logger: slog.New(slog.DiscardHandler)}
	e.cancel, e.done = cancel, make(chan struct{})
	go func() { defer close(e.done); b.Run(ctx) }()
	if _, err := b.ListenAddr(10 * time.Second); err != nil {
		e.t.Fatal(err)
	}
}

func (e *embeddedBroker) stop() {
	if e.cancel != nil {
		e.cancel()
		<-e.done
		e.cancel = nil
	}
}

func (e *embeddedBroker) URL() string { return fmt.Sprintf("tcp://127.0.0.1:%d", e.port) }

func (e *embeddedBroker) Restart() {
	e.stop()
	e.start()
}

// TestReporterEmbeddedBroker runs the same suite on the embedded broker.
func TestReporterEmbeddedBroker(t *testing.T) { suite(t, embedded(t)) }
