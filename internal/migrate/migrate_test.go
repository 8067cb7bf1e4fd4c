package migrate_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"github.com/anjungan/anjungan/internal/migrate"
)

func openDB(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(t.TempDir(), "m.db")+"?_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func recorded(t *testing.T, db *sql.DB) []string {
	t.Helper()
	rows, err := db.Query(`SELECT name FROM schema_migrations ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		names = append(names, n)
	}
	return names
}

func TestUp(t *testing.T) {
	ctx := context.Background()
	fsys := fstest.MapFS{
		// Out of order on purpose: 0002 needs 0001's table.
		"m/0002_row.sql":   {Data: []byte(`INSERT INTO t (v) VALUES ('a');`)},
		"m/0001_table.sql": {Data: []byte(`CREATE TABLE t (v TEXT);`)},
		"m/readme.txt":     {Data: []byte(`not a migration`)},
	}
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name  string
		param func(int) string
	}{
		{"question marks", nil},
		{"dollars", migrate.Dollar},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := openDB(t)
			m := &migrate.Migrator{FS: fsys, Pattern: "m/*.sql", Param: tc.param, Now: func() time.Time { return at }}
			got, err := m.Up(ctx, db)
			if err != nil {
				t.Fatal(err)
			}
			want := []string{"m/0001_table.sql", "m/0002_row.sql"}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("applied %q, want %q", got, want)
			}
			if got := recorded(t, db); !reflect.DeepEqual(got, want) {
				t.Fatalf("recorded %q, want %q", got, want)
			}
			var stamp int64
			db.QueryRow(`SELECT applied_at FROM schema_migrations WHERE name = 'm/0001_table.sql'`).Scan(&stamp)
			if stamp != at.Unix() {
				t.Errorf("applied_at %d, want the clock's %d", stamp, at.Unix())
			}

			// Again: nothing to do, and the row is not inserted twice.
			if got, err := m.Up(ctx, db); err != nil || len(got) != 0 {
				t.Fatalf("second Up applied %q (%v), want none", got, err)
			}
			// A new migration: only it runs.
			fsys2 := fstest.MapFS{"m/0003_more.sql": {Data: []byte(`INSERT INTO t (v) VALUES ('b');`)}}
			for k, v := range fsys {
				fsys2[k] = v
			}
			m.FS = fsys2
			if got, err := m.Up(ctx, db); err != nil || !reflect.DeepEqual(got, []string{"m/0003_more.sql"}) {
				t.Fatalf("third Up applied %q (%v), want only 0003", got, err)
			}
			var n int
			db.QueryRow(`SELECT COUNT(*) FROM t`).Scan(&n)
			if n != 2 {
				t.Errorf("%d rows, want 2: each migration once", n)
			}
		})
	}
}

func TestUpStopsAtAFailure(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	m := &migrate.Migrator{Pattern: "*.sql", FS: fstest.MapFS{
		"0001_ok.sql": {Data: []byte(`CREATE TABLE a (v TEXT);`)},
		// Its first statement succeeds, its second fails: neither stays.
		"0002_bad.sql":   {Data: []byte(`CREATE TABLE b (v TEXT); INSERT INTO nowhere VALUES (1);`)},
		"0003_after.sql": {Data: []byte(`CREATE TABLE c (v TEXT);`)},
	}}
	got, err := m.Up(ctx, db)
	if err == nil || !strings.Contains(err.Error(), "0002_bad.sql") {
		t.Fatalf("Up: %v, want an error naming 0002_bad.sql", err)
	}
	if !reflect.DeepEqual(got, []string{"0001_ok.sql"}) {
		t.Errorf("applied %q, want only 0001", got)
	}
	if got := recorded(t, db); !reflect.DeepEqual(got, []string{"0001_ok.sql"}) {
		t.Errorf("recorded %q, want only 0001", got)
	}
	for _, table := range []string{"b", "c"} {
		var n int
		db.QueryRow(`SELECT COUNT(*) FROM sqlite_master WHERE name = ?`, table).Scan(&n)
		if n != 0 {
			t.Errorf("table %s exists: the failed migration was not rolled back or a later one ran", table)
		}
	}
}

// TestPending tells what Up would apply without creating anything, so
// that a login without CREATE can open a migrated database.
func TestPending(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	fsys := fstest.MapFS{
		"m/0001_table.sql": {Data: []byte(`CREATE TABLE t (v TEXT);`)},
		"m/0002_row.sql":   {Data: []byte(`INSERT INTO t (v) VALUES ('a');`)},
	}
	m := &migrate.Migrator{FS: fsys, Pattern: "m/*.sql", Table: "own_versions"}
	if p, err := m.Pending(ctx, db); err != nil || !reflect.DeepEqual(p, []string{"m/0001_table.sql", "m/0002_row.sql"}) {
		t.Fatalf("fresh: %v %v", p, err)
	}
	var n int
	db.QueryRow(`SELECT COUNT(*) FROM sqlite_master WHERE name = 'own_versions'`).Scan(&n)
	if n != 0 {
		t.Fatal("Pending made the version table")
	}
	if _, err := m.Up(ctx, db); err != nil {
		t.Fatal(err)
	}
	if p, err := m.Pending(ctx, db); err != nil || len(p) != 0 {
		t.Fatalf("after Up: %v %v", p, err)
	}
	fsys["m/0003_more.sql"] = &fstest.MapFile{Data: []byte(`INSERT INTO t (v) VALUES ('b');`)}
	if p, err := m.Pending(ctx, db); err != nil || !reflect.DeepEqual(p, []string{"m/0003_more.sql"}) {
		t.Fatalf("a new one: %v %v", p, err)
	}
}
