package libconf

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"time"

	"github.com/anjungan/anjungan/kiosk/sip2"
	"github.com/anjungan/anjungan/kiosk/slims"
)

// Duration is a time.Duration written as "60s" in TOML.
type Duration struct{ time.Duration }

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return fmt.Errorf("%q is not a duration like \"60s\" or \"15m\"", b)
	}
	d.Duration = v
	return nil
}

// Problem is a bad value, named by its key ("sip2.address").
type Problem struct {
	Key, Msg string
}

func problem(key, format string, a ...any) Problem { return Problem{key, fmt.Sprintf(format, a...)} }

// SIP2 is [sip2]: the library's own system over SIP2.
type SIP2 struct {
	Address          string   `toml:"address"` // host:port
	TLS              bool     `toml:"tls"`
	CAFile           string   `toml:"ca_file"`
	User             string   `toml:"user"`
	Password         string   `toml:"password"`
	Location         string   `toml:"location"`
	Institution      string   `toml:"institution"`
	TerminalPassword string   `toml:"terminal_password"`
	ErrorDetection   bool     `toml:"error_detection"`
	CRLF             bool     `toml:"crlf"`
	Charset          string   `toml:"charset"`
	UTCDates         bool     `toml:"utc_dates"`
	Timeout          Duration `toml:"timeout"`
	Resends          int      `toml:"resends"`
	KeepAlive        Duration `toml:"keepalive"`
}

// DefaultSIP2 is [sip2] when the file says nothing.
func DefaultSIP2() SIP2 {
	return SIP2{ErrorDetection: true, Charset: "utf-8", Timeout: Duration{10 * time.Second}, Resends: 3, KeepAlive: Duration{20 * time.Second}}
}

// Problems checks [sip2].
func (q SIP2) Problems() []Problem {
	var p []Problem
	if _, _, err := net.SplitHostPort(q.Address); err != nil {
		p = append(p, problem("sip2.address", "%q: want host:port", q.Address))
	}
	if _, err := sip2.ParseCharset(q.Charset); err != nil {
		p = append(p, problem("sip2.charset", "%v", err))
	}
	if q.Timeout.Duration < 0 || q.KeepAlive.Duration < 0 || q.Resends < 0 || q.Resends > 10 {
		p = append(p, problem("sip2", "timeout, keepalive and resends (0-10) must not be negative"))
	}
	return p
}

// Client is the SIP2 client [sip2] describes, dating in loc on the clock
// now; the caller adds what only it wants (a link callback, the printer's
// width).
func (q SIP2) Client(loc *time.Location, now func() time.Time, logger *slog.Logger) (*sip2.Client, error) {
	cs, err := sip2.ParseCharset(q.Charset)
	if err != nil {
		return nil, err
	}
	c := &sip2.Client{
		Addr: q.Address, User: q.User, Password: q.Password, Location: q.Location,
		Institution: q.Institution, TerminalPassword: q.TerminalPassword, UTC: q.UTCDates, Loc: loc,
		Options:   sip2.Options{ErrorDetection: q.ErrorDetection, CRLF: q.CRLF, Charset: cs, Timeout: q.Timeout.Duration, Resends: q.Resends},
		KeepAlive: q.KeepAlive.Duration, Now: now, Logger: logger,
	}
	if q.TLS {
		tc, err := sip2.ClientTLS(q.CAFile)
		if err != nil {
			return nil, fmt.Errorf("sip2.ca_file: %w", err)
		}
		c.TLS = tc
	}
	return c, nil
}

// SLiMS is [slims]: a SLiMS library's own database.
type SLiMS struct {
	Host     string `toml:"host"`
	Port     int    `toml:"port"`
	Socket   string `toml:"socket"` // a Unix socket instead of host and port
	User     string `toml:"user"`
	Password string `toml:"password"` // or ANJUNGAN_SLIMS_PASSWORD
	Database string `toml:"database"`
	TLS      bool   `toml:"tls"`
	CAFile   string `toml:"ca_file"`
	// UID is the SLiMS user (table user) the kiosk's loans are recorded
	// as, like a librarian's at the desk.
	UID              int      `toml:"uid"`
	Login            string   `toml:"login"`
	UpgradePasswords bool     `toml:"upgrade_passwords"`
	RecordVisits     bool     `toml:"record_visits"`
	Timeout          Duration `toml:"timeout"`
}

// DefaultSLiMS is [slims] when the file says nothing.
func DefaultSLiMS() SLiMS {
	return SLiMS{Host: "127.0.0.1", Port: 3306, User: "anjungan", Database: "slims", UID: 1, Login: "password", RecordVisits: true, Timeout: Duration{5 * time.Second}}
}

// Conn is where [slims] says SLiMS's database is.
func (s SLiMS) Conn() slims.Conn {
	return slims.Conn{Host: s.Host, Port: s.Port, Socket: s.Socket, User: s.User, Password: s.Password,
		Database: s.Database, TLS: s.TLS, CAFile: s.CAFile, Timeout: s.Timeout.Duration}
}

// Problems checks [slims].
func (s SLiMS) Problems() []Problem {
	var p []Problem
	err := s.Conn().Check()
	switch {
	case err == nil:
	case errors.Is(err, slims.ErrNoServer):
		p = append(p, problem("slims.host", "give the database server's host (or slims.socket)"))
	case errors.Is(err, slims.ErrBadPort):
		p = append(p, problem("slims.port", "%d: want a TCP port (MariaDB's is 3306)", s.Port))
	case errors.Is(err, slims.ErrNoUser):
		p = append(p, problem("slims.user", "give the database user the kiosk logs in as"))
	case errors.Is(err, slims.ErrNoDatabase):
		p = append(p, problem("slims.database", "give SLiMS's database name (often \"slims\" or \"senayan\")"))
	case errors.Is(err, slims.ErrCAWithout):
		p = append(p, problem("slims.ca_file", "is for tls = true"))
	case errors.Is(err, slims.ErrTimeout):
		p = append(p, problem("slims.timeout", "%v: want at least 1s", s.Timeout.Duration))
	default:
		p = append(p, problem("slims", "%v", err))
	}
	if s.UID < 1 {
		p = append(p, problem("slims.uid", "%d: want the id of the SLiMS user the kiosk's loans are recorded as (System > User)", s.UID))
	}
	if _, err := slims.ParseLogin(s.Login); err != nil {
		p = append(p, problem("slims.login", "%v", err))
	}
	if s.CAFile != "" {
		if _, err := os.Stat(s.CAFile); err != nil {
			p = append(p, problem("slims.ca_file", "%v", err))
		}
	}
	return p
}
