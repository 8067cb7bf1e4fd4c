package mqtt

import (
	"context"
	"log/slog"
	"syscall"
	"testing"
	"time"

	"github.com/anjungan/anjungan/devices/mqtt/mqtttest"
	"github.com/anjungan/anjungan/kiosk"
)

// BenchmarkPublishState is the kiosk's cost of one state publish on the
// reporter's side (encoding into a reused buffer), without the network.
func BenchmarkPublishState(b *testing.B) {
	st := kiosk.Status{V: 1, Kiosk: "kiosk-01", Site: "pusat", Version: "v1", Mode: kiosk.ModeInService,
		Devices:  []kiosk.DeviceStatus{{Name: "front", Kind: kiosk.DeviceScanner, Connected: true}, {Name: "printer", Kind: kiosk.DevicePrinter, Connected: true, Paper: "ok"}},
		Counters: kiosk.Counters{Day: "2026-11-23", Scans: 120, Loans: 40}}
	r := &Reporter{}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.encodeState(st); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReporterIdle measures the CPU an idle kiosk's reporter takes
// (the whole test process, connected to Mosquitto, nothing happening):
// goal "negligible".
func BenchmarkReporterIdle(b *testing.B) {
	broker := mqtttest.Start(b, mqtttest.Options{})
	r := &Reporter{Broker: Broker{URL: broker.URL(), Username: "k1"}, Topics: Topics{Site: "bench", Kiosk: "k1"},
		Status: func() kiosk.Status { return kiosk.Status{Mode: kiosk.ModeInService} }}
	r.init()
	r.Logger = slog.New(slog.DiscardHandler)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { r.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	for !r.Connected() {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(500 * time.Millisecond)
	before := cpuTime()
	b.ResetTimer()
	start := time.Now()
	time.Sleep(3 * time.Second)
	b.StopTimer()
	used := cpuTime() - before
	b.ReportMetric(0, "ns/op") // 3 s whatever b.N: not a time per operation
	b.ReportMetric(float64(used)/float64(time.Millisecond)/time.Since(start).Seconds(), "cpu-ms/s")
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
