package main

import (
	"fmt"
	"os"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/anjungan/anjungan/kiosk/slims"
)

// SLiMSConfig is the library's SLiMS database, for library.backend =
// "slims". `kioskctl slims test` checks these settings.
type SLiMSConfig struct {
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

func (s SLiMSConfig) validate(p *problems) {
	if s.Socket == "" && s.Host == "" {
		p.add("slims.host", "give the database server's host (or slims.socket)")
	}
	if s.Port < 1 || s.Port > 65535 {
		p.add("slims.port", "%d: want a TCP port (MariaDB's is 3306)", s.Port)
	}
	if s.User == "" {
		p.add("slims.user", "give the database user the kiosk logs in as")
	}
	if s.Database == "" {
		p.add("slims.database", "give SLiMS's database name (often \"slims\" or \"senayan\")")
	}
	if s.UID < 1 {
		p.add("slims.uid", "%d: want the id of the SLiMS user the kiosk's loans are recorded as (System > User)", s.UID)
	}
	if _, err := slims.ParseLogin(s.Login); err != nil {
		p.add("slims.login", "%v", err)
	}
	if s.CAFile != "" {
		if _, err := os.Stat(s.CAFile); err != nil {
			p.add("slims.ca_file", "%v", err)
		}
	}
	if s.Timeout.Duration < time.Second {
		p.add("slims.timeout", "%v: want at least 1s", s.Timeout.Duration)
	}
}

// conn is where [slims] says SLiMS's database is.
func (s SLiMSConfig) conn() slims.Conn {
	return slims.Conn{Host: s.Host, Port: s.Port, Socket: s.Socket, User: s.User, Password: s.Password,
		Database: s.Database, TLS: s.TLS, CAFile: s.CAFile, Timeout: s.Timeout.Duration}
}

// connector is the MySQL driver's configuration for [slims].
func (s SLiMSConfig) connector() (*mysql.Config, error) {
	c, err := s.conn().MySQL()
	if err != nil {
		return nil, fmt.Errorf("slims: %w", err)
	}
	return c, nil
}
