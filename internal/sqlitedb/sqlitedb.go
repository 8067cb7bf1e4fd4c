package sqlitedb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"time"

	_ "github.com/mattn/go-sqlite3" // the SQLite driver

	"github.com/anjungan/anjungan/internal/migrate"
)

// Synchronous levels. NORMAL survives any crash of the process (kill -9, a
// panic) but may lose the last transactions on a power cut; FULL also
// survives power cuts at the cost of an fsync per commit.
const (
	SyncNormal = "NORMAL"
	SyncFull   = "FULL"
)

// IdleConns is how many idle connections each handle keeps, so that
// connections (and the statements prepared on them) live between requests.
const IdleConns = 4

// Options say what to open.
type Options struct {
	Path string
	// Driver is the database/sql driver name: "sqlite3" (mattn's) when
	// empty; a store registers its own to add a connect hook.
	Driver string
	// Sync is SyncNormal (when empty) or SyncFull.
	Sync string
	// BusyTimeout is how long a statement waits for a lock; 10 s when zero.
	BusyTimeout time.Duration
	// Migrations, when set, are applied on the write handle before Open
	// returns.
	Migrations *migrate.Migrator
}

// DB is an open SQLite file.
type DB struct {
	W *sql.DB // writes: BEGIN IMMEDIATE
	R *sql.DB // reads: BEGIN DEFERRED
}

// Open opens (creating) the file and applies the missing migrations. Its
// errors name the file, which SQLite's own do not.
func Open(ctx context.Context, o Options) (*DB, error) {
	if o.Path == "" {
		return nil, errors.New("no database path")
	}
	switch o.Sync {
	case "":
		o.Sync = SyncNormal
	case SyncNormal, SyncFull:
	default:
		return nil, fmt.Errorf("sync %q: want NORMAL or FULL", o.Sync)
	}
	if o.Driver == "" {
		o.Driver = "sqlite3"
	}
	if o.BusyTimeout <= 0 {
		o.BusyTimeout = 10 * time.Second
	}
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_busy_timeout", strconv.FormatInt(o.BusyTimeout.Milliseconds(), 10))
	q.Set("_foreign_keys", "1")
	q.Set("_synchronous", o.Sync)
	q.Set("_txlock", "immediate")
	w, err := open(o, q)
	if err != nil {
		return nil, err
	}
	if o.Migrations != nil {
		if _, err := o.Migrations.Up(ctx, w); err != nil {
			w.Close()
			return nil, fmt.Errorf("open %s: %w", o.Path, err)
		}
	}
	q.Set("_txlock", "deferred")
	r, err := open(o, q)
	if err != nil {
		w.Close()
		return nil, err
	}
	return &DB{W: w, R: r}, nil
}

func open(o Options, q url.Values) (*sql.DB, error) {
	db, err := sql.Open(o.Driver, "file:"+o.Path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", o.Path, err)
	}
	db.SetMaxIdleConns(IdleConns)
	return db, nil
}

// Close closes both handles.
func (db *DB) Close() error {
	rerr := db.R.Close()
	if err := db.W.Close(); err != nil {
		return err
	}
	return rerr
}
