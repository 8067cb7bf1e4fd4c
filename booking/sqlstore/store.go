package sqlstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/anjungan/anjungan/booking"
	"github.com/anjungan/anjungan/kiosk"
)

// Dialect is what an engine's store tells the shared code: how its
// database says no.
type Dialect interface {
	// Overlap reports whether err is the database refusing a booking
	// that overlaps another of its resource (buffers included).
	Overlap(err error) bool
	// Duplicate reports whether err is a unique value taken again in
	// column of table ("bookings.code").
	Duplicate(err error, column string) bool
	// Busy reports whether err means "try again": the database is busy
	// or a transaction lost a race it can retry.
	Busy(err error) bool
	// Down reports whether err means the database cannot be reached
	// (a server on the network): booking is unavailable until it is back.
	Down(err error) bool
	// Serialize makes the rest of tx wait for any other transaction
	// booking the same resource or for the same patron, so that quota
	// and limit checks see each other's bookings and two bookings of one
	// resource do not wait on each other crosswise (SQLite: nothing to
	// do, its write transactions run one at a time).
	Serialize(ctx context.Context, tx *sql.Tx, resource, patron string) error
	// IndexedBy names the index a query of a table must use, where the
	// engine's planner needs telling ("" where it does not).
	IndexedBy(index string) string
	// Concat is the aggregate joining the texts of expr with commas.
	Concat(expr string) string
	// ForUpdate ends a query whose rows a transaction is about to change,
	// so that another waits for it and then sees the change (PostgreSQL:
	// FOR UPDATE; SQLite: nothing, its write transactions run one at a
	// time).
	ForUpdate() string
	// Resequence sets the id generators of tables (whose column is id)
	// past the highest id, after rows were copied in with their ids.
	Resequence(ctx context.Context, tx *sql.Tx, tables ...string) error
}

// Store is the booking store over database/sql, whatever the engine:
// every rule (in package booking) and every query is here, once; the
// engine's package opens the handles, applies its migrations (which hold
// the constraints no code may skip) and gives its Dialect. SQL is written
// with ? placeholders; an engine with other ones rewrites them in its
// driver. Set the fields, then the engine's Open calls Attach.
type Store struct {
	// Now is the clock; Location the library's time zone.
	Now      func() time.Time
	Location *time.Location
	Logger   *slog.Logger
	// SweepEvery is how often Run releases no-shows; 30s when zero.
	SweepEvery time.Duration
	// OnSweep, when set, receives the bookings each sweep changed. It runs
	// on Run's goroutine and must not block.
	OnSweep func([]booking.Booking)

	db      *sql.DB // writes
	rdb     *sql.DB // reads (the same handle where the engine has one)
	dialect Dialect
}

var _ booking.Service = (*Store)(nil)

// Attach gives the store its handles (w for writes, r for reads; r may
// be w) and the engine's dialect, and fills the defaults.
func (s *Store) Attach(w, r *sql.DB, d Dialect) {
	if s.Now == nil {
		s.Now = time.Now
	}
	if s.Location == nil {
		s.Location = time.UTC
	}
	if s.Logger == nil {
		s.Logger = slog.Default()
	}
	s.db, s.rdb, s.dialect = w, r, d
}

// Close closes the handles.
func (s *Store) Close() error {
	if s.db == nil {
		return nil
	}
	if s.rdb != nil && s.rdb != s.db {
		s.rdb.Close()
	}
	err := s.db.Close()
	s.db, s.rdb = nil, nil
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
	b := make([]byte, 32)
	rand.Read(b)
	// The first kiosk's secret stays: a second one racing it writes
	// nothing and reads the first's.
	if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('token_secret', ?) ON CONFLICT (key) DO NOTHING`, hex.EncodeToString(b)); err != nil {
		return nil, s.fault("secret", err)
	}
	var v string
	if err := tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'token_secret'`).Scan(&v); err != nil {
		return nil, s.fault("secret", err)
	}
	if err := tx.Commit(); err != nil {
		return nil, s.fault("secret", err)
	}
	return hex.DecodeString(v)
}

// fault turns a database error into what a patron may see: a busy
// database is "try again", anything else an internal error carrying the
// cause.
func (s *Store) fault(op string, err error) error {
	var ke *kiosk.Error
	if errors.As(err, &ke) {
		return err
	}
	if s.dialect.Busy(err) {
		return kiosk.Errorf(kiosk.EUNAVAILABLE, booking.KeyBusy).Wrap(fmt.Errorf("booking store: %s: %w", op, err))
	}
	if s.dialect.Down(err) {
		return kiosk.Errorf(kiosk.EUNAVAILABLE, booking.KeyUnavailable).Wrap(fmt.Errorf("booking store: %s: %w", op, err))
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("booking store: %s: %w", op, err)
	}
	return kiosk.Errorf(kiosk.EINTERNAL, kiosk.KeyInternal).Wrap(fmt.Errorf("booking store: %s: %w", op, err))
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

// flag is a boolean as the tables keep it: 0 or 1 (an INTEGER column on
// every engine).
func flag(b bool) int {
	if b {
		return 1
	}
	return 0
}
