package sqlite

import (
	"context"
	"crypto/rand"
	"database/sql"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"

	"github.com/anjungan/anjungan/booking"
	"github.com/anjungan/anjungan/internal/migrate"
	"github.com/anjungan/anjungan/internal/sqlitedb"
	"github.com/anjungan/anjungan/kiosk"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is the SQLite booking store. Set its fields before Open.
type Store struct {
	Path string
	// Now is the clock; Location the library's time zone.
	Now      func() time.Time
	Location *time.Location
	Logger   *slog.Logger
	// SweepEvery is how often Run releases no-shows; 30s when zero.
	SweepEvery time.Duration
	// OnSweep, when set, receives the bookings each sweep changed. It runs
	// on Run's goroutine and must not block.
	OnSweep func([]booking.Booking)

	db  *sql.DB // writes: BEGIN IMMEDIATE
	rdb *sql.DB // reads
}

var _ booking.Service = (*Store)(nil)

// New returns a Store for the file at path with the real clock and UTC.
func New(path string) *Store {
	return &Store{Path: path, Now: time.Now, Location: time.UTC, Logger: slog.Default()}
}

// Open opens the store, creating the file if needed, and applies missing
// migrations.
func (s *Store) Open(ctx context.Context) error {
	if s.Now == nil {
		s.Now = time.Now
	}
	if s.Location == nil {
		s.Location = time.UTC
	}
	if s.Logger == nil {
		s.Logger = slog.Default()
	}
	h, err := sqlitedb.Open(ctx, sqlitedb.Options{
		Path:       s.Path,
		Migrations: &migrate.Migrator{FS: migrations, Pattern: "migrations/*.sql", Now: s.Now},
	})
	if err != nil {
		return fmt.Errorf("booking store: %w", err)
	}
	s.db, s.rdb = h.W, h.R
	return nil
}

// Close closes the store.
func (s *Store) Close() error {
	if s.db == nil {
		return nil
	}
	if s.rdb != nil {
		s.rdb.Close()
	}
	err := s.db.Close()
	s.db = nil
	return err
}

// SQL gives tools and tests the write handle.
func (s *Store) SQL() *sql.DB { return s.db }

// Secret returns the site's token secret, creating a random one on first
// use, so kiosks sharing this store sign alike.
func (s *Store) Secret(ctx context.Context) ([]byte, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, s.fault("secret", err)
	}
	defer tx.Rollback()
	var v string
	err = tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'token_secret'`).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		b := make([]byte, 32)
		rand.Read(b)
		v = hex.EncodeToString(b)
		if _, err = tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('token_secret', ?)`, v); err == nil {
			err = tx.Commit()
		}
	}
	if err != nil {
		return nil, s.fault("secret", err)
	}
	return hex.DecodeString(v)
}

// fault turns a database error into what a patron may see: a busy
// database is "try again" (it should not happen: writers wait up to 10 s),
// anything else an internal error carrying the cause.
func (s *Store) fault(op string, err error) error {
	var ke *kiosk.Error
	if errors.As(err, &ke) {
		return err
	}
	var se sqlite3.Error
	if errors.As(err, &se) && (se.Code == sqlite3.ErrBusy || se.Code == sqlite3.ErrLocked) {
		return kiosk.Errorf(kiosk.EUNAVAILABLE, booking.KeyBusy).Wrap(fmt.Errorf("booking store: %s: %w", op, err))
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("booking store: %s: %w", op, err)
	}
	return kiosk.Errorf(kiosk.EINTERNAL, kiosk.KeyInternal).Wrap(fmt.Errorf("booking store: %s: %w", op, err))
}

// isTrigger reports whether err is the RAISE of the named trigger message.
func isTrigger(err error, msg string) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && se.Code == sqlite3.ErrConstraint && strings.Contains(se.Error(), msg)
}

func unix(t time.Time) int64 { return t.Unix() }

func fromUnix(n int64) time.Time { return time.Unix(n, 0).UTC() }

func fromNull(n sql.NullInt64) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return fromUnix(n.Int64)
}

func minutes(d time.Duration) int64 { return int64(d / time.Minute) }

func mins(n int64) time.Duration { return time.Duration(n) * time.Minute }
