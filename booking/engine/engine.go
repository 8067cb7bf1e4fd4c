// Package engine picks the booking store for a makerspace.database
// setting: a PostgreSQL URL (postgres://…, postgresql://…) for a
// makerspace the library's kiosks and phones share, else a SQLite file
// for one kiosk. It is wiring for the binaries; the stores themselves
// (booking/sqlite, booking/postgres) know nothing of each other.
package engine

import (
	"context"
	"strings"

	"github.com/anjungan/anjungan/booking/postgres"
	"github.com/anjungan/anjungan/booking/sqlite"
	"github.com/anjungan/anjungan/booking/sqlstore"
)

// Store is an engine's booking store.
type Store interface {
	// Core is the shared store: set its fields (Now, Location, Logger,
	// SweepEvery, OnSweep) before Open, and use it as the booking
	// service after.
	Core() *sqlstore.Store
	Open(ctx context.Context) error
	// Run does the store's background work until ctx ends: releasing
	// no-shows (on PostgreSQL, by one kiosk of the site at a time).
	Run(ctx context.Context) error
	Close() error
}

var (
	_ Store = (*sqlite.Store)(nil)
	_ Store = (*postgres.Store)(nil)
)

// IsURL reports whether where names a PostgreSQL database.
func IsURL(where string) bool {
	return strings.HasPrefix(where, "postgres://") || strings.HasPrefix(where, "postgresql://")
}

// New returns the store for where, not yet open.
func New(where string) Store {
	if IsURL(where) {
		return postgres.New(where)
	}
	return sqlite.New(where)
}

// Redact is where for a log line or a message: a URL without its
// password.
func Redact(where string) string {
	if !IsURL(where) {
		return where
	}
	return postgres.Redact(where)
}
