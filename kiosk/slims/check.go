package slims

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"
)

// Level is how much a finding of Check matters.
type Level int

// Levels, from fine to fatal.
const (
	// OK: as the kiosk needs it.
	OK Level = iota
	// Note: worth knowing; nothing to fix.
	Note
	// Warn: the kiosk works, but something will go wrong for someone.
	Warn
	// Fail: the kiosk cannot work against this database until it is fixed.
	Fail
)

func (l Level) String() string {
	switch l {
	case OK:
		return "ok"
	case Note:
		return "note"
	case Warn:
		return "WARN"
	}
	return "FAIL"
}

// Finding is one thing Check found: what it is about (Topic: server,
// schema, engine, locks, clock, settings, member) and what it says.
type Finding struct {
	Level Level
	Topic string
	Text  string
}

// Report is what Check found about a SLiMS database, in the order it
// looked. It never holds a password or a password hash.
type Report struct {
	// Where is the server and database, as connected to; Version the
	// server's VERSION(); Cipher the connection's TLS cipher, "" when it
	// is not encrypted.
	Where, Version, Cipher string
	Findings               []Finding
}

func (r *Report) add(l Level, topic, format string, args ...any) {
	r.Findings = append(r.Findings, Finding{Level: l, Topic: topic, Text: fmt.Sprintf(format, args...)})
}

// Worst is the highest level found; OK for none.
func (r *Report) Worst() Level {
	w := OK
	for _, f := range r.Findings {
		w = max(w, f.Level)
	}
	return w
}

// Problems counts the findings at Warn and Fail.
func (r *Report) Problems() (warn, fail int) {
	for _, f := range r.Findings {
		switch f.Level {
		case Warn:
			warn++
		case Fail:
			fail++
		}
	}
	return warn, fail
}

// WriteTo writes the report for staff: one line per finding (a long one
// wrapped under its topic), then a summary.
func (r *Report) WriteTo(w io.Writer) (int64, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "SLiMS database %s\n", r.Where)
	for _, f := range r.Findings {
		fmt.Fprintf(&b, "%-4s  %-8s  %s\n", f.Level, f.Topic, strings.ReplaceAll(f.Text, "\n", "\n"+strings.Repeat(" ", 16)))
	}
	switch warn, fail := r.Problems(); {
	case fail > 0 && warn > 0:
		fmt.Fprintf(&b, "%d failed, %s: the kiosk cannot work against this database yet\n", fail, warnings(warn))
	case fail > 0:
		fmt.Fprintf(&b, "%d failed: the kiosk cannot work against this database yet\n", fail)
	case warn == 1:
		fmt.Fprintf(&b, "%s: the kiosk works, but read it\n", warnings(warn))
	case warn > 0:
		fmt.Fprintf(&b, "%s: the kiosk works, but read them\n", warnings(warn))
	default:
		fmt.Fprintln(&b, "all checks passed")
	}
	n, err := io.WriteString(w, b.String())
	return int64(n), err
}

// warnings counts warnings in words: "1 warning", "2 warnings".
func warnings(n int) string {
	if n == 1 {
		return "1 warning"
	}
	return fmt.Sprintf("%d warnings", n)
}

func (r *Report) String() string {
	var b strings.Builder
	r.WriteTo(&b)
	return b.String()
}

// Checker checks a SLiMS database for the kiosk, as `kioskctl slims
// test` does. Set the fields, then Run.
type Checker struct {
	// Config is the connection, as the kiosk would make it.
	Config *mysql.Config
	// Location is the library's zone (library.timezone); time.Local
	// when nil.
	Location *time.Location
	// Card, when set, is a member to look up.
	Card string
	// Login is how patrons log in ([slims] login); LoginPassword when
	// empty. The member's lines and the rights needed follow it.
	Login Login
	// Now is this machine's clock; time.Now when nil.
	Now func() time.Time
}

// Check connects to the SLiMS database of cfg and reports what the kiosk
// needs of it (see Checker.Run); card, when not "", is a member to look
// up, loc the library's zone.
func Check(ctx context.Context, cfg *mysql.Config, card string, loc *time.Location) (*Report, error) {
	return (&Checker{Config: cfg, Card: card, Location: loc}).Run(ctx)
}

// Run connects and reports: the server's version and the connection's
// encryption; every table and column the kiosk reads or writes, each
// missing one named; the user's rights on them (see checkGrants); the
// tables' engines; whether named locks hold; the server's clock and
// zone against this machine's and the library's; the settings the kiosk
// reads, SLiMS's zone and the days off; and the member of Card, if any,
// as Login would log them in.
//
// The error is for a connection that failed, and carries a hint at the
// cause (see Hint); a check that fails once connected is a Fail finding.
func (c *Checker) Run(ctx context.Context) (*Report, error) {
	if c.Config == nil {
		return nil, errors.New("slims: no database configured")
	}
	now, loc := c.Now, c.Location
	if now == nil {
		now = time.Now
	}
	if loc == nil {
		loc = time.Local
	}
	login, err := ParseLogin(string(c.Login))
	if err != nil {
		return nil, fmt.Errorf("slims: login %w", err)
	}
	r := &Report{Where: where(c.Config)}
	pool, conn, err := connect(ctx, c.Config)
	if err != nil {
		return nil, fmt.Errorf("slims: connect to %s: %w%s", r.Where, err, Hint(err, c.Config))
	}
	defer pool.Close()
	defer conn.Close()
	db := &DB{Config: c.Config, Location: loc, Now: now, Login: login, Logger: slog.New(slog.DiscardHandler), db: pool}
	c.checkServer(ctx, conn, r)
	schema := checkSchema(ctx, conn, c.Config, r)
	if !schema.slims() {
		return r, nil // nothing else is there to look at
	}
	db.checkGrants(ctx, conn, schema, r)
	checkEngines(schema, r)
	checkLocks(ctx, conn, r)
	checkClock(ctx, conn, loc, now, r)
	if schema.hasAll("setting") {
		db.checkSettings(ctx, conn, r)
	}
	if schema.hasAll("holiday") {
		db.checkHolidays(ctx, conn, r)
	}
	if c.Card != "" {
		db.checkMember(ctx, conn, schema, c.Card, r)
	}
	return r, nil
}

// where names the server, user and database of cfg for staff.
func where(cfg *mysql.Config) string {
	at := cfg.Addr
	if cfg.Net == "unix" {
		at = "socket " + cfg.Addr
	}
	return fmt.Sprintf("%q on %s as %q", cfg.DBName, at, cfg.User)
}

// connect opens one connection as the kiosk would (text dates, utf8mb4,
// timeouts so that a silent server is reported, not waited for).
func connect(ctx context.Context, cfg *mysql.Config) (*sql.DB, *sql.Conn, error) {
	c := cfg.Clone()
	c.ParseTime = false
	c.Collation = "utf8mb4_unicode_ci"
	if c.Timeout == 0 {
		c.Timeout = 5 * time.Second
	}
	if c.ReadTimeout == 0 {
		c.ReadTimeout = 30 * time.Second
	}
	if c.WriteTimeout == 0 {
		c.WriteTimeout = 30 * time.Second
	}
	connector, err := mysql.NewConnector(c)
	if err != nil {
		return nil, nil, err
	}
	pool := sql.OpenDB(connector)
	pool.SetMaxOpenConns(2)
	conn, err := pool.Conn(ctx)
	if err != nil {
		pool.Close()
		return nil, nil, err
	}
	return pool, conn, nil
}

// checkServer reports the version and whether the connection is
// encrypted.
func (c *Checker) checkServer(ctx context.Context, conn *sql.Conn, r *Report) {
	var comment sql.NullString
	if err := conn.QueryRowContext(ctx, `SELECT VERSION(), @@version_comment`).Scan(&r.Version, &comment); err != nil {
		r.add(Fail, "server", "version: %v", err)
		return
	}
	v := r.Version
	if comment.String != "" {
		v += " (" + comment.String + ")"
	}
	r.add(OK, "server", "%s", v)
	var name string
	if err := conn.QueryRowContext(ctx, `SHOW SESSION STATUS LIKE 'Ssl_cipher'`).Scan(&name, &r.Cipher); err != nil {
		r.add(Note, "server", "could not tell whether the connection is encrypted: %v", err)
		return
	}
	switch {
	case r.Cipher != "":
		r.add(OK, "server", "connection encrypted (TLS, %s)", r.Cipher)
	case c.Config.Net == "unix" || isLoopback(c.Config.Addr):
		r.add(OK, "server", "connection not encrypted (on this machine: no need)")
	default:
		r.add(Note, "server", "connection not encrypted: the login and members' data cross the network in clear; use TLS (slims.tls) when the server is on another machine")
	}
}

func isLoopback(addr string) bool {
	host := addr
	if i := strings.LastIndexByte(addr, ':'); i >= 0 {
		host = strings.Trim(addr[:i], "[]")
	}
	return host == "localhost" || host == "::1" || strings.HasPrefix(host, "127.")
}
