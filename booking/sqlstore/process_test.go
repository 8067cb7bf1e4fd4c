package sqlstore_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/anjungan/anjungan/booking"
	"github.com/anjungan/anjungan/booking/sqlstore"
	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/mock"
)

// The tests in this file re-execute the test binary as child processes
// that open the same database file. A child runs TestChild with these
// variables set.
const (
	envRole   = "ANJUNGAN_BOOKING_CHILD"
	envDB     = "ANJUNGAN_BOOKING_DB"
	envEngine = "ANJUNGAN_BOOKING_ENGINE"
)

func child(t *testing.T, e engine, role, db string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^TestChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), envRole+"="+role, envDB+"="+db, envEngine+"="+e.name)
	cmd.Stderr = os.Stderr
	return cmd
}

// outcome is what a hammering child reports.
type outcome struct {
	Booked   []int64
	Conflict int
	Other    []string
}

// TestConcurrentProcesses runs two processes with eight goroutines each,
// all booking the same slots of two resources: every slot is booked at
// most once, every refused attempt is a clear "slot taken", and nothing
// else (no "database is locked") reaches a patron.
func TestConcurrentProcesses(t *testing.T) {
	forEach(t, func(t *testing.T, e engine) {
		if testing.Short() {
			t.Skip("starts processes")
		}
		path := e.fresh(t)
		s := e.openAt(t, path, mock.NewClock(monday), jakarta)
		// No quotas or limits: every refusal must be an overlap.
		s.SQL().Exec(`DELETE FROM quotas; DELETE FROM settings WHERE key = 'max_active'`)
		var cmds []*exec.Cmd
		var outs []*strings.Builder
		for range 2 {
			cmd := child(t, e, "hammer", path)
			out := &strings.Builder{}
			cmd.Stdout = out
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			cmds, outs = append(cmds, cmd), append(outs, out)
		}
		var booked, conflicts int
		seen := map[int64]bool{}
		for i, cmd := range cmds {
			if err := cmd.Wait(); err != nil {
				t.Fatalf("child %d: %v\n%s", i, err, outs[i])
			}
			var o outcome
			line := outs[i].String()
			if j := strings.Index(line, "OUTCOME "); j >= 0 {
				line = line[j+len("OUTCOME "):]
				line = line[:strings.IndexByte(line, '\n')]
			}
			if err := json.Unmarshal([]byte(line), &o); err != nil {
				t.Fatalf("child %d output: %v\n%s", i, err, outs[i])
			}
			for _, e := range o.Other {
				t.Errorf("child %d: an attempt failed with %s", i, e)
			}
			for _, id := range o.Booked {
				if seen[id] {
					t.Errorf("booking %d reported twice", id)
				}
				seen[id] = true
			}
			booked += len(o.Booked)
			conflicts += o.Conflict
		}
		var rows int
		s.SQL().QueryRow(`SELECT COUNT(*) FROM bookings`).Scan(&rows)
		t.Logf("%d attempts: %d booked, %d refused as taken; %d rows", booked+conflicts, booked, conflicts, rows)
		if rows != booked || booked == 0 || conflicts == 0 {
			t.Fatalf("rows %d, booked %d, conflicts %d", rows, booked, conflicts)
		}
		assertNoOverlap(t, s)
	})
}

// hammer books random starts and durations on pc-1 and pc-2 from 24 to
// 28 November from 8 goroutines, each attempt as a different patron.
func hammer(s *sqlstore.Store) outcome {
	var mu sync.Mutex
	var o outcome
	var wg sync.WaitGroup
	pid := os.Getpid()
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(pid), uint64(g)))
			for i := range 60 {
				start := at(24+rng.IntN(5), 8, 0).Add(time.Duration(rng.IntN(12)) * 30 * time.Minute) // 08:00-13:30
				r := req("pc-"+strconv.Itoa(1+rng.IntN(2)), booking.Patron{Card: fmt.Sprintf("P%d-%d-%d", pid, g, i)}, start,
					time.Duration(1+rng.IntN(4))*30*time.Minute)
				b, err := s.Book(context.Background(), r)
				mu.Lock()
				switch {
				case err == nil:
					o.Booked = append(o.Booked, b.ID)
				case kiosk.ErrorCode(err) == kiosk.ECONFLICT && kiosk.ErrorKey(err) == booking.KeySlotTaken:
					o.Conflict++
				default:
					o.Other = append(o.Other, err.Error())
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return o
}

// TestKill9MidBooking kills a child with SIGKILL while it books, cancels
// and checks in as fast as it can, then checks the file: SQLite's
// integrity check passes, no bookings overlap, every booking the child
// saw committed is there, and the store opens and books again.
func TestKill9MidBooking(t *testing.T) {
	forEach(t, func(t *testing.T, e engine) {
		if testing.Short() {
			t.Skip("starts processes")
		}
		path := e.fresh(t)
		s := e.openAt(t, path, mock.NewClock(monday), jakarta)
		s.Close()
		cmd := child(t, e, "churn", path)
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		var committed []int64
		sc := bufio.NewScanner(stdout)
		for sc.Scan() && len(committed) < 300 {
			if id, ok := strings.CutPrefix(sc.Text(), "BOOKED "); ok {
				n, _ := strconv.ParseInt(id, 10, 64)
				committed = append(committed, n)
			}
		}
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		if len(committed) < 300 {
			t.Fatalf("child booked only %d before it ended", len(committed))
		}
		s = e.openAt(t, path, mock.NewClock(monday), jakarta)
		e.integrity(t, s)
		assertNoOverlap(t, s)
		for _, id := range committed {
			if _, err := s.Booking(context.Background(), id); err != nil {
				t.Fatalf("committed booking %d lost: %v", id, err)
			}
		}
		var total int
		s.SQL().QueryRow(`SELECT COUNT(*) FROM bookings`).Scan(&total)
		t.Logf("killed after %d reported bookings; %d in the file", len(committed), total)
		mustBook(t, s, req("room-1", adult, at(30, 9, 0), time.Hour))
	})
}

// churn books, cancels and checks in without end, printing each
// committed booking id.
func churn(s *sqlstore.Store) {
	ctx := context.Background()
	resources := []string{"pc-1", "pc-2", "sewing-1", "sewing-2", "room-1"}
	for i := 0; ; i++ {
		day := 24 + (i/40)%6
		start := at(day, 8, 0).Add(time.Duration(i%16) * 30 * time.Minute)
		r := req(resources[i%len(resources)], booking.Patron{Card: "C" + strconv.Itoa(i)}, start, 30*time.Minute)
		b, err := s.Book(ctx, r)
		if err == nil {
			fmt.Printf("BOOKED %d\n", b.ID)
			if i%3 == 0 {
				s.Cancel(ctx, b.ID, booking.Actor{Patron: b.Patron})
			}
		}
	}
}

// TestChild is the body of the child processes; it does nothing in a
// normal test run.
func TestChild(t *testing.T) {
	role := os.Getenv(envRole)
	if role == "" {
		t.Skip("only runs as a child process")
	}
	clock := mock.NewClock(monday)
	s, closeFn, err := engineNamed(os.Getenv(envEngine)).open(os.Getenv(envDB))
	if err != nil {
		t.Fatal(err)
	}
	defer closeFn()
	s.Now, s.Location = clock.Now, jakarta
	switch role {
	case "hammer":
		o := hammer(s)
		b, _ := json.Marshal(o)
		fmt.Printf("OUTCOME %s\n", b)
	case "bench":
		s.Now = func() time.Time { return at(23, 7, 0) }
		o := benchBooker(s)
		j, _ := json.Marshal(o)
		fmt.Printf("OUTCOME %s\n", j)
	case "churn":
		churn(s)
	}
}
