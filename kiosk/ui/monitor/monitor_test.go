package monitor

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/fleet"
	"github.com/anjungan/anjungan/kiosk/mock"
)

type fakeCommander struct {
	mu      sync.Mutex
	sent    []kiosk.Action
	desired []kiosk.Mode
	reply   chan struct{}
}

func (f *fakeCommander) Command(_ context.Context, site, id string, a kiosk.Action, msg string) (kiosk.Reply, error) {
	f.mu.Lock()
	f.sent = append(f.sent, a)
	f.mu.Unlock()
	defer func() { f.reply <- struct{}{} }()
	return kiosk.Reply{OK: true, Detail: "pong v1"}, nil
}

func (f *fakeCommander) SetDesired(site, id string, mode kiosk.Mode, msg string) error {
	f.mu.Lock()
	f.desired = append(f.desired, mode)
	f.mu.Unlock()
	return nil
}

func feed(t *testing.T, m *fleet.Model, site, id string, online bool, edit func(*kiosk.Status)) {
	t.Helper()
	av := "offline"
	if online {
		av = "online"
	}
	if err := m.Apply(site, id, fleet.LeafAvailability, []byte(av)); err != nil {
		t.Fatal(err)
	}
	st := kiosk.Status{V: 1, Kiosk: id, Mode: kiosk.ModeInService, Version: "v1.2",
		Devices: []kiosk.DeviceStatus{{Name: "front", Kind: kiosk.DeviceScanner, Port: "/dev/ttyACM0", Connected: true}}}
	if edit != nil {
		edit(&st)
	}
	b, _ := json.Marshal(st)
	if err := m.Apply(site, id, fleet.LeafState, b); err != nil {
		t.Fatal(err)
	}
}

func monitorTexts(w fyne.Window) string {
	var b strings.Builder
	var visit func(o fyne.CanvasObject)
	visit = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Label:
			b.WriteString(x.Text + "\n")
		case *widget.Button:
			b.WriteString(x.Text + "\n")
		}
		for _, c := range test.LaidOutObjects(o) {
			if c != o {
				switch c.(type) {
				case *widget.Label, *widget.Button:
					visit(c)
				}
			}
		}
	}
	for _, o := range test.LaidOutObjects(w.Content()) {
		visit(o)
	}
	return b.String()
}

func TestMonitor(t *testing.T) {
	a := test.NewTempApp(t)
	clock := mock.NewClock(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	model := &fleet.Model{Now: clock.Now}
	feed(t, model, "pusat", "k1", true, func(s *kiosk.Status) { s.Link = &kiosk.LinkStatus{Up: true, RTT: 420 * time.Microsecond} })
	feed(t, model, "cabang", "k2", true, func(s *kiosk.Status) { s.Devices[0].Connected = false })
	feed(t, model, "pusat", "k3", false, nil)
	cmd := &fakeCommander{reply: make(chan struct{}, 1)}
	// UI work from other goroutines runs here, on the test's goroutine, as
	// fyne.Do runs it on the Fyne goroutine in the app.
	renders := make(chan func(), 100)
	m := New(a, model, cmd, func(f func()) { renders <- f })
	m.Now = clock.Now
	m.Window.Resize(fyne.NewSize(1200, 760))
	m.Refresh()
	if len(m.rows) != 3 || m.rows[0].ID != "k2" && m.rows[0].ID != "k3" {
		t.Fatalf("rows %v: alerts first", keys(m.rows))
	}
	if got := m.summary.Text; got != "3 kiosks, 2 online, 1 need attention" {
		t.Fatalf("summary %q", got)
	}
	clock.Advance(2 * time.Minute) // k3 has been offline long enough to be severe
	m.Refresh()
	if got := m.summary.Text; got != "3 kiosks, 2 online, 2 need attention" {
		t.Fatalf("summary after 2 min %q", got)
	}
	all := monitorTexts(m.Window)
	for _, want := range []string{"cabang / k2", "front disconnected", "OFFLINE since"} {
		if !strings.Contains(all, want) {
			t.Errorf("monitor lacks %q:\n%s", want, all)
		}
	}
	// Filter by site, then alerts only.
	m.sites.SetSelected("pusat")
	if len(m.rows) != 2 {
		t.Fatalf("site filter: %v", keys(m.rows))
	}
	m.sites.SetSelected("All sites")
	m.alerts = true
	m.Refresh()
	if len(m.rows) != 2 {
		t.Fatalf("alerts only: %v", keys(m.rows))
	}
	m.alerts = false
	m.Refresh()
	// Select k1, send "Out of service" and "Ping".
	for i, k := range m.rows {
		if k.ID == "k1" {
			m.list.Select(i)
		}
	}
	if all := monitorTexts(m.Window); !strings.Contains(all, "scanner front on /dev/ttyACM0: connected") || !strings.Contains(all, "Library system: up, round trip 420µs") {
		t.Fatalf("detail:\n%s", monitorTexts(m.Window))
	}
	m.message.SetText("Sedang diperbaiki")
	tapButton(t, m.Window, "Out of service")
	<-cmd.reply
	waitText(t, m, renders, "ok — pong v1")
	tapButton(t, m.Window, "Ping")
	<-cmd.reply
	cmd.mu.Lock()
	defer cmd.mu.Unlock()
	if len(cmd.sent) != 2 || cmd.sent[0] != kiosk.ActionOutOfService || cmd.sent[1] != kiosk.ActionPing || len(cmd.desired) != 1 || cmd.desired[0] != kiosk.ModeOutOfService {
		t.Fatalf("sent %v, desired %v", cmd.sent, cmd.desired)
	}
}

func keys(ks []fleet.Kiosk) []string {
	var out []string
	for _, k := range ks {
		out = append(out, k.Key())
	}
	return out
}

func tapButton(t *testing.T, w fyne.Window, label string) {
	t.Helper()
	for _, o := range test.LaidOutObjects(w.Content()) {
		if b, ok := o.(*widget.Button); ok && b.Text == label {
			test.Tap(b)
			return
		}
	}
	t.Fatalf("no button %q", label)
}

func waitText(t *testing.T, m *Monitor, renders chan func(), want string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(m.result.Text, want) {
		for len(renders) > 0 {
			(<-renders)()
		}
		if time.Now().After(deadline) {
			t.Fatalf("result %q, want %q", m.result.Text, want)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// blockingCommander's Command waits for its context to end.
type blockingCommander struct {
	fakeCommander
	started  chan struct{}
	returned chan error
}

func (b *blockingCommander) Command(ctx context.Context, site, id string, a kiosk.Action, msg string) (kiosk.Reply, error) {
	close(b.started)
	<-ctx.Done()
	b.returned <- ctx.Err()
	return kiosk.Reply{}, ctx.Err()
}

// A command under way when the monitor stops ends with it: it runs under
// Run's context, and Run returns once it has.
func TestMonitorCommandEndsWithRun(t *testing.T) {
	a := test.NewTempApp(t)
	cmd := &blockingCommander{started: make(chan struct{}), returned: make(chan error, 1)}
	renders := make(chan func(), 10)
	m := New(a, fleet.NewModel(), cmd, func(f func()) { renders <- f })
	m.Timeout = time.Hour
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan struct{})
	go func() { m.Run(ctx); close(ran) }()
	waitRunning := time.Now().Add(5 * time.Second)
	for {
		m.mu.Lock()
		running := m.ctx == ctx
		m.mu.Unlock()
		if running {
			break
		}
		if time.Now().After(waitRunning) {
			t.Fatal("Run did not start")
		}
		time.Sleep(time.Millisecond)
	}
	m.send("pusat", "k1", kiosk.ActionPing, "")
	<-cmd.started
	cancel()
	select {
	case <-ran:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return")
	}
	select {
	case err := <-cmd.returned:
		if err == nil {
			t.Fatal("the command's context did not end")
		}
	default:
		t.Fatal("Run returned before the command under way")
	}
	for len(renders) > 0 {
		(<-renders)() // the command's outcome shown: the next may go
	}
	m.send("pusat", "k1", kiosk.ActionPing, "") // after Run: not sent
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.pending {
		t.Fatal("a command sent after Run returned")
	}
}
