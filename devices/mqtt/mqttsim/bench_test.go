package mqttsim

import (
	"context"
	"os"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/anjungan/anjungan/devices/mqtt"
	"github.com/anjungan/anjungan/devices/mqtt/mqtttest"
	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/fleet"
)

// simKiosks is how many kiosks the fleet benchmarks simulate:
// ANJUNGAN_SIM_KIOSKS, 1,000 by default.
func simKiosks() int {
	if n, err := strconv.Atoi(os.Getenv("ANJUNGAN_SIM_KIOSKS")); err == nil && n > 0 {
		return n
	}
	return 1000
}

// fleetRun simulates the fleet on Mosquitto at rate changes per kiosk per
// second for d, with a staff monitor, and reports the latency from a
// kiosk's state change to the monitor's model showing it, and the
// messages the monitor took in per second.
func fleetRun(b *testing.B, rate float64, d time.Duration) {
	broker := mqtttest.Start(b, mqtttest.Options{})
	model := fleet.NewModel()
	var mu sync.Mutex
	changed := map[string]time.Time{} // kiosk/scans → when
	var lat []time.Duration
	model.Observe = func(_, id string, st kiosk.Status) {
		now := time.Now()
		mu.Lock()
		key := id + "/" + strconv.Itoa(st.Counters.Scans)
		if at, ok := changed[key]; ok {
			lat = append(lat, now.Sub(at))
			delete(changed, key)
		}
		mu.Unlock()
	}
	staff := &mqtt.Staff{Broker: mqtt.Broker{URL: broker.URL()}, Model: model}
	if err := staff.Connect(context.Background()); err != nil {
		b.Fatal(err)
	}
	defer staff.Close()
	n := simKiosks()
	sim := &Simulator{Broker: mqtt.Broker{URL: broker.URL(), Username: "sim"}, Site: "bench", Kiosks: n, Rate: rate,
		Changed: func(id string, scans int, at time.Time) {
			mu.Lock()
			changed[id+"/"+strconv.Itoa(scans)] = at
			mu.Unlock()
		}}
	ctx, cancel := context.WithCancel(context.Background())
	up := make(chan struct{})
	done := make(chan struct{})
	go func() { sim.Run(ctx, func() { close(up) }); close(done) }()
	defer func() { cancel(); <-done }()
	select {
	case <-up:
	case <-time.After(2 * time.Minute):
		b.Fatal("simulated kiosks did not connect")
	}
	// Measure from here: drop what came before.
	time.Sleep(time.Second)
	mu.Lock()
	lat = lat[:0]
	mu.Unlock()
	before := staff.Received()
	b.ResetTimer()
	start := time.Now()
	time.Sleep(d)
	elapsed := time.Since(start)
	received := staff.Received() - before
	b.StopTimer()
	mu.Lock()
	defer mu.Unlock()
	if len(lat) == 0 {
		b.Fatal("no state change reached the monitor")
	}
	slices.Sort(lat)
	q := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))]) / 1e6 }
	// One timed run whatever b.N, so time per b.N says nothing: the
	// metrics are the run's own.
	b.ReportMetric(0, "ns/op")
	b.ReportMetric(float64(n), "kiosks")
	b.ReportMetric(q(0.50), "p50-ms")
	b.ReportMetric(q(0.99), "p99-ms")
	b.ReportMetric(float64(received)/elapsed.Seconds(), "msgs/s")
	b.ReportMetric(float64(staff.Malformed()), "refused")
	b.Logf("%d kiosks, %d changes seen, p50 %.1f ms, p99 %.1f ms, monitor took in %.0f msgs/s", n, len(lat), q(0.5), q(0.99), float64(received)/elapsed.Seconds())
}

// BenchmarkFleet: 1,000 kiosks on Mosquitto; goals: p99 ≤ 1 s from a
// state change to the monitor's model, and the monitor ingesting ≥ 10,000
// messages/s (the "burst" case offers about 15,000/s).
func BenchmarkFleet(b *testing.B) {
	// One run each, whatever b.N: a run takes seconds and is its own
	// sample of thousands of changes.
	b.Run("steady_1_per_s", func(b *testing.B) { fleetRun(b, 1, 5*time.Second) })
	b.Run("burst_15_per_s", func(b *testing.B) { fleetRun(b, 15, 3*time.Second) })
}
