package sqlitedb_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"

	"github.com/anjungan/anjungan/internal/migrate"
	"github.com/anjungan/anjungan/internal/sqlitedb"
)

func pragma(t *testing.T, db *sql.DB, name string) string {
	t.Helper()
	var v string
	if err := db.QueryRow(`PRAGMA ` + name).Scan(&v); err != nil {
		t.Fatalf("pragma %s: %v", name, err)
	}
	return v
}

func TestOpen(t *testing.T) {
	ctx := context.Background()
	m := &migrate.Migrator{Pattern: "*.sql", FS: fstest.MapFS{"0001.sql": {Data: []byte(`CREATE TABLE t (v TEXT);`)}}}
	db, err := sqlitedb.Open(ctx, sqlitedb.Options{
		Path: filepath.Join(t.TempDir(), "s.db"), Sync: sqlitedb.SyncFull,
		BusyTimeout: 50 * time.Millisecond, Migrations: m,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, h := range []struct {
		name string
		db   *sql.DB
	}{{"write", db.W}, {"read", db.R}} {
		for _, p := range []struct{ name, want string }{
			{"journal_mode", "wal"}, {"foreign_keys", "1"}, {"busy_timeout", "50"}, {"synchronous", "2"}, // 2 = FULL
		} {
			if got := pragma(t, h.db, p.name); got != p.want {
				t.Errorf("%s handle: %s = %s, want %s", h.name, p.name, got, p.want)
			}
		}
	}
	if _, err := db.R.Exec(`SELECT COUNT(*) FROM t`); err != nil {
		t.Fatalf("migration not applied: %v", err)
	}

	// A write transaction takes the lock when it begins: a second one
	// cannot begin, but a read still can.
	tx, err := db.W.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if tx2, err := db.W.Begin(); err == nil {
		tx2.Rollback()
		t.Fatal("a second write transaction began while one held the lock: not BEGIN IMMEDIATE")
	}
	rtx, err := db.R.Begin()
	if err != nil {
		t.Fatalf("read transaction while a write one is open: %v", err)
	}
	var n int
	if err := rtx.QueryRow(`SELECT COUNT(*) FROM t`).Scan(&n); err != nil {
		t.Fatalf("read while a write transaction is open: %v", err)
	}
	rtx.Rollback()
}

func TestOpenCapsIdleConnections(t *testing.T) {
	ctx := context.Background()
	db, err := sqlitedb.Open(ctx, sqlitedb.Options{Path: filepath.Join(t.TempDir(), "s.db")})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, h := range []*sql.DB{db.W, db.R} {
		var conns []*sql.Conn
		for range sqlitedb.IdleConns + 2 {
			c, err := h.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			conns = append(conns, c)
		}
		for _, c := range conns {
			c.Close()
		}
		if idle := h.Stats().Idle; idle != sqlitedb.IdleConns {
			t.Errorf("%d idle connections kept, want %d", idle, sqlitedb.IdleConns)
		}
	}
}

func TestOpenRefuses(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	bad := &migrate.Migrator{Pattern: "*.sql", FS: fstest.MapFS{"0001.sql": {Data: []byte(`NOT SQL`)}}}
	for _, tc := range []struct {
		name string
		o    sqlitedb.Options
	}{
		{"no path", sqlitedb.Options{}},
		{"bad sync", sqlitedb.Options{Path: filepath.Join(dir, "a.db"), Sync: "OFF"}},
		{"bad migration", sqlitedb.Options{Path: filepath.Join(dir, "b.db"), Migrations: bad}},
	} {
		if db, err := sqlitedb.Open(ctx, tc.o); err == nil {
			db.Close()
			t.Errorf("%s: opened", tc.name)
		}
	}
}
