package postgres

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/anjungan/anjungan/booking/sqlstore"
	"github.com/anjungan/anjungan/internal/migrate"
)

//go:embed migrations/*.sql
var migrations embed.FS

// migrateLock is the advisory lock under which migrations run, so that
// whichever kiosk starts first applies them, once.
const migrateLock = 0x616e6a756e67616e // "anjungan"

// Store is the PostgreSQL booking store: the shared store (sqlstore) on
// a database every kiosk of a library shares. Set its fields before Open.
type Store struct {
	sqlstore.Store
	// URL is the database: postgres://user:password@host:5432/db?sslmode=verify-full …
	URL string

	cfg *pgx.ConnConfig
}

// New returns a Store for the database at url with the real clock and
// UTC.
func New(url string) *Store {
	s := &Store{URL: url}
	s.Now, s.Location, s.Logger = time.Now, time.UTC, slog.Default()
	return s
}

// Open connects and applies missing migrations, under an advisory lock.
func (s *Store) Open(ctx context.Context) error {
	cfg, err := pgx.ParseConfig(s.URL)
	if err != nil {
		return fmt.Errorf("booking store: %w", err)
	}
	s.cfg = cfg
	db := sql.OpenDB(connector{stdlib.GetConnector(*cfg)})
	db.SetMaxOpenConns(20)
	db.SetMaxIdleConns(20)
	db.SetConnMaxIdleTime(5 * time.Minute)
	if err := migrateUp(ctx, db, s.Now); err != nil {
		db.Close()
		return fmt.Errorf("booking store %s: %w", cfg.Database, err)
	}
	s.Attach(db, db, dialect{})
	return nil
}

// migrateUp applies the migrations holding the advisory lock, on one
// connection for the lock and the pool for the work.
func migrateUp(ctx context.Context, db *sql.DB, now func() time.Time) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(?)`, int64(migrateLock)); err != nil {
		return err
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(?)`, int64(migrateLock))
	m := migrate.Migrator{FS: migrations, Pattern: "migrations/*.sql", Now: now}
	_, err = m.Up(ctx, db)
	return err
}

// dialect is how PostgreSQL says no: SQLSTATE codes.
type dialect struct{}

func pgErr(err error) *pgconn.PgError {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe
	}
	return nil
}

// Overlap: the exclusion constraint "booking overlap".
func (dialect) Overlap(err error) bool {
	pe := pgErr(err)
	return pe != nil && pe.Code == "23P01"
}

func (dialect) Duplicate(err error, column string) bool {
	pe := pgErr(err)
	return pe != nil && pe.Code == "23505" && strings.Contains(pe.ConstraintName, column)
}

// Busy: a serialization failure, a deadlock, a lock not available, or
// too many connections: try again.
func (dialect) Busy(err error) bool {
	pe := pgErr(err)
	return pe != nil && (pe.Code == "40001" || pe.Code == "40P01" || pe.Code == "55P03" || pe.Code == "53300")
}

// Serialize takes transaction locks on the resource, then the patron:
// two kiosks booking for one patron check quotas and limits one after the
// other, and two bookings of one resource queue rather than deadlock in
// the exclusion constraint (which refuses the second of two overlapping
// ones whatever the locks). Every booking takes one resource lock, then
// one patron lock, so no two wait on each other crosswise.
func (dialect) Serialize(ctx context.Context, tx *sql.Tx, resource, patron string) error {
	_, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtextextended(?, 0)), pg_advisory_xact_lock(hashtextextended(?, 0))`,
		"anjungan.resource:"+resource, "anjungan.patron:"+patron)
	return err
}

// IndexedBy: PostgreSQL's planner chooses for itself.
func (dialect) IndexedBy(string) string { return "" }

func (dialect) Concat(expr string) string { return "string_agg(" + expr + ", ',')" }
