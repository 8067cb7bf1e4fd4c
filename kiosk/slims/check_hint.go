package slims

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/go-sql-driver/mysql"
)

// Hint says what staff should look at when connecting to the SLiMS
// database failed with err ("" when it has nothing to say): it tells
// nothing listening, a refused login, a missing grant, an unknown
// database and TLS problems apart, by the server's error numbers and the
// network's errors. cfg is the connection tried (it may be nil). The
// hint starts with a new line, to follow the error.
func Hint(err error, cfg *mysql.Config) string {
	if cfg == nil {
		cfg = mysql.NewConfig()
	}
	if h := serverHint(err, cfg); h != "" {
		return "\n  " + h
	}
	if h := netHint(err, cfg); h != "" {
		return "\n  " + h
	}
	return ""
}

// serverHint reads the errors the server sent.
func serverHint(err error, cfg *mysql.Config) string {
	var me *mysql.MySQLError
	if !errors.As(err, &me) {
		return ""
	}
	msg := strings.ToLower(me.Message)
	switch {
	case me.Number == 1045 && strings.Contains(msg, "using password: no"):
		return "no password was given: set slims.password or ANJUNGAN_SLIMS_PASSWORD (kioskctl: -password)"
	case me.Number == 1045:
		h := fmt.Sprintf("the server refused the login: check the user (%q) and its password; a MariaDB user is per host, so it must be granted "+
			"from this machine's address as the server sees it (the address in the message: CREATE USER '%s'@'that address' …)", cfg.User, cfg.User)
		if cfg.TLS == nil && cfg.TLSConfig == "" {
			h += ", and a user made with REQUIRE SSL must connect with TLS (slims.tls)"
		}
		return h
	case me.Number == 1044:
		return fmt.Sprintf("the user may log in but has no rights on database %q, or there is no such database (the server tells only users with rights "+
			"which): check slims.database, then GRANT SELECT, INSERT, UPDATE, DELETE ON `%s`.* TO the user (and CREATE for login = \"pin\")",
			cfg.DBName, cfg.DBName)
	case me.Number == 1049:
		return fmt.Sprintf("there is no database %q on this server: check slims.database (SHOW DATABASES; SLiMS's is often \"slims\" or \"senayan\", as in SLiMS's config/database.php)", cfg.DBName)
	case me.Number == 1130:
		return "the server lets no user in from this machine's address: create the kiosk's user for it (CREATE USER 'user'@'address' …), and check the server's bind-address"
	case me.Number == 1040:
		return "the server has no connections left (max_connections): try again; if it lasts, raise max_connections or look for a program that leaks connections"
	case (me.Number == 1142 || me.Number == 1143) && (strings.HasPrefix(msg, "create") || strings.HasPrefix(msg, "alter") || strings.HasPrefix(msg, "index")):
		return fmt.Sprintf("the user may not make tables: login = \"pin\" keeps kiosk PINs in tables of Anjungan's own (anjungan_pin, and "+
			"anjungan_migrations, which records them), made on first use; GRANT CREATE ON `%s`.* TO the user (it may be revoked once they are made)", cfg.DBName)
	case me.Number == 1142, me.Number == 1143:
		return "the user lacks a right on a table: the kiosk needs SELECT, INSERT, UPDATE and DELETE on SLiMS's tables"
	case me.Number == 3159, strings.Contains(msg, "insecure transport"), strings.Contains(msg, "secure transport"):
		return "the server takes only encrypted connections: turn on TLS (slims.tls, and slims.ca_file for its CA)"
	}
	return ""
}

// netHint reads the errors of the network, TLS and the driver.
func netHint(err error, cfg *mysql.Config) string {
	var (
		unknown  x509.UnknownAuthorityError
		verify   *tls.CertificateVerificationError
		hostname x509.HostnameError
		header   tls.RecordHeaderError
		dns      *net.DNSError
		ne       net.Error
	)
	addr := cfg.Addr
	switch {
	case errors.Is(err, mysql.ErrNoTLS):
		return "the server does not speak TLS: turn TLS off (slims.tls), or give the server a certificate (ssl_cert, ssl_key in its configuration)"
	case errors.As(err, &hostname):
		return fmt.Sprintf("the server's certificate is not for %q: connect by a name the certificate holds (slims.host)", hostname.Host)
	case errors.As(err, &unknown), errors.As(err, &verify):
		return "the server's TLS certificate is not trusted here: give its CA certificate (slims.ca_file; kioskctl: -ca)"
	case errors.As(err, &header):
		return "TLS failed: something that is not a MariaDB TLS session answered; check the port"
	case cfg.Net == "unix" && errors.Is(err, syscall.ENOENT):
		return fmt.Sprintf("there is no socket %s: is MariaDB running on this machine, and is that its socket (SHOW VARIABLES LIKE 'socket')?", addr)
	case cfg.Net == "unix" && errors.Is(err, syscall.EACCES):
		return fmt.Sprintf("this user may not open the socket %s: run as a user in the server's group, or connect over TCP (slims.host)", addr)
	case errors.Is(err, syscall.ECONNREFUSED):
		if cfg.Net == "unix" {
			return fmt.Sprintf("nothing listens on the socket %s: is MariaDB running?", addr)
		}
		return fmt.Sprintf("nothing listens on %s: is MariaDB running, are the host and port right (slims.host, slims.port; MariaDB's is 3306), "+
			"and does the server listen on the network (bind-address, skip-networking in its configuration)?", addr)
	case errors.As(err, &dns):
		return fmt.Sprintf("the host name %q is unknown here: check slims.host, or give the server's address", dns.Name)
	case errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH):
		return fmt.Sprintf("no route to %s: check slims.host and this machine's network", addr)
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return fmt.Sprintf("no answer from %s in time: a firewall that drops the connection, the wrong host, or a server too busy to answer", addr)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, syscall.ECONNRESET),
		errors.Is(err, mysql.ErrInvalidConn), errors.Is(err, mysql.ErrMalformPkt):
		return fmt.Sprintf("the other end hung up or spoke no MariaDB: is %s MariaDB's port? A server that wants TLS may also hang up on a plain connection (slims.tls)", addr)
	}
	return ""
}
