package migrate

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"sort"
	"time"
)

// Table is the version table: one row per applied migration.
const Table = "schema_migrations"

// createTable is valid SQLite, PostgreSQL and MariaDB (MariaDB wants a
// bounded type for a primary key, hence VARCHAR).
const createTable = `CREATE TABLE IF NOT EXISTS %s (name VARCHAR(255) PRIMARY KEY, applied_at BIGINT NOT NULL)`

// Migrator applies the migrations in FS that match Pattern. Set its fields
// before Up.
type Migrator struct {
	FS fs.FS
	// Pattern selects the migrations (fs.Glob); the matched path is the
	// name recorded, so a file once shipped must never be renamed.
	Pattern string
	// Param is how the engine writes the nth (from 1) parameter of a
	// statement: "?" when nil (SQLite, MariaDB); PostgreSQL wants Dollar.
	Param func(n int) string
	// Now stamps each record; time.Now when nil.
	Now func() time.Time
	// Table names the version table: Table when empty. A store that
	// shares a database with another program (SLiMS's) names its own.
	Table string
}

func (m *Migrator) table() string {
	if m.Table == "" {
		return Table
	}
	return m.Table
}

// Dollar is PostgreSQL's parameter style: $1, $2, …
func Dollar(n int) string { return fmt.Sprintf("$%d", n) }

// Up creates the version table if needed and applies, in order, every
// migration not yet recorded. It returns the names it applied. With every
// migration recorded it creates and changes nothing, so a login that may
// not create tables (a kiosk's, once an administrator has migrated the
// database) opens it.
//
// Each migration's transaction starts with a read of the version table,
// so on an engine whose transactions take the write lock up front (SQLite
// with _txlock=immediate) two processes opening one database at once
// apply each migration once.
func (m *Migrator) Up(ctx context.Context, db *sql.DB) ([]string, error) {
	names, err := fs.Glob(m.FS, m.Pattern)
	if err != nil {
		return nil, fmt.Errorf("migrations %s: %w", m.Pattern, err)
	}
	sort.Strings(names)
	if pending, err := m.Pending(ctx, db); err == nil && len(pending) == 0 {
		return nil, nil
	}
	if _, err := db.ExecContext(ctx, fmt.Sprintf(createTable, m.table())); err != nil {
		return nil, fmt.Errorf("migrations table: %w", err)
	}
	var applied []string
	for _, name := range names {
		did, err := m.apply(ctx, db, name)
		if err != nil {
			return applied, fmt.Errorf("migration %s: %w", name, err)
		}
		if did {
			applied = append(applied, name)
		}
	}
	return applied, nil
}

// apply runs one migration unless it is recorded, reporting whether it ran.
func (m *Migrator) apply(ctx context.Context, db *sql.DB, name string) (bool, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+m.table()+` WHERE name = `+m.param(1), name).Scan(&n); err != nil {
		return false, err
	}
	if n > 0 {
		return false, nil
	}
	body, err := fs.ReadFile(m.FS, name)
	if err != nil {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return false, err
	}
	now := time.Now
	if m.Now != nil {
		now = m.Now
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO `+m.table()+` (name, applied_at) VALUES (`+m.param(1)+`, `+m.param(2)+`)`, name, now().Unix()); err != nil {
		return false, err
	}
	return true, tx.Commit()
}

func (m *Migrator) param(n int) string {
	if m.Param == nil {
		return "?"
	}
	return m.Param(n)
}

// Pending returns the migrations not yet recorded, creating nothing: a
// store opened by a login that may not create tables (a kiosk's, once an
// administrator has migrated the database) asks before Up, which would.
// With no version table, every migration is pending.
func (m *Migrator) Pending(ctx context.Context, db *sql.DB) ([]string, error) {
	names, err := fs.Glob(m.FS, m.Pattern)
	if err != nil {
		return nil, fmt.Errorf("migrations %s: %w", m.Pattern, err)
	}
	sort.Strings(names)
	rows, err := db.QueryContext(ctx, `SELECT name FROM `+m.table())
	if err != nil {
		return names, nil // no version table (or none readable): Up will say
	}
	defer rows.Close()
	done := map[string]bool{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		done[n] = true
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var pending []string
	for _, n := range names {
		if !done[n] {
			pending = append(pending, n)
		}
	}
	return pending, nil
}
