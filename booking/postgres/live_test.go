package postgres_test

import (
	"bufio"
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"github.com/anjungan/anjungan/booking"
	"github.com/anjungan/anjungan/booking/postgres"
	"github.com/anjungan/anjungan/booking/postgres/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

var jakarta, _ = time.LoadLocation("Asia/Jakarta")

func open(t testing.TB, url string) *postgres.Store {
	t.Helper()
	s := postgres.New(url)
	s.Location, s.Logger = jakarta, slog.New(slog.DiscardHandler)
	if err := s.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestChangeFeed: a booking made through one kiosk's store reaches
// another kiosk's OnChange, with the resource, within a second; so does a
// resource put out of service, and a cancellation.
func TestChangeFeed(t *testing.T) {
	url := pgtest.Shared(t).NewDatabase(t)
	a, b := open(t, url), open(t, url)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := a.SeedDemo(ctx, "20000001"); err != nil {
		t.Fatal(err)
	}
	heard := make(chan string, 16)
	b.OnChange = func(r string) { heard <- r }
	b.SweepEvery = time.Hour
	b.FeedCheck = 50 * time.Millisecond // the feed checks itself many times while the test runs
	ran := make(chan struct{})
	go func() { b.Run(ctx); close(ran) }()
	defer func() { cancel(); <-ran }() // Run stopped before the test's stores close
	expect := func(what, resource string) {
		t.Helper()
		deadline := time.After(time.Second)
		for {
			select {
			case r := <-heard:
				if r == resource {
					return
				}
			case <-deadline:
				t.Fatalf("%s: kiosk b did not hear of %s within 1 s", what, resource)
			}
		}
	}
	// b is listening once it has its connection: a first change may come
	// before; wait for the feed with a change that is harmless.
	deadline := time.Now().Add(10 * time.Second)
	for ready := false; !ready; {
		a.SetOutOfService(ctx, "room-1", false, "")
		select {
		case <-heard:
			ready = true
		case <-time.After(100 * time.Millisecond):
			if time.Now().After(deadline) {
				t.Fatal("the change feed never came up")
			}
		}
	}
	time.Sleep(300 * time.Millisecond) // quiet: the feed checks its connection several times, and stays
	for len(heard) > 0 {
		if r := <-heard; r == "" {
			t.Fatal("the feed reconnected (a reload of all) while quiet: its checks broke the connection")
		}
	}
	start := booking.Date("2030-01-07").At(9*60, jakarta) // a Monday, far ahead
	a.Now = func() time.Time { return start.Add(-24 * time.Hour) }
	bk, err := a.Book(ctx, booking.Request{Resource: "pc-1", Patron: booking.Patron{Card: "20000001"}, Start: start, Duration: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	expect("a booking", "pc-1")
	if _, err := a.Cancel(ctx, bk.ID, booking.Actor{Staff: "test"}); err != nil {
		t.Fatal(err)
	}
	expect("a cancellation", "pc-1")
	if err := a.SetOutOfService(ctx, "printer-2", true, "nozzle"); err != nil {
		t.Fatal(err)
	}
	expect("out of service", "printer-2")
	if _, err := a.AddClosure(ctx, booking.Closure{Resource: "room-1", First: "2030-01-08", Last: "2030-01-08", Reason: "rapat"}); err != nil {
		t.Fatal(err)
	}
	expect("a closure", "room-1")
	if _, err := a.AddClosure(ctx, booking.Closure{First: "2030-01-09", Last: "2030-01-09", Reason: "libur"}); err != nil {
		t.Fatal(err)
	}
	expect("the whole makerspace closed", "")
}

// TestSweepLeaderKilled: of two kiosk processes, one sweeps; kill -9 it
// and the other takes over within a few sweep periods.
func TestSweepLeaderKilled(t *testing.T) {
	url := pgtest.Shared(t).NewDatabase(t)
	open(t, url) // migrated
	first := startSweeper(t, url)
	first.waitLeader(t)
	second := startSweeper(t, url)
	time.Sleep(800 * time.Millisecond) // several of its tries
	if second.leads() {
		t.Fatal("two kiosks sweep at once")
	}
	first.cmd.Process.Signal(syscall.SIGKILL)
	first.cmd.Wait()
	second.waitLeader(t)
}

type sweeper struct {
	cmd   *exec.Cmd
	lines chan string
	lead  bool
}

func startSweeper(t *testing.T, url string) *sweeper {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^TestSweeperChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), "ANJUNGAN_SWEEPER_URL="+url)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &sweeper{cmd: cmd, lines: make(chan string, 100)}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			s.lines <- sc.Text()
		}
		close(s.lines)
	}()
	return s
}

func (s *sweeper) leads() bool {
	for {
		select {
		case l, ok := <-s.lines:
			if !ok {
				return s.lead
			}
			s.lead = s.lead || l == "LEADER"
		default:
			return s.lead
		}
	}
}

func (s *sweeper) waitLeader(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !s.leads() {
		if time.Now().After(deadline) {
			t.Fatal("no kiosk took over the sweep within 10 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestSweeperChild is a kiosk process that sweeps when it leads and says
// so; it does nothing in a normal run.
func TestSweeperChild(t *testing.T) {
	url := os.Getenv("ANJUNGAN_SWEEPER_URL")
	if url == "" {
		t.Skip("only as a child process")
	}
	s := postgres.New(url)
	s.Logger, s.SweepEvery = slog.New(slog.DiscardHandler), 100*time.Millisecond
	if err := s.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	go s.Run(context.Background())
	for {
		if s.Leader() {
			fmt.Println("LEADER")
		}
		time.Sleep(50 * time.Millisecond)
	}
}
