package slims_test

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/anjungan/anjungan/kiosk/slims"
	"github.com/anjungan/anjungan/kiosk/slims/slimstest"
)

func TestMain(m *testing.M) { slimstest.Main(m) }

var (
	ctx = context.Background()
	jkt = mustZone("Asia/Jakarta")
	// day is the fixture library's today: Tuesday 1 December 2026, 10:00.
	day = time.Date(2026, 12, 1, 10, 0, 0, 0, jkt)
)

func mustZone(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return l
}

// clock is a settable time for a DB.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// fixture is an open DB on a fresh copy of the fixture library.
type fixture struct {
	*slims.DB
	d     *slimstest.Database
	clock *clock
}

func open(t testing.TB, engine slimstest.Engine, set ...func(*slims.DB)) *fixture {
	t.Helper()
	d := slimstest.Shared(t).NewDatabase(t, slimstest.Options{Engine: engine, CreateGrant: true})
	return openOn(t, d, set...)
}

func openOn(t testing.TB, d *slimstest.Database, set ...func(*slims.DB)) *fixture {
	t.Helper()
	cfg, err := mysql.ParseDSN(d.DSN)
	if err != nil {
		t.Fatal(err)
	}
	c := &clock{t: day}
	db := &slims.DB{Config: cfg, UID: 7, Location: jkt, Now: c.Now, RecordVisits: true,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	for _, f := range set {
		f(db)
	}
	if err := db.Open(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return &fixture{DB: db, d: d, clock: c}
}

var engines = []slimstest.Engine{slimstest.MyISAM, slimstest.InnoDB}
