package machine

import (
	"bufio"
	"bytes"
	"context"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
	paho "github.com/eclipse/paho.mqtt.golang"

	"github.com/anjungan/anjungan/devices/mqtt/mqtttest"
	"github.com/anjungan/anjungan/kiosk"
)

type states struct {
	mu  sync.Mutex
	all []kiosk.MachineState
}

func (s *states) add(m kiosk.MachineState) { s.mu.Lock(); s.all = append(s.all, m); s.mu.Unlock() }

func (s *states) last() kiosk.MachineState {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.all) == 0 {
		return kiosk.MachineState{}
	}
	return s.all[len(s.all)-1]
}

func waitState(t *testing.T, s *states, what string, cond func(kiosk.MachineState) bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond(s.last()) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s; last %+v", what, s.last())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestWatchers runs OctoPrint, Moonraker and Bambu watchers on a real
// broker with publishers sending the documented payloads, malformed ones
// among them.
func TestWatchers(t *testing.T) {
	b := mqtttest.Start(t, mqtttest.Options{})
	pub := paho.NewClient(paho.NewClientOptions().AddBroker(b.URL()).SetClientID("printers"))
	if tok := pub.Connect(); !tok.WaitTimeout(10*time.Second) || tok.Error() != nil {
		t.Fatal(tok.Error())
	}
	defer pub.Disconnect(0)
	send := func(topic, payload string) {
		if tok := pub.Publish(topic, 0, false, payload); !tok.WaitTimeout(5 * time.Second) {
			t.Fatal("publish timed out")
		}
	}
	tests := []struct {
		source, topic string
		script        [][2]string // topic, payload; the last must be a busy state
		check         func(kiosk.MachineState) bool
	}{
		{SourceOctoPrint, "octoPrint", [][2]string{
			{"octoPrint/mqtt", "connected"},
			{"octoPrint/progress/printing", `{"progress":"lots"}`}, // malformed: ignored
			{"octoPrint/event/PrintStarted", `{"_event":"PrintStarted"}`},
			{"octoPrint/progress/printing", `{"location":"local","path":"a.gcode","progress":40}`},
		}, func(s kiosk.MachineState) bool { return s.State == kiosk.MachineBusy && s.Progress == 0.4 }},
		{SourceMoonraker, "voron", [][2]string{
			{"voron/moonraker/status", `{"server":"online"}`},
			{"voron/klipper/status", `{"status":{"print_stats":{"state":"flying"}}}`}, // malformed
			{"voron/klipper/status", `{"status":{"print_stats":{"state":"printing","print_duration":60},"virtual_sdcard":{"progress":0.1}}}`},
		}, func(s kiosk.MachineState) bool { return s.State == kiosk.MachineBusy && s.Progress == 0.1 }},
		{SourceBambu, "01S00A123", [][2]string{
			{"device/01S00A123/report", `{"print":{"gcode_state":`}, // truncated
			{"device/01S00A123/report", `{"print":{"gcode_state":"RUNNING","mc_percent":55,"mc_remaining_time":30}}`},
		}, func(s kiosk.MachineState) bool {
			return s.State == kiosk.MachineBusy && s.Progress == 0.55 && !s.Finish.IsZero()
		}},
	}
	for _, tt := range tests {
		t.Run(tt.source, func(t *testing.T) {
			var got states
			ctx, cancel := context.WithCancel(context.Background())
			w := &Watcher{ID: "m-" + tt.source, Source: tt.source, Broker: b.URL(), Topic: tt.topic, OnState: got.add, Logger: slog.New(slog.DiscardHandler)}
			done := make(chan struct{})
			go func() { w.Run(ctx); close(done) }()
			defer func() { cancel(); <-done }()
			// Resend the script until the watcher, subscribing as it
			// connects, has seen it.
			deadline := time.Now().Add(15 * time.Second)
			for !tt.check(got.last()) {
				if time.Now().After(deadline) {
					t.Fatalf("last state %+v", got.last())
				}
				for _, m := range tt.script {
					send(m[0], m[1])
				}
				time.Sleep(50 * time.Millisecond)
			}
		})
	}
	// A Bambu watcher asks for a full report when it connects.
	var requests []string
	var mu sync.Mutex
	spy := paho.NewClient(paho.NewClientOptions().AddBroker(b.URL()).SetClientID("spy"))
	spy.Connect().WaitTimeout(10 * time.Second)
	spy.Subscribe("device/+/request", 0, func(_ paho.Client, m paho.Message) {
		mu.Lock()
		requests = append(requests, string(m.Payload()))
		mu.Unlock()
	}).WaitTimeout(5 * time.Second)
	ctx, cancel := context.WithCancel(context.Background())
	w := &Watcher{ID: "x1c", Source: SourceBambu, Broker: b.URL(), Topic: "SER1", Logger: slog.New(slog.DiscardHandler)}
	done := make(chan struct{})
	go func() { w.Run(ctx); close(done) }()
	deadline := time.Now().Add(10 * time.Second)
	for {
		mu.Lock()
		n := len(requests)
		mu.Unlock()
		if n > 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	<-done
	mu.Lock()
	defer mu.Unlock()
	if len(requests) == 0 || !strings.Contains(requests[0], "pushall") {
		t.Fatalf("requests %v", requests)
	}
}

// TestMarlinPoller talks to a pseudo-terminal "printer" that answers
// M115, M105 and M27 like Marlin, sends a malformed line, prints, errors,
// and then goes silent.
func TestMarlinPoller(t *testing.T) {
	master, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	name := tty.Name()
	defer tty.Close() // held open, as a device node is while plugged in (a closed slave loses bytes)
	defer master.Close()
	var mu sync.Mutex
	printing, halted, silent := false, false, false
	go func() { // the printer
		sc := bufio.NewScanner(master)
		done := 0
		for sc.Scan() {
			mu.Lock()
			p, h, s := printing, halted, silent
			mu.Unlock()
			if s {
				continue
			}
			switch strings.TrimSpace(sc.Text()) {
			case "M115":
				master.Write([]byte("FIRMWARE_NAME:Marlin 2.1.2 (Ender-3)\nCap:AUTOREPORT_TEMP:1\nok\n"))
			case "M105":
				master.Write([]byte("ok T:200.0 /200.0 B:60.0 /60.0 @:0\n\x01\x02noise\n"))
			case "M27":
				switch {
				case h:
					master.Write([]byte("Error:Printer halted. kill() called!\n"))
				case p:
					done += 2000
					master.Write([]byte("SD printing byte " + strconv.Itoa(min(done, 10000)) + "/10000\nok\n"))
				default:
					master.Write([]byte("Not SD printing\nok\n"))
				}
			}
		}
	}()
	var got states
	ctx, cancel := context.WithCancel(context.Background())
	p := &Poller{ID: "ender", Port: name, BaudRate: 115200, Every: 50 * time.Millisecond, OnState: got.add, Logger: slog.New(slog.DiscardHandler)}
	done := make(chan struct{})
	go func() { p.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	waitState(t, &got, "idle", func(s kiosk.MachineState) bool { return s.State == kiosk.MachineIdle })
	mu.Lock()
	printing = true
	mu.Unlock()
	waitState(t, &got, "printing", func(s kiosk.MachineState) bool { return s.State == kiosk.MachineBusy && s.Progress >= 0.4 })
	mu.Lock()
	halted = true
	mu.Unlock()
	waitState(t, &got, "error", func(s kiosk.MachineState) bool {
		return s.State == kiosk.MachineError && strings.Contains(s.Error, "halted")
	})
	mu.Lock()
	silent = true
	mu.Unlock()
	waitState(t, &got, "offline when silent", func(s kiosk.MachineState) bool { return s.State == kiosk.MachineOffline })
}

// message is a paho message on a topic.
type message struct {
	paho.Message
	topic string
}

func (m message) Topic() string { return m.topic }

// A message the watcher has no room for is dropped, and said so: once
// when the dropping starts, not once a message.
func TestWatcherLogsDrops(t *testing.T) {
	var logs bytes.Buffer
	w := &Watcher{Logger: slog.New(slog.NewTextHandler(&logs, nil)), inbox: make(chan paho.Message, 1)}
	for range 3 {
		w.deliver(message{topic: "octoPrint/progress/printing"})
	}
	if n := strings.Count(logs.String(), "dropped"); n != 1 || w.dropped.Load() != 2 {
		t.Fatalf("%d drops counted, logged %d times:\n%s", w.dropped.Load(), n, logs.String())
	}
}
