// Package mqttsim simulates a fleet of kiosks for load tests of brokers
// and staff monitors: each simulated kiosk is a real mqtt.Reporter with
// its own connection, changing state at a given rate (`kioskctl
// simulate`, and the fleet benchmarks).
package mqttsim

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/anjungan/anjungan/devices/mqtt"
	"github.com/anjungan/anjungan/kiosk"
)

// Simulator runs many simulated kiosks against a broker, each a real
// Reporter with its own connection, changing state at a given rate: for
// load tests of brokers and staff monitors (`kioskctl simulate`).
type Simulator struct {
	Broker mqtt.Broker // shared credentials (a test broker without per-kiosk users)
	Site   string
	Kiosks int
	// Rate is state changes per kiosk per second; every change is a scan
	// counted in the state.
	Rate float64
	// Changed, when set, hears of each change before it is published.
	Changed func(kiosk string, scans int, at time.Time)
	Logger  *slog.Logger

	mu        sync.Mutex
	reporters []*mqtt.Reporter
}

// Lost is how many times the simulated kiosks lost their connections.
func (s *Simulator) Lost() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	var n int64
	for _, r := range s.reporters {
		n += r.Lost()
	}
	return n
}

// ID names simulated kiosk i.
func (s *Simulator) ID(i int) string { return fmt.Sprintf("sim-%04d", i) }

// Run runs the kiosks until ctx ends; the connected callback hears once
// all of them are connected, and has returned when Run returns.
func (s *Simulator) Run(ctx context.Context, connected func()) error {
	if s.Logger == nil {
		s.Logger = slog.New(slog.DiscardHandler)
	}
	if s.Kiosks < 1 {
		return fmt.Errorf("simulate: %d kiosks", s.Kiosks)
	}
	var wg sync.WaitGroup
	reporters := make([]*mqtt.Reporter, s.Kiosks)
	for i := range s.Kiosks {
		id := s.ID(i)
		k := &simKiosk{st: kiosk.Status{Mode: kiosk.ModeInService, Version: "sim", Started: time.Now().UTC(),
			Devices: []kiosk.DeviceStatus{{Name: "front", Kind: kiosk.DeviceScanner, Connected: true}}}}
		b := s.Broker
		if b.Username == "" {
			b.Username = id
		}
		r := &mqtt.Reporter{Broker: b, Topics: mqtt.Topics{Site: s.Site, Kiosk: id}, Status: k.status, Logger: s.Logger}
		reporters[i] = r
		s.mu.Lock()
		s.reporters = append(s.reporters, r)
		s.mu.Unlock()
		wg.Add(2)
		go func() { defer wg.Done(); r.Run(ctx) }()
		go func() { defer wg.Done(); s.change(ctx, id, k, r) }()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for _, r := range reporters {
			for !r.Connected() && ctx.Err() == nil {
				time.Sleep(10 * time.Millisecond)
			}
		}
		if ctx.Err() == nil && connected != nil {
			connected()
		}
	}()
	wg.Wait()
	return nil
}

type simKiosk struct {
	mu sync.Mutex
	st kiosk.Status
}

func (k *simKiosk) status() kiosk.Status {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.st
}

// change scans at Rate per second, with jitter, once the kiosk is up.
func (s *Simulator) change(ctx context.Context, id string, k *simKiosk, r *mqtt.Reporter) {
	if s.Rate <= 0 {
		<-ctx.Done()
		return
	}
	mean := time.Duration(float64(time.Second) / s.Rate)
	for {
		wait := mean/2 + rand.N(mean)
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		if !r.Connected() {
			continue
		}
		k.mu.Lock()
		k.st.Counters.Scans++
		n := k.st.Counters.Scans
		k.mu.Unlock()
		if s.Changed != nil {
			s.Changed(id, n, time.Now())
		}
		r.Changed()
	}
}
