package sqlite_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/mock"
	"github.com/anjungan/anjungan/kiosk/sqlite"
)

var jakarta = mustZone("Asia/Jakarta")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// monday is Monday 23 November 2026, 10:00 in Jakarta: the library is open.
var monday = time.Date(2026, 11, 23, 10, 0, 0, 0, jakarta)

// openDB opens a fresh database file in a temp dir.
func openDB(t testing.TB, clock *mock.Clock) *sqlite.DB {
	t.Helper()
	db := sqlite.NewDB(filepath.Join(t.TempDir(), "library.db"))
	db.Now = clock.Now
	db.Location = jakarta
	db.PINCost = bcrypt.MinCost
	db.Kiosk = "test-kiosk"
	if err := db.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// demoDB opens a database seeded with the demo library at monday.
func demoDB(t testing.TB) (*sqlite.DB, *mock.Clock) {
	t.Helper()
	clock := mock.NewClock(monday)
	db := openDB(t, clock)
	if err := db.SeedDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db, clock
}

func cred(n int) kiosk.Credentials {
	return kiosk.Credentials{Card: sqlite.DemoCard(n), PIN: sqlite.DemoPatrons[n-1].PIN}
}

// wantKey fails unless err carries the message key want ("" for no error).
func wantKey(t *testing.T, what string, err error, want string) {
	t.Helper()
	if got := kiosk.ErrorKey(err); got != want {
		t.Fatalf("%s: error key %q (%v), want %q", what, got, err, want)
	}
}

func TestMigrationsAreIdempotent(t *testing.T) {
	clock := mock.NewClock(monday)
	dir := t.TempDir()
	files, err := filepath.Glob("migrations/*.sql")
	if err != nil || len(files) == 0 {
		t.Fatalf("no migrations: %v", err)
	}
	for i := 0; i < 2; i++ {
		db := sqlite.NewDB(filepath.Join(dir, "library.db"))
		db.Now = clock.Now
		if err := db.Open(context.Background()); err != nil {
			t.Fatalf("open %d: %v", i, err)
		}
		var n int
		if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM schema_migrations`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != len(files) {
			t.Fatalf("open %d: %d migrations recorded, want %d", i, n, len(files))
		}
		var mode string
		db.SQL().QueryRow(`PRAGMA journal_mode`).Scan(&mode)
		if mode != "wal" {
			t.Errorf("journal mode %q, want wal", mode)
		}
		db.Close()
	}
}

func TestDemoLibrary(t *testing.T) {
	db, _ := demoDB(t)
	var items, titles, patrons, loans int
	db.SQL().QueryRow(`SELECT (SELECT COUNT(*) FROM items), (SELECT COUNT(*) FROM titles), (SELECT COUNT(*) FROM patrons),
		(SELECT COUNT(*) FROM loans WHERE returned_at IS NULL)`).Scan(&items, &titles, &patrons, &loans)
	if items < 60 || titles < 40 || patrons != len(sqlite.DemoPatrons) || loans != 5 {
		t.Fatalf("demo: %d items, %d titles, %d patrons, %d loans", items, titles, patrons, loans)
	}
	var leaked int
	db.SQL().QueryRow(`SELECT COUNT(*) FROM patrons WHERE pin_hash NOT LIKE '$2%'`).Scan(&leaked)
	if leaked != 0 {
		t.Fatalf("%d patrons with a PIN not stored as bcrypt", leaked)
	}
	for _, p := range sqlite.DemoPatrons {
		if !kiosk.Mod10Valid(p.Card) || len(p.Card) != 14 {
			t.Errorf("demo card %s: not 14 digits with a Mod-10 check", p.Card)
		}
	}
	empty, err := db.Empty(context.Background())
	if err != nil || empty {
		t.Fatalf("Empty = %v, %v after seeding", empty, err)
	}
}

func TestOneOpenLoanPerItemInTheSchema(t *testing.T) {
	db, _ := demoDB(t)
	// Budi's overdue Sang Pemimpi is on loan; a second open loan for the
	// same item, written behind the store's back, must fail.
	_, err := db.SQL().Exec(`INSERT INTO loans (item_id, patron_id, issued_at, due_at)
		SELECT i.id, p.id, 1, 2 FROM items i, patrons p WHERE i.barcode = ? AND p.card = ?`, sqlite.DemoItem(4), sqlite.DemoCard(1))
	if err == nil {
		t.Fatal("a second open loan of one item was accepted by the database")
	}
}

// TestOpenErrorNamesTheFile: a database that cannot be opened is named in
// the error, which SQLite's own text ("unable to open database file: no
// such file or directory") is not.
func TestOpenErrorNamesTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing", "library.db")
	db := sqlite.NewDB(path)
	err := db.Open(context.Background())
	if err == nil {
		db.Close()
		t.Fatal("opened a database in a folder that does not exist")
	}
	if !strings.Contains(err.Error(), path) {
		t.Fatalf("error %q does not name %s", err, path)
	}
}
