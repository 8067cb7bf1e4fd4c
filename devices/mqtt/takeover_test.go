package mqtt

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/fleet"
)

// takeoverCounter is a broker that can tell how many sessions it closed
// because another client came with the same client id (Mosquitto's log).
type takeoverCounter interface{ Takeovers() int }

// testNoTakeover: with kiosk-02 connected, kiosk-01's credentials try on
// every listener to connect as client id kiosk-02, and to leave a Last
// Will on kiosk-02's availability, then drop the connection as a crashed
// client does. The broker refuses or renames them: kiosk-02 is never
// disconnected, and no "offline" for it is ever published.
func testNoTakeover(t *testing.T, b testBroker) {
	staff := subscribe(t, b, "staff", "anjungan/#")
	tp := Topics{Site: "perpustakaan", Kiosk: "kiosk-02"}
	k2, _, _ := startReporter(t, b, "kiosk-02", 0)
	waitFor(t, 10*time.Second, "kiosk-02 online", func() bool { m, ok := staff.last(tp.Availability()); return ok && m.payload == Online })
	from := staff.count() // what was retained from earlier tests is past
	before := takeovers(b)
	forged := &rawWill{topic: tp.Availability(), payload: "offline-forged"}
	for _, url := range b.URLs() {
		for _, try := range []struct {
			id   string
			will *rawWill
		}{
			{"kiosk-02", nil},    // its session
			{"kiosk-02", forged}, // its session and a will in its name
			{"kiosk-01", forged}, // its own id, a will in kiosk-02's name
			{"", forged},         // a broker-made id
		} {
			c, err := rawConnect(url, b.CA(), try.id, "kiosk-01", users["kiosk-01"], try.will)
			if err != nil {
				continue // refused at the door
			}
			t.Logf("%s: kiosk-01 as %q with will %v: CONNACK %d", url, try.id, try.will != nil, c.code)
			c.crash()
		}
	}
	// A round trip after the last attempt: the broker has dealt with them.
	marker := staff.count()
	staff.publish(t, "anjungan/perpustakaan/kiosk/kiosk-02/cmd", false, []byte(`{"marker":1}`))
	waitFor(t, 10*time.Second, "marker", func() bool { return len(staff.since(marker)) > 0 })
	for _, m := range staff.since(from) {
		if m.topic == tp.Availability() && m.payload != Online {
			t.Errorf("kiosk-02's availability became %q", m.payload)
		}
	}
	if n := k2.Lost(); n != 0 {
		t.Errorf("kiosk-02 was disconnected %d times", n)
	}
	if n := takeovers(b) - before; n != 0 {
		t.Errorf("the broker logged %d takeovers", n)
	}
}

func takeovers(b testBroker) int {
	if tc, ok := b.(takeoverCounter); ok {
		return tc.Takeovers()
	}
	return 0
}

// testStaffSideBySide: several staff tools on one staff account (monitors,
// a command sender) and simulated kiosks on it too, as kioskctl simulate
// runs them, all at once: each has its own client id, and none is ever
// disconnected.
func testStaffSideBySide(t *testing.T, b testBroker) {
	before := takeovers(b)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sim := simulate(ctx, clientBroker(b, "staff"), 5)
	defer func() { cancel(); sim.wg.Wait() }()
	var tools []*Staff
	for i := range 3 {
		s := &Staff{Broker: clientBroker(b, "staff"), Model: fleet.NewModel(), Key: staffKey, Name: fmt.Sprintf("tool-%d", i)}
		if err := s.Connect(ctx); err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		tools = append(tools, s)
	}
	waitFor(t, 20*time.Second, "the simulated kiosks connected", sim.connected)
	ids := map[string]bool{}
	for _, s := range tools {
		if ids[s.ClientID] {
			t.Fatalf("client id %q not unique", s.ClientID)
		}
		ids[s.ClientID] = true
	}
	waitFor(t, 20*time.Second, "every tool sees the 5 simulated kiosks change", func() bool {
		for _, s := range tools {
			n := 0
			for _, k := range s.Model.Snapshot("sim") {
				if k.Online && k.Status.Counters.Scans >= 3 {
					n++
				}
			}
			if n < 5 {
				return false
			}
		}
		return true
	})
	for _, s := range tools {
		if s.Lost() != 0 {
			t.Errorf("staff tool %s was disconnected %d times", s.ClientID, s.Lost())
		}
	}
	if n := sim.Lost(); n != 0 {
		t.Errorf("simulated kiosks were disconnected %d times", n)
	}
	if n := takeovers(b) - before; n != 0 {
		t.Errorf("the broker logged %d takeovers", n)
	}
}

// simKiosks are kiosks on one account (a staff one), each a Reporter
// with its own client id, scanning five times a second: the simulator
// of package mqttsim, which imports this one.
type simKiosks struct {
	wg        sync.WaitGroup
	reporters []*Reporter
}

func simulate(ctx context.Context, b Broker, n int) *simKiosks {
	s := &simKiosks{}
	for i := range n {
		var scans atomic.Int64
		r := &Reporter{Broker: b, Topics: Topics{Site: "sim", Kiosk: fmt.Sprintf("sim-%04d", i)}, Logger: slog.New(slog.DiscardHandler),
			Status: func() kiosk.Status {
				return kiosk.Status{Mode: kiosk.ModeInService, Version: "sim", Counters: kiosk.Counters{Scans: int(scans.Load())}}
			}}
		s.reporters = append(s.reporters, r)
		s.wg.Add(2)
		go func() { defer s.wg.Done(); r.Run(ctx) }()
		go func() {
			defer s.wg.Done()
			t := time.NewTicker(200 * time.Millisecond)
			defer t.Stop()
			for {
				select {
				case <-ctx.Done():
					return
				case <-t.C:
					if r.Connected() {
						scans.Add(1)
						r.Changed()
					}
				}
			}
		}()
	}
	return s
}

func (s *simKiosks) connected() bool {
	for _, r := range s.reporters {
		if !r.Connected() {
			return false
		}
	}
	return true
}

// Lost is how many times the kiosks lost their connections.
func (s *simKiosks) Lost() int64 {
	var n int64
	for _, r := range s.reporters {
		n += r.Lost()
	}
	return n
}
