package sqlstore_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/anjungan/anjungan/booking"
	"github.com/anjungan/anjungan/booking/postgres/pgtest"
	"github.com/anjungan/anjungan/booking/sqlstore"
	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/mock"
)

// benchStore is a makerspace of 20 resources with 100,000 bookings: about
// two and a half years of history (completed, no-shows, cancellations) and the next
// 14 days half booked, as a busy makerspace would have.
// It is made once per engine and test binary and copied for each
// benchmark run (SQLite: the file; PostgreSQL: a database from it as a
// template).
func benchStore(b *testing.B, e engine) (*sqlstore.Store, *mock.Clock) {
	b.Helper()
	seedMu.Lock()
	seed, ok := seeds[e.name]
	if !ok {
		var err error
		if seed, err = seedBench(b, e); err != nil {
			seedMu.Unlock()
			b.Fatal(err)
		}
		seeds[e.name] = seed
	}
	seedMu.Unlock()
	where := copySeed(b, e, seed)
	clock := mock.NewClock(at(23, 7, 0))
	s := e.openBare(b, where, clock, jakarta)
	benchWhere[s] = where
	return s, clock
}

// copySeed copies the seeded makerspace for one run.
// benchWhere is where each benchmark store is, for a second process.
var benchWhere = map[*sqlstore.Store]string{}

func copySeed(b *testing.B, e engine, seed string) string {
	if e.name == "postgres" {
		srv := pgtest.Shared(b)
		name := fmt.Sprintf("bench_%d", time.Now().UnixNano())
		if err := srv.Exec(context.Background(), "postgres", "CREATE DATABASE "+name+" TEMPLATE "+seed); err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { srv.Exec(context.Background(), "postgres", "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)") })
		return srv.URL(name)
	}
	path := filepath.Join(b.TempDir(), "bench.db")
	data, err := os.ReadFile(seed)
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		b.Fatal(err)
	}
	return path
}

var (
	seedMu  sync.Mutex
	seeds   = map[string]string{} // engine: the seeded file or database name
	seedDir string
)

func seedBench(b *testing.B, e engine) (string, error) {
	var where, seed string
	if e.name == "postgres" {
		srv := pgtest.Shared(b)
		seed = "bench_seed"
		if err := srv.Exec(context.Background(), "postgres", "CREATE DATABASE "+seed); err != nil {
			return "", err
		}
		where = srv.URL(seed)
	} else {
		if seedDir == "" {
			dir, err := os.MkdirTemp("", "anjungan-bench-")
			if err != nil {
				return "", err
			}
			seedDir = dir
		}
		where = filepath.Join(seedDir, "seed.db")
		seed = where
	}
	ctx := context.Background()
	s, closeFn, err := e.open(where)
	if err != nil {
		return "", err
	}
	defer closeFn()
	s.Location = jakarta
	rules := booking.DefaultRules()
	rules.Slot, rules.MinDuration, rules.MaxDuration = time.Hour, time.Hour, 4*time.Hour
	day := []booking.Span{{Open: 8 * 60, Close: 16 * 60}}
	rules.Hours = booking.Hours{day, day, day, day, day, day, day}
	tx, err := s.SQL().BeginTx(ctx, nil)
	if err != nil {
		return "", err
	}
	for r := range 20 {
		res := booking.Resource{ID: fmt.Sprintf("r%02d", r), Kind: booking.KindDesignPC, Name: fmt.Sprintf("Resource %d", r), Rules: rules}
		if err := sqlstore.PutResource(ctx, tx, res); err != nil {
			return "", err
		}
	}
	ins, err := tx.PrepareContext(ctx, `INSERT INTO bookings (code, resource_id, patron, category, start_at, end_at, block_end, state, created_at)
		VALUES (?, ?, ?, 'adult', ?, ?, ?, ?, 0)`)
	if err != nil {
		return "", err
	}
	// Choose the rows from the next 14 days back in time until there are
	// 100,000, then insert them in time order as they would have been.
	type row struct {
		res   int
		start int64
		state string
	}
	var rows []row
	states := []string{"completed", "completed", "completed", "no_show", "cancelled"}
	for i := 0; len(rows) < 100_000; i++ {
		d := i
		if i > 14 {
			d = 14 - i
		}
		date := booking.Date("2026-11-23").AddDays(d)
		for r := 0; r < 20 && len(rows) < 100_000; r++ {
			for h := 8; h < 16; h += 1 + (d+r+1000)%2 { // 4 to 8 bookings a day
				if d >= 0 && (h+r)%2 == 0 {
					continue // the future is half booked
				}
				state := "confirmed"
				if d < 0 {
					state = states[len(rows)%len(states)]
				}
				rows = append(rows, row{r, date.At(h*60, jakarta).Unix(), state})
			}
		}
	}
	for n := len(rows) - 1; n >= 0; n-- {
		r := rows[n]
		if _, err := ins.ExecContext(ctx, fmt.Sprintf("B%05d", n), fmt.Sprintf("r%02d", r.res), fmt.Sprintf("P%d", n%5000),
			r.start, r.start+3600, r.start+3600, r.state); err != nil {
			return "", err
		}
	}
	if err := tx.Commit(); err != nil {
		return "", err
	}
	_, err = s.SQL().Exec(`ANALYZE`)
	return seed, err
}

// cleanBench removes the seeded benchmark file.
func cleanBench() {
	if seedDir != "" {
		os.RemoveAll(seedDir)
	}
}

// BenchmarkAvailability computes the day views of 20 resources for 14
// days, with 100,000 bookings in the file. Goal: ≤ 2 ms per call.
func BenchmarkAvailability(b *testing.B) {
	for _, e := range engines {
		b.Run(e.name, func(b *testing.B) { benchAvailability(b, e) })
	}
}

func benchAvailability(b *testing.B, e engine) {
	s, _ := benchStore(b, e)
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		av, err := s.Availability(ctx, "2026-11-23", 14)
		if err != nil || len(av) != 20 || len(av[0].Days) != 14 {
			b.Fatalf("%d %v", len(av), err)
		}
	}
}

// BenchmarkBookContended books from 8 goroutines at once; every slot is
// wanted by two of them, so half the attempts are refused as taken.
// Reports successful bookings/s and checks afterwards that none overlap.
// Goal: ≥ 1,000 bookings/s.
func BenchmarkBookContended(b *testing.B) {
	for _, e := range engines {
		b.Run(e.name, func(b *testing.B) { benchBookContended(b, e) })
	}
}

func benchBookContended(b *testing.B, e engine) {
	benchBook(b, e, false)
}

// BenchmarkBookTwoProcesses is BenchmarkBookContended with a second
// process (another kiosk, the web server) booking the same slots at the
// same time: 16 writers from 2 processes. Reports both processes'
// successful bookings per second. Goal on PostgreSQL: ≥ 1,000/s, 0
// overlaps.
func BenchmarkBookTwoProcesses(b *testing.B) {
	for _, e := range engines {
		b.Run(e.name, func(b *testing.B) { benchBook(b, e, true) })
	}
}

// slotFor is the i-th attempt's request, each slot wanted per times in a
// row: twice by one process, or once by each of two processes that run
// through the same sequence.
func slotFor(i, per int64) booking.Request {
	slot := i / per
	res := fmt.Sprintf("r%02d", slot%20)
	day := booking.Date("2026-12-10").AddDays(int(slot / 20 / 8))
	start := day.At(int(8+slot/20%8)*60, jakarta)
	return booking.Request{Resource: res, Patron: booking.Patron{Card: fmt.Sprintf("Q%d-%d", os.Getpid(), i)}, Start: start, Duration: time.Hour}
}

func benchBook(b *testing.B, e engine, twoProcesses bool) {
	s, clock := benchStore(b, e)
	ctx := context.Background()
	// Far-ahead slots that the seed did not touch: 20 resources × 8
	// hours × 300 days.
	s.SQL().Exec(`UPDATE resources SET advance_days = 366`)
	clock.Set(at(23, 7, 0))
	var peer *benchPeer
	if twoProcesses {
		peer = startBenchPeer(b, e, s)
	}
	per := int64(2) // every slot wanted twice
	if twoProcesses {
		per = 1 // once here, once in the other process
	}
	var next, booked, taken, other atomic.Int64
	b.SetParallelism(4) // 8 goroutines on 2 cores
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := next.Add(1) - 1
			_, err := s.Book(ctx, slotFor(i, per))
			switch {
			case err == nil:
				booked.Add(1)
			case kiosk.ErrorKey(err) == booking.KeySlotTaken:
				taken.Add(1)
			default:
				other.Add(1)
				b.Error(err)
			}
		}
	})
	b.StopTimer()
	total, attempts := booked.Load(), booked.Load()+taken.Load()
	if peer != nil {
		o := peer.stop(b)
		total += int64(len(o.Booked))
		attempts += int64(len(o.Booked) + o.Conflict)
		if len(o.Other) > 0 {
			b.Fatalf("the other process: %d other errors, e.g. %s", len(o.Other), o.Other[0])
		}
	}
	b.ReportMetric(float64(total)/b.Elapsed().Seconds(), "bookings/s")
	b.ReportMetric(float64(attempts)/b.Elapsed().Seconds(), "attempts/s")
	if other.Load() > 0 {
		b.Fatalf("%d attempts failed with other errors", other.Load())
	}
	assertNoOverlap(b, s)
}

// benchPeer is a second process booking while the benchmark runs.
type benchPeer struct {
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Scanner
}

func startBenchPeer(b *testing.B, e engine, s *sqlstore.Store) *benchPeer {
	b.Helper()
	exe, err := os.Executable()
	if err != nil {
		b.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^TestChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), envRole+"=bench", envDB+"="+benchWhere[s], envEngine+"="+e.name)
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	p := &benchPeer{cmd: cmd, in: in, out: bufio.NewScanner(stdout)}
	for p.out.Scan() {
		if p.out.Text() == "READY" {
			return p
		}
	}
	b.Fatal("the other process did not start")
	return nil
}

// stop tells the peer to stop (it ends the booking under way) and reads
// what it did.
func (p *benchPeer) stop(b *testing.B) outcome {
	p.in.Close()
	var o outcome
	for p.out.Scan() {
		if j, ok := strings.CutPrefix(p.out.Text(), "OUTCOME "); ok {
			json.Unmarshal([]byte(j), &o)
		}
	}
	p.cmd.Wait()
	return o
}

// benchBooker is the peer's loop: 8 goroutines booking the benchmark's
// slot sequence until stdin closes.
func benchBooker(s *sqlstore.Store) outcome {
	var mu sync.Mutex
	var o outcome
	var next atomic.Int64
	var stop atomic.Bool
	go func() {
		io.Copy(io.Discard, os.Stdin)
		stop.Store(true)
	}()
	fmt.Println("READY")
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				_, err := s.Book(context.Background(), slotFor(next.Add(1)-1, 1))
				mu.Lock()
				switch {
				case err == nil:
					o.Booked = append(o.Booked, 0)
				case kiosk.ErrorKey(err) == booking.KeySlotTaken:
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
