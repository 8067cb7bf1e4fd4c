package slims

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestConn(t *testing.T) {
	good := Conn{Host: "db.lan", Port: 3306, User: "anjungan", Database: "slims", Timeout: 5 * time.Second}
	for _, c := range []struct {
		name string
		edit func(*Conn)
		want error
	}{
		{"good", func(*Conn) {}, nil},
		{"a socket needs no port", func(c *Conn) { c.Host, c.Port, c.Socket = "", 0, "/run/mysqld/mysqld.sock" }, nil},
		{"no server", func(c *Conn) { c.Host = "" }, ErrNoServer},
		{"port", func(c *Conn) { c.Port = 70000 }, ErrBadPort},
		{"user", func(c *Conn) { c.User = "" }, ErrNoUser},
		{"database", func(c *Conn) { c.Database = "" }, ErrNoDatabase},
		{"CA without TLS", func(c *Conn) { c.CAFile = "/ca.pem" }, ErrCAWithout},
		{"timeout", func(c *Conn) { c.Timeout = time.Millisecond }, ErrTimeout},
	} {
		cc := good
		c.edit(&cc)
		if err := cc.Check(); !errors.Is(err, c.want) || (c.want == nil) != (err == nil) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
	t.Setenv("ANJUNGAN_SLIMS_PASSWORD", "from-env")
	m, err := good.MySQL()
	if err != nil || m.Addr != "db.lan:3306" || m.Net != "tcp" || m.Passwd != "from-env" || m.ReadTimeout != 10*time.Second || m.TLS != nil {
		t.Fatalf("%+v %v", m, err)
	}
	bad := filepath.Join(t.TempDir(), "ca.pem")
	os.WriteFile(bad, []byte("not a certificate"), 0o600)
	tlsConn := good
	tlsConn.TLS, tlsConn.CAFile = true, bad
	if _, err := tlsConn.MySQL(); err == nil {
		t.Fatal("a CA file without a certificate was taken")
	}
	tlsConn.CAFile = ""
	if m, err := tlsConn.MySQL(); err != nil || m.TLS == nil || m.TLS.ServerName != "db.lan" {
		t.Fatalf("TLS: %+v %v", m, err)
	}
}
