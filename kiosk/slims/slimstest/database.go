package slimstest

import (
	"context"
	"database/sql"
	_ "embed"
	"fmt"
	"strings"
	"testing"

	"github.com/go-sql-driver/mysql"
)

// Engine is the storage engine of a database's SLiMS tables: SLiMS
// installs MyISAM by default, InnoDB (or Aria) where the library chose it.
type Engine string

// The engines the tests run on.
const (
	MyISAM Engine = "MyISAM"
	InnoDB Engine = "InnoDB"
)

// schema is the SLiMS 9 tables the kiosk reads and writes, written for
// these tests from SLiMS's documented tables; every CREATE TABLE names
// its engine as @ENGINE@.
//
//go:embed schema.sql
var schema string

// library is a small library in that schema: member types and loan
// rules, members (valid, expired, pending, legacy MD5 password, no
// password), items in every status, holidays, a reservation.
//
//go:embed library.sql
var library string

// Database is a database of its own on the server, with the SLiMS schema
// and a login that may only read and write rows (as a kiosk's should).
type Database struct {
	Name string
	// DSN logs in as the kiosk's user; RootDSN as root.
	DSN, RootDSN string
	// Root is a root connection to the database, for setting up and
	// checking rows behind the kiosk's back.
	Root *sql.DB
}

// Options shape a new database.
type Options struct {
	Engine Engine
	// Empty leaves the tables empty (no fixture library).
	Empty bool
	// CreateGrant lets the kiosk's user create tables (for the kiosk's
	// own PIN table).
	CreateGrant bool
}

// NewDatabase makes a database with the SLiMS schema on the given engine
// and, unless opt.Empty, the fixture library; it is dropped when the
// test ends.
func (s *Server) NewDatabase(t testing.TB, opt Options) *Database {
	t.Helper()
	if opt.Engine == "" {
		opt.Engine = MyISAM
	}
	s.mu.Lock()
	s.n++
	n := s.n
	s.mu.Unlock()
	ctx := context.Background()
	d := &Database{Name: fmt.Sprintf("slims_%d", n)}
	user, pass := fmt.Sprintf("kiosk_%d", n), fmt.Sprintf("pw-%d-kiosk", n)
	grants := "SELECT, INSERT, UPDATE, DELETE"
	if opt.CreateGrant {
		grants += ", CREATE, ALTER, INDEX"
	}
	stmts := []string{
		"CREATE DATABASE " + d.Name + " CHARACTER SET utf8 COLLATE utf8_unicode_ci",
		fmt.Sprintf("CREATE USER '%s'@'127.0.0.1' IDENTIFIED BY '%s'", user, pass),
		fmt.Sprintf("GRANT %s ON %s.* TO '%s'@'127.0.0.1'", grants, d.Name, user),
	}
	for _, q := range stmts {
		if err := s.Root(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	t.Cleanup(func() {
		s.Root(context.Background(), "DROP DATABASE IF EXISTS "+d.Name)
		s.Root(context.Background(), fmt.Sprintf("DROP USER IF EXISTS '%s'@'127.0.0.1'", user))
	})
	cfg := mysql.NewConfig()
	cfg.Net, cfg.Addr, cfg.DBName = "tcp", s.Addr, d.Name
	cfg.User = "root"
	cfg.MultiStatements = true
	d.RootDSN = cfg.FormatDSN()
	cfg.MultiStatements = false
	cfg.User, cfg.Passwd = user, pass
	d.DSN = cfg.FormatDSN()
	root, err := sql.Open("mysql", d.RootDSN)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { root.Close() })
	d.Root = root
	if _, err := root.ExecContext(ctx, strings.ReplaceAll(schema, "@ENGINE@", string(opt.Engine))); err != nil {
		t.Fatalf("SLiMS schema (%s): %v", opt.Engine, err)
	}
	if !opt.Empty {
		if _, err := root.ExecContext(ctx, library); err != nil {
			t.Fatalf("SLiMS fixture library: %v", err)
		}
	}
	return d
}

// Exec runs statements as root on the database, failing the test on an
// error.
func (d *Database) Exec(t testing.TB, query string, args ...any) {
	t.Helper()
	if _, err := d.Root.Exec(query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

// Int runs a query that returns one number.
func (d *Database) Int(t testing.TB, query string, args ...any) int64 {
	t.Helper()
	var n sql.NullInt64
	if err := d.Root.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n.Int64
}

// String runs a query that returns one text ("" for NULL).
func (d *Database) String(t testing.TB, query string, args ...any) string {
	t.Helper()
	var s sql.NullString
	if err := d.Root.QueryRow(query, args...).Scan(&s); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return s.String
}
