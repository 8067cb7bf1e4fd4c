package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/anjungan/anjungan/internal/migrate"
	"github.com/anjungan/anjungan/internal/sqlitedb"
	"github.com/anjungan/anjungan/kiosk"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Sync is SQLite's synchronous setting for the WAL journal.
type Sync string

// Sync levels. SyncNormal survives any crash of the process (kill -9, a
// panic) but may lose the last transactions on a power cut; SyncFull also
// survives power cuts at the cost of an fsync per commit.
const (
	SyncNormal Sync = sqlitedb.SyncNormal
	SyncFull   Sync = sqlitedb.SyncFull
)

// DB is the embedded library. Set its fields before Open.
type DB struct {
	db   *sql.DB // writes: BEGIN IMMEDIATE
	rdb  *sql.DB // reads: BEGIN DEFERRED, so readers never queue behind writers
	Path string

	// Now is the clock; Location the library's time zone.
	Now      func() time.Time
	Location *time.Location

	// PINRequired makes a PIN mandatory for every patron.
	PINRequired bool
	// PINCost is the bcrypt cost for new PIN hashes.
	PINCost int
	// Kiosk is recorded on every loan made through this DB.
	Kiosk string
	// Sync is the durability level; SyncNormal when empty.
	Sync Sync
	// CheckpointEvery is how often the WAL is copied back into the
	// database file in the background; 1s when zero. With SyncNormal it
	// bounds what a power cut can lose.
	CheckpointEvery time.Duration
	// Logger receives background faults (a failed checkpoint).
	Logger *slog.Logger

	dummyHash []byte
	stmts     stmtCache
	cfg       configCache
	stop      context.CancelFunc
	bg        sync.WaitGroup
}

var _ kiosk.Circulation = (*DB)(nil)

// NewDB returns a DB for the file at path with the defaults: real clock,
// UTC, PINs required.
func NewDB(path string) *DB {
	return &DB{
		Path:        path,
		Now:         time.Now,
		Location:    time.UTC,
		Logger:      slog.Default(),
		PINRequired: true,
		PINCost:     bcrypt.DefaultCost,
	}
}

// Open opens the database, creating it if needed, and applies missing
// migrations.
func (db *DB) Open(ctx context.Context) error {
	if db.Sync == "" {
		db.Sync = SyncNormal
	}
	register()
	h, err := sqlitedb.Open(ctx, sqlitedb.Options{
		Path:       db.Path,
		Driver:     driverName,
		Sync:       string(db.Sync),
		Migrations: &migrate.Migrator{FS: migrations, Pattern: "migrations/*.sql", Now: db.Now},
	})
	if err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	db.db, db.rdb = h.W, h.R
	every := db.CheckpointEvery
	if every <= 0 {
		every = time.Second
	}
	ctx, stop := context.WithCancel(context.Background())
	db.stop = stop
	db.bg.Add(1)
	go func() { defer db.bg.Done(); db.checkpointer(ctx, every) }()
	cost := db.PINCost
	if cost == 0 {
		cost = bcrypt.DefaultCost
	}
	db.dummyHash, _ = bcrypt.GenerateFromPassword([]byte("not-a-pin"), cost)
	return nil
}

// Close closes the database.
func (db *DB) Close() error {
	if db.db == nil {
		return nil
	}
	if db.stop != nil {
		db.stop()
		db.bg.Wait()
		if _, err := db.db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
			db.warn("final checkpoint", err)
		}
	}
	db.stmts.close()
	if db.rdb != nil {
		db.rdb.Close()
	}
	return db.db.Close()
}

// SQL gives tools and tests the underlying handle.
func (db *DB) SQL() *sql.DB { return db.db }

// write runs fn in a BEGIN IMMEDIATE transaction and commits it when fn
// returns nil.
func (db *DB) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: begin: %w", err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlite: commit: %w", err)
	}
	return nil
}

func (db *DB) warn(what string, err error) {
	if db.Logger != nil {
		db.Logger.Warn("sqlite: "+what, "err", err)
	}
}

// now returns the clock's time truncated to the second, as stored.
func (db *DB) now() time.Time { return db.Now().Truncate(time.Second) }

// Empty reports whether the library has no items and no patrons yet.
func (db *DB) Empty(ctx context.Context) (bool, error) {
	var n int
	err := db.db.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM items) + (SELECT COUNT(*) FROM patrons)`).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("sqlite: count: %w", err)
	}
	return n == 0, nil
}

// internal wraps a database failure so the patron sees a generic apology.
func internal(op string, err error) error {
	if err == nil {
		return nil
	}
	var ke *kiosk.Error
	if errors.As(err, &ke) {
		return err
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("sqlite: %s: %w", op, err)
	}
	if strings.Contains(err.Error(), "database is locked") {
		return kiosk.Errorf(kiosk.EUNAVAILABLE, kiosk.KeyLibraryTimedOut).Wrap(fmt.Errorf("sqlite: %s: %w", op, err))
	}
	return fmt.Errorf("sqlite: %s: %w", op, err)
}
