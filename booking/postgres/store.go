package postgres

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	neturl "net/url"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
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
	// OnChange hears, from Run, the resource whose bookings (or itself)
	// changed anywhere, within moments of the commit; "" when changes may
	// have been missed (the feed reconnected): reload everything. It runs
	// on Run's goroutine and must not block.
	OnChange func(resource string)
	// FeedCheck is how long the change feed waits quietly before it
	// checks its connection is alive; 30 s when zero.
	FeedCheck time.Duration

	cfg      *pgx.ConnConfig
	migrated atomic.Bool // the migrations are applied (Open, else Run)
	mu       sync.Mutex
	leader   bool
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
	liveness(cfg)
	s.cfg = cfg
	db := sql.OpenDB(connector{stdlib.GetConnector(*cfg)})
	db.SetMaxOpenConns(20)
	db.SetMaxIdleConns(20)
	db.SetConnMaxIdleTime(5 * time.Minute)
	err = migrateUp(ctx, db, s.Now)
	switch {
	case err != nil && (dialect{}).Down(err):
		// The kiosk starts and lends; booking says it is unavailable
		// until the server answers and Run has migrated it.
		s.Logger.Warn("makerspace database unreachable; booking unavailable until it answers", "database", cfg.Database, "err", err)
	case err != nil:
		db.Close()
		return fmt.Errorf("booking store %s: %w", cfg.Database, err)
	default:
		s.migrated.Store(true)
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
	// A kiosk's login may not create tables (README: least privilege):
	// once an administrator has migrated, Up creates nothing.
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

// Core is the shared store.
func (s *Store) Core() *sqlstore.Store { return &s.Store }

// Redact is a database URL without its password, for logs and messages.
func Redact(url string) string {
	u, err := neturl.Parse(url)
	if err != nil {
		return "postgres://…"
	}
	if _, ok := u.User.Password(); ok {
		u.User = neturl.UserPassword(u.User.Username(), "xxxxx")
	}
	q := u.Query()
	if q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// Down: no connection to the server, or it went away, or it is starting
// or stopping.
func (dialect) Down(err error) bool {
	if pe := pgErr(err); pe != nil {
		return strings.HasPrefix(pe.Code, "08") || pe.Code == "57P01" || pe.Code == "57P02" || pe.Code == "57P03"
	}
	var ne net.Error
	var ce *pgconn.ConnectError
	return errors.As(err, &ne) || errors.As(err, &ce) || errors.Is(err, driver.ErrBadConn) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.ECONNRESET) || pgconn.SafeToRetry(err)
}

// Resequence moves each table's identity past its highest id.
func (dialect) Resequence(ctx context.Context, tx *sql.Tx, tables ...string) error {
	for _, t := range tables {
		if _, err := tx.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence(?, 'id'), COALESCE((SELECT MAX(id) FROM `+t+`), 0) + 1, false)`, t); err != nil {
			return fmt.Errorf("%s: %w", t, err)
		}
	}
	return nil
}

// ForUpdate locks the rows read.
func (dialect) ForUpdate() string { return " FOR UPDATE" }

// liveness bounds how long a dead server or a dead kiosk goes unnoticed,
// where the URL does not say otherwise: a connection attempt gives up
// after 5 s; this side probes an idle connection after 5 s and drops it
// after three unanswered probes; and the server does the same for this
// kiosk's sessions — so that a kiosk that lost its power or its network
// lets go of its locks (the sweep's, a booking's) within about 25 s, not
// the two hours TCP waits by default.
func liveness(cfg *pgx.ConnConfig) {
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = 5 * time.Second
	}
	d := &net.Dialer{Timeout: cfg.ConnectTimeout,
		KeepAliveConfig: net.KeepAliveConfig{Enable: true, Idle: 5 * time.Second, Interval: 5 * time.Second, Count: 3}}
	cfg.DialFunc = d.DialContext
	for k, v := range map[string]string{"tcp_keepalives_idle": "10", "tcp_keepalives_interval": "5", "tcp_keepalives_count": "3"} {
		if _, ok := cfg.RuntimeParams[k]; !ok {
			cfg.RuntimeParams[k] = v
		}
	}
}
