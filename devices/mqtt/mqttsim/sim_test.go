package mqttsim

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/anjungan/anjungan/devices/mqtt"
	"github.com/anjungan/anjungan/devices/mqtt/mqtttest"
)

// The simulated kiosks connect and change state, and Run returns only
// once everything it started has, the connected callback included.
func TestSimulator(t *testing.T) {
	broker := mqtttest.Start(t, mqtttest.Options{})
	var changes atomic.Int64
	sim := &Simulator{Broker: mqtt.Broker{URL: broker.URL(), Username: "sim"}, Site: "test", Kiosks: 3, Rate: 20,
		Changed: func(string, int, time.Time) { changes.Add(1) }}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	up := make(chan struct{})
	var finished atomic.Bool
	ran := make(chan error, 1)
	go func() {
		ran <- sim.Run(ctx, func() {
			close(up)
			<-ctx.Done()
			time.Sleep(2 * time.Second) // longer than the kiosks take to stop
			finished.Store(true)
		})
	}()
	select {
	case <-up:
	case <-time.After(20 * time.Second):
		t.Fatal("the simulated kiosks did not connect")
	}
	deadline := time.Now().Add(10 * time.Second)
	for changes.Load() < 6 {
		if time.Now().After(deadline) {
			t.Fatalf("%d state changes in 10 s", changes.Load())
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	if err := <-ran; err != nil {
		t.Fatal(err)
	}
	if !finished.Load() {
		t.Fatal("Run returned before its connected callback")
	}
	if n := sim.Lost(); n != 0 {
		t.Errorf("simulated kiosks lost their connections %d times", n)
	}
}
