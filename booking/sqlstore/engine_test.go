package sqlstore_test

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/anjungan/anjungan/booking/postgres"
	"github.com/anjungan/anjungan/booking/postgres/pgtest"
	"github.com/anjungan/anjungan/booking/sqlite"
	"github.com/anjungan/anjungan/booking/sqlstore"
	"github.com/anjungan/anjungan/kiosk/mock"
)

// engine is one database the whole store suite runs on: every rule,
// refusal, DST day, report and raw-SQL constraint test runs on each.
type engine struct {
	name string
	// fresh is a place for a new store: a file path, a database URL.
	fresh func(t testing.TB) string
	// open opens a store at where (made by fresh), closed when the test
	// ends.
	open func(where string) (*sqlstore.Store, func() error, error)
	// integrity checks the database after a kill, beyond the store's own
	// checks: what the engine says of its own files.
	integrity func(t *testing.T, s *sqlstore.Store)
}

var engines = []engine{
	{
		name:  "sqlite",
		fresh: func(t testing.TB) string { return filepath.Join(t.TempDir(), "makerspace.db") },
		open: func(where string) (*sqlstore.Store, func() error, error) {
			s := sqlite.New(where)
			s.Logger = slog.New(slog.DiscardHandler)
			err := s.Open(context.Background())
			return &s.Store, s.Close, err
		},
		integrity: func(t *testing.T, s *sqlstore.Store) {
			var check string
			if err := s.SQL().QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
				t.Fatalf("integrity_check: %q %v", check, err)
			}
			var fk int
			s.SQL().QueryRow(`SELECT COUNT(*) FROM pragma_foreign_key_check`).Scan(&fk)
			if fk != 0 {
				t.Fatalf("%d foreign key violations", fk)
			}
		},
	},
	{
		name:  "postgres",
		fresh: func(t testing.TB) string { return pgtest.Shared(t).NewDatabase(t) },
		open: func(where string) (*sqlstore.Store, func() error, error) {
			s := postgres.New(where)
			s.Logger = slog.New(slog.DiscardHandler)
			err := s.Open(context.Background())
			return &s.Store, s.Close, err
		},
		// PostgreSQL keeps its constraints through a client's kill:
		// nothing of its own to check.
		integrity: func(*testing.T, *sqlstore.Store) {},
	},
}

func engineNamed(name string) engine {
	for _, e := range engines {
		if e.name == name {
			return e
		}
	}
	panic("no engine " + name)
}

// forEach runs fn as a subtest on every engine.
func forEach(t *testing.T, fn func(t *testing.T, e engine)) {
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) { fn(t, e) })
	}
}

// openStore opens a demo store on a fresh database on a fake clock in
// Jakarta, adult certified for the laser cutter.
func (e engine) openStore(t testing.TB, clock *mock.Clock) *sqlstore.Store {
	t.Helper()
	return e.openAt(t, e.fresh(t), clock, jakarta)
}

// openAt opens the store at where, with the demo makerspace.
func (e engine) openAt(t testing.TB, where string, clock *mock.Clock, loc *time.Location) *sqlstore.Store {
	t.Helper()
	s := e.openBare(t, where, clock, loc)
	if err := s.SeedDemo(context.Background(), adult.Card); err != nil {
		t.Fatal(err)
	}
	return s
}

// openBare opens the store at where as it is.
func (e engine) openBare(t testing.TB, where string, clock *mock.Clock, loc *time.Location) *sqlstore.Store {
	t.Helper()
	s, closeFn, err := e.open(where)
	if err != nil {
		t.Fatal(err)
	}
	s.Now, s.Location = clock.Now, loc
	t.Cleanup(func() { closeFn() })
	return s
}

// refusedFor reports whether a database error says what want names
// ("booking overlap", "CHECK", "FOREIGN KEY"), as each engine words it.
func refusedFor(err error, want string) bool {
	return err != nil && strings.Contains(strings.ToLower(err.Error()), strings.ToLower(want))
}

func TestMain(m *testing.M) {
	code := pgtest.Run(m)
	cleanBench()
	os.Exit(code)
}
