package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"

	"github.com/anjungan/anjungan/booking/sqlstore"
	"github.com/anjungan/anjungan/internal/migrate"
	"github.com/anjungan/anjungan/internal/sqlitedb"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is the SQLite booking store: the shared store (sqlstore) on a
// file. Set its fields before Open.
type Store struct {
	sqlstore.Store
	Path string
}

// New returns a Store for the file at path with the real clock and UTC.
func New(path string) *Store {
	s := &Store{Path: path}
	s.Now, s.Location, s.Logger = time.Now, time.UTC, slog.Default()
	return s
}

// Open opens the store, creating the file if needed, and applies missing
// migrations.
func (s *Store) Open(ctx context.Context) error {
	now := s.Now
	if now == nil {
		now = time.Now
	}
	h, err := sqlitedb.Open(ctx, sqlitedb.Options{
		Path:       s.Path,
		Migrations: &migrate.Migrator{FS: migrations, Pattern: "migrations/*.sql", Now: now},
	})
	if err != nil {
		return fmt.Errorf("booking store: %w", err)
	}
	s.Attach(h.W, h.R, dialect{})
	return nil
}

// dialect is how SQLite says no: the triggers' RAISE messages and its
// constraint errors.
type dialect struct{}

func (dialect) Overlap(err error) bool { return isTrigger(err, "booking overlap") }

func (dialect) Duplicate(err error, column string) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && se.Code == sqlite3.ErrConstraint && strings.Contains(se.Error(), column)
}

func (dialect) Busy(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && (se.Code == sqlite3.ErrBusy || se.Code == sqlite3.ErrLocked)
}

// Serialize: nothing, a write transaction holds the file's write lock
// from its start (BEGIN IMMEDIATE).
func (dialect) Serialize(context.Context, *sql.Tx, string, string) error { return nil }

// isTrigger reports whether err is the RAISE of the named trigger message.
func isTrigger(err error, msg string) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && se.Code == sqlite3.ErrConstraint && strings.Contains(se.Error(), msg)
}

// IndexedBy: SQLite's planner, without statistics for a partial index,
// would scan the table.
func (dialect) IndexedBy(index string) string { return "INDEXED BY " + index }

func (dialect) Concat(expr string) string { return "group_concat(" + expr + ")" }

// Core is the shared store.
func (s *Store) Core() *sqlstore.Store { return &s.Store }

// Down: a file is never away.
func (dialect) Down(error) bool { return false }

// Resequence: nothing, SQLite's INTEGER PRIMARY KEY follows the highest
// id by itself.
func (dialect) Resequence(context.Context, *sql.Tx, ...string) error { return nil }

// ForUpdate: nothing, a write transaction holds the file.
func (dialect) ForUpdate() string { return "" }
