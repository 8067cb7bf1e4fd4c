package slims

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"time"

	"github.com/go-sql-driver/mysql"
)

// Conn is where a SLiMS database is and how to log in: what [slims] and
// kioskctl's flags give. Password falls back to ANJUNGAN_SLIMS_PASSWORD.
type Conn struct {
	Host     string
	Port     int
	Socket   string // a Unix socket instead of Host and Port
	User     string
	Password string
	Database string
	TLS      bool
	CAFile   string // with TLS: trust only this CA (PEM); else the system's
	Timeout  time.Duration
}

// Errors of a Conn, each naming what to give.
var (
	ErrNoServer   = errors.New("no database server: give its host (or a socket)")
	ErrBadPort    = errors.New("not a TCP port (MariaDB's is 3306)")
	ErrNoUser     = errors.New("no database user: give the one the kiosk logs in as")
	ErrNoDatabase = errors.New(`no database: give SLiMS's (often "slims" or "senayan")`)
	ErrCAWithout  = errors.New("a CA file is for TLS: turn TLS on")
	ErrTimeout    = errors.New("a timeout under 1s")
)

// Check says what is missing or wrong, or nil.
func (c Conn) Check() error {
	switch {
	case c.Host == "" && c.Socket == "":
		return ErrNoServer
	case c.Socket == "" && (c.Port < 1 || c.Port > 65535):
		return fmt.Errorf("port %d: %w", c.Port, ErrBadPort)
	case c.User == "":
		return ErrNoUser
	case c.Database == "":
		return ErrNoDatabase
	case c.CAFile != "" && !c.TLS:
		return ErrCAWithout
	case c.Timeout < time.Second:
		return fmt.Errorf("timeout %v: %w", c.Timeout, ErrTimeout)
	}
	return nil
}

// MySQL is the driver's configuration for c: the address, the login,
// timeouts (to connect, and twice that for a query), and TLS with the CA
// file's certificates when one is given.
func (c Conn) MySQL() (*mysql.Config, error) {
	m := mysql.NewConfig()
	m.User, m.Passwd, m.DBName = c.User, c.Password, c.Database
	if m.Passwd == "" {
		m.Passwd = os.Getenv("ANJUNGAN_SLIMS_PASSWORD")
	}
	if c.Socket != "" {
		m.Net, m.Addr = "unix", c.Socket
	} else {
		m.Net, m.Addr = "tcp", net.JoinHostPort(c.Host, strconv.Itoa(c.Port))
	}
	m.Timeout, m.ReadTimeout, m.WriteTimeout = c.Timeout, 2*c.Timeout, 2*c.Timeout
	if c.TLS {
		tc := &tls.Config{ServerName: c.Host, MinVersion: tls.VersionTLS12}
		if c.CAFile != "" {
			pem, err := os.ReadFile(c.CAFile)
			if err != nil {
				return nil, fmt.Errorf("CA file: %w", err)
			}
			pool := x509.NewCertPool()
			if !pool.AppendCertsFromPEM(pem) {
				return nil, fmt.Errorf("CA file %s: no PEM certificate in it", c.CAFile)
			}
			tc.RootCAs = pool
		}
		m.TLS = tc
	}
	return m, nil
}
