package slims_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/anjungan/anjungan/kiosk/slims"
	"github.com/anjungan/anjungan/kiosk/slims/slimstest"
)

func TestHint(t *testing.T) {
	tcp := &mysql.Config{Net: "tcp", Addr: "10.0.0.9:3306", User: "kiosk", DBName: "slims"}
	sock := &mysql.Config{Net: "unix", Addr: "/run/mysqld/mysqld.sock", User: "kiosk", DBName: "slims"}
	withTLS := &mysql.Config{Net: "tcp", Addr: "db.example:3306", User: "kiosk", DBName: "slims", TLS: &tls.Config{}}
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
	for _, c := range []struct {
		name string
		err  error
		cfg  *mysql.Config
		want []string // in the hint; none: no hint
		not  []string
	}{
		{"wrong password", &mysql.MySQLError{Number: 1045, Message: "Access denied for user 'kiosk'@'10.0.0.5' (using password: YES)"}, tcp,
			[]string{"refused the login", `"kiosk"`, "per host", "REQUIRE SSL"}, nil},
		{"wrong password over TLS", &mysql.MySQLError{Number: 1045, Message: "Access denied for user 'kiosk'@'10.0.0.5' (using password: YES)"}, withTLS,
			[]string{"refused the login"}, []string{"REQUIRE SSL"}},
		{"no password", &mysql.MySQLError{Number: 1045, Message: "Access denied for user 'kiosk'@'10.0.0.5' (using password: NO)"}, tcp,
			[]string{"no password was given", "ANJUNGAN_SLIMS_PASSWORD"}, nil},
		{"no grant on the database", &mysql.MySQLError{Number: 1044, Message: "Access denied for user 'kiosk'@'%' to database 'slims'"}, tcp,
			[]string{`no rights on database "slims"`, "GRANT SELECT, INSERT, UPDATE, DELETE ON `slims`.*"}, nil},
		{"unknown database", &mysql.MySQLError{Number: 1049, Message: "Unknown database 'slims'"}, tcp, []string{`no database "slims"`, "slims.database"}, nil},
		{"host not allowed", &mysql.MySQLError{Number: 1130, Message: "Host '10.0.0.5' is not allowed to connect to this MariaDB server"}, tcp,
			[]string{"no user in from this machine's address"}, nil},
		{"too many connections", &mysql.MySQLError{Number: 1040, Message: "Too many connections"}, tcp, []string{"max_connections"}, nil},
		{"no right on a table", &mysql.MySQLError{Number: 1142, Message: "SELECT command denied to user 'kiosk'@'10.0.0.5' for table 'loan'"}, tcp,
			[]string{"SELECT, INSERT, UPDATE and DELETE"}, nil},
		{"no right to make the PIN table", &mysql.MySQLError{Number: 1142, Message: "CREATE command denied to user 'kiosk'@'10.0.0.5' for table 'anjungan_migrations'"}, tcp,
			[]string{"may not make tables", "GRANT CREATE ON `slims`.* TO the user", "anjungan_pin", "anjungan_migrations"}, []string{"SELECT, INSERT", "ALTER", "INDEX"}},
		{"TLS required", &mysql.MySQLError{Number: 3159, Message: "Connections using insecure transport are prohibited"}, tcp, []string{"only encrypted", "slims.tls"}, nil},
		{"wrapped", fmt.Errorf("slims: %w", &mysql.MySQLError{Number: 1049, Message: "Unknown database 'slims'"}), tcp, []string{`no database "slims"`}, nil},
		{"nothing listens", refused, tcp, []string{"nothing listens on 10.0.0.9:3306", "bind-address"}, nil},
		{"nothing listens on the socket", refused, sock, []string{"nothing listens on the socket /run/mysqld/mysqld.sock"}, nil},
		{"no socket", &net.OpError{Op: "dial", Net: "unix", Err: os.NewSyscallError("connect", syscall.ENOENT)}, sock, []string{"there is no socket"}, nil},
		{"socket not ours", &net.OpError{Op: "dial", Net: "unix", Err: os.NewSyscallError("connect", syscall.EACCES)}, sock, []string{"may not open the socket"}, nil},
		{"server without TLS", mysql.ErrNoTLS, withTLS, []string{"does not speak TLS"}, nil},
		{"untrusted certificate", &tls.CertificateVerificationError{Err: x509.UnknownAuthorityError{}}, withTLS, []string{"not trusted", "slims.ca_file"}, nil},
		{"certificate for another name", &tls.CertificateVerificationError{Err: x509.HostnameError{Host: "db.example"}}, withTLS,
			[]string{`not for "db.example"`}, []string{"not trusted"}},
		{"not TLS", tls.RecordHeaderError{Msg: "first record does not look like a TLS handshake"}, withTLS, []string{"not a MariaDB TLS session"}, nil},
		{"unknown host", &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Name: "db.example", Err: "no such host", IsNotFound: true}}, withTLS,
			[]string{`"db.example" is unknown`}, nil},
		{"no route", &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.EHOSTUNREACH)}, tcp, []string{"no route to 10.0.0.9:3306"}, nil},
		{"silent", fmt.Errorf("dial: %w", context.DeadlineExceeded), tcp, []string{"no answer from 10.0.0.9:3306", "firewall"}, nil},
		{"hung up", io.ErrUnexpectedEOF, tcp, []string{"hung up", "MariaDB's port"}, nil},
		{"not MariaDB", mysql.ErrMalformPkt, tcp, []string{"spoke no MariaDB"}, nil},
		{"no config", mysql.ErrNoTLS, nil, []string{"does not speak TLS"}, nil},
		{"something else", errors.New("disk full"), tcp, nil, nil},
		{"another server error", &mysql.MySQLError{Number: 1064, Message: "You have an error in your SQL syntax"}, tcp, nil, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := slims.Hint(c.err, c.cfg)
			if len(c.want) == 0 {
				if h != "" {
					t.Fatalf("a hint for %v: %s", c.err, h)
				}
				return
			}
			if !strings.HasPrefix(h, "\n  ") {
				t.Fatalf("hint %q does not start on a line of its own", h)
			}
			for _, w := range c.want {
				if !strings.Contains(h, w) {
					t.Errorf("hint lacks %q: %s", w, h)
				}
			}
			for _, n := range c.not {
				if strings.Contains(h, n) {
					t.Errorf("hint has %q: %s", n, h)
				}
			}
		})
	}
}

// kioskConfig is the kiosk's connection to d.
func kioskConfig(t testing.TB, d *slimstest.Database) *mysql.Config {
	t.Helper()
	cfg, err := mysql.ParseDSN(d.DSN)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// check runs a Checker on cfg, failing the test if it cannot connect.
func check(t *testing.T, c *slims.Checker) *slims.Report {
	t.Helper()
	if c.Location == nil {
		c.Location = jkt
	}
	r, err := c.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if t.Failed() {
		}
	})
	return r
}

// has reports whether r has a finding on topic at level whose text holds
// every part.
func has(r *slims.Report, l slims.Level, topic string, parts ...string) bool {
	for _, f := range r.Findings {
		if f.Level != l || f.Topic != topic {
			continue
		}
		ok := true
		for _, p := range parts {
			ok = ok && strings.Contains(f.Text, p)
		}
		if ok {
			return true
		}
	}
	return false
}

// TestCheckFullSchema: the fixture library is all a kiosk needs, on
// either engine; the member is described without the surname or the
// password hash.
func TestCheckFullSchema(t *testing.T) {
	for _, e := range engines {
		t.Run(string(e), func(t *testing.T) {
			d := slimstest.Shared(t).NewDatabase(t, slimstest.Options{Engine: e})
			// Siti stays a member whatever day the test runs.
			d.Exec(t, "UPDATE member SET expire_date = '2099-12-31' WHERE member_id = 'M0001'")
			d.Exec(t, "INSERT INTO loan (item_code, member_id, loan_date, due_date, is_lent, is_return) VALUES ('B0001', 'M0001', '2020-01-01', '2020-01-08', 1, 0)")
			r := check(t, &slims.Checker{Config: kioskConfig(t, d), Card: "M0001"})
			if w := r.Worst(); w > slims.Note {
				t.Fatalf("worst finding %v", w)
			}
			for _, want := range []struct {
				topic string
				parts []string
			}{
				{"server", []string{"MariaDB"}},
				{"server", []string{"not encrypted (on this machine"}},
				{"schema", []string{"all 16 tables and 79 columns the kiosk reads or writes are there"}},
				{"locks", []string{"several per connection"}},
				{"clock", []string{"agrees with this machine's"}},
				{"settings", []string{"ignore_holidays_fine_calc off"}},
				{"settings", []string{"default_lang id_ID", "Denda terlambat untuk eksemplar B0001"}},
				{"settings", []string{"SLiMS keeps its dates in Asia/Jakarta, as the library's zone says"}},
				{"holidays", []string{"weekly days off sun"}},
				{"member", []string{`card "M0001": Siti …`}},
				{"member", []string{"member type Umum: loan limit 3, loan period 7 days, renewal limit 1, fine 500 a day, grace 2 days"}},
				{"member", []string{"valid through 2099-12-31"}},
				{"member", []string{"not pending"}},
				{"member", []string{"has a SLiMS password (bcrypt)"}},
				{"member", []string{"open loans: 1 (1 overdue)"}},
			} {
				if !has(r, slims.OK, want.topic, want.parts...) {
					t.Errorf("no %s finding %q", want.topic, want.parts)
				}
			}
			if e == slimstest.MyISAM && !has(r, slims.Note, "engine", "all 16 tables are MyISAM", "MyISAM has no transactions", "locks per item") {
				t.Error("MyISAM not explained")
			}
			if e == slimstest.InnoDB && !has(r, slims.OK, "engine", "all 16 tables are InnoDB", "transactions", "locks per item") {
				t.Error("InnoDB not explained")
			}
			out := r.String()
			for _, secret := range []string{"Rahmawati", "$2y$", "HXEhWWrePE9"} {
				if strings.Contains(out, secret) {
					t.Errorf("the report shows %q", secret)
				}
			}
			if !strings.HasSuffix(out, "all checks passed\n") {
				t.Errorf("summary:\n%s", out)
			}
		})
	}
}

// TestCheckMissing: a column dropped, a table gone, a password column
// sized for MD5 are each named.
func TestCheckMissing(t *testing.T) {
	d := slimstest.Shared(t).NewDatabase(t, slimstest.Options{Empty: true})
	d.Exec(t, "ALTER TABLE loan DROP COLUMN uid")
	d.Exec(t, "ALTER TABLE mst_item_status DROP COLUMN no_loan")
	d.Exec(t, "ALTER TABLE fines DROP COLUMN description")
	d.Exec(t, "DROP TABLE holiday")
	d.Exec(t, "DROP TABLE visitor_count")
	d.Exec(t, "ALTER TABLE member MODIFY mpasswd varchar(32) DEFAULT NULL")
	r := check(t, &slims.Checker{Config: kioskConfig(t, d)})
	for _, want := range []struct {
		l     slims.Level
		parts []string
	}{
		{slims.Fail, []string{"loan.uid missing: SLiMS older than 8.3.1?"}},
		{slims.Fail, []string{"mst_item_status.no_loan missing: SLiMS older than 3.11?"}},
		{slims.Fail, []string{"fines.description missing"}},
		{slims.Fail, []string{"table holiday missing", "the kiosk reads holiday_dayname, holiday_date"}},
		{slims.Fail, []string{"table visitor_count missing", "the kiosk reads and writes member_id, member_name, institution, checkin_date"}},
		{slims.Warn, []string{"member.mpasswd holds 32 characters", "8.0.0"}},
	} {
		if !has(r, want.l, "schema", want.parts...) {
			t.Errorf("no %v finding %q", want.l, want.parts)
		}
	}
	if has(r, slims.OK, "schema") {
		t.Error("the schema said all right")
	}
	if has(r, slims.OK, "holidays") {
		t.Error("a missing holiday table read")
	}
	if !strings.Contains(r.String(), "5 failed, 1 warning: ") {
		t.Errorf("summary:\n%s", r)
	}
}

// TestCheckNotSLiMS: a database without SLiMS's tables is said to be
// another, and nothing else is looked at.
func TestCheckNotSLiMS(t *testing.T) {
	d := slimstest.Shared(t).NewDatabase(t, slimstest.Options{Empty: true})
	// The same database, emptied of tables: the kiosk's user keeps its
	// grant on it.
	d.Exec(t, fmt.Sprintf("DROP DATABASE %s; CREATE DATABASE %s", d.Name, d.Name))
	r := check(t, &slims.Checker{Config: kioskConfig(t, d), Card: "M0001"})
	if !has(r, slims.Fail, "schema", fmt.Sprintf("database %q is not SLiMS's: it has no tables at all", d.Name), "member, item, biblio, loan", "slims.database") {
		t.Fatal("not said to be another database")
	}
	for _, f := range r.Findings {
		if f.Topic != "server" && f.Topic != "schema" {
			t.Errorf("looked further: %+v", f)
		}
	}
}

// TestCheckConnect: a connection that fails says why, as the kiosk's
// staff would need to hear it.
func TestCheckConnect(t *testing.T) {
	s := slimstest.Shared(t)
	d := s.NewDatabase(t, slimstest.Options{Empty: true})
	closed := closedAddr(t)
	for _, c := range []struct {
		name string
		set  func(*mysql.Config)
		want string
	}{
		{"wrong password", func(c *mysql.Config) { c.Passwd = "wrong" }, "the server refused the login"},
		{"no password", func(c *mysql.Config) { c.Passwd = "" }, "no password was given"},
		// A user without rights on a database is not told whether it
		// exists; root is.
		{"unknown database", func(c *mysql.Config) { c.DBName = "senayan" }, `no rights on database "senayan", or there is no such database`},
		{"unknown database, as root", func(c *mysql.Config) { c.User, c.Passwd, c.DBName = "root", "", "senayan" }, `there is no database "senayan"`},
		{"another database", func(c *mysql.Config) { c.DBName = "mysql" }, `no rights on database "mysql"`},
		{"nothing listens", func(c *mysql.Config) { c.Addr = closed }, "nothing listens on " + closed},
		{"user not granted over the socket", func(c *mysql.Config) { c.Net, c.Addr = "unix", s.Socket() }, "per host"},
		{"no TLS on the server", func(c *mysql.Config) { c.TLS = &tls.Config{ServerName: "127.0.0.1"} }, "does not speak TLS"},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := kioskConfig(t, d)
			c.set(cfg)
			cctx, cancel := context.WithTimeout(ctx, 20*time.Second)
			defer cancel()
			r, err := slims.Check(cctx, cfg, "", jkt)
			if err == nil || r != nil {
				t.Fatalf("connected: %v\n%s", err, r)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Fatalf("no hint %q: %v", c.want, err)
			}
		})
	}
}

// TestCheckClockAndSettings: a skewed clock, another zone in SLiMS, an
// unreadable setting and a capitalised day off are each warned about.
func TestCheckClockAndSettings(t *testing.T) {
	d := slimstest.Shared(t).NewDatabase(t, slimstest.Options{})
	d.Exec(t, `UPDATE setting SET setting_value = 'id_ID' WHERE setting_name = 'default_lang'`)
	d.Exec(t, `INSERT INTO setting (setting_name, setting_value) VALUES ('timezone', 's:13:"Asia/Makassar";')`)
	d.Exec(t, `INSERT INTO holiday (holiday_dayname, holiday_date) VALUES ('Sat', NULL)`)
	ahead := func() time.Time { return time.Now().Add(5 * time.Minute) }
	r := check(t, &slims.Checker{Config: kioskConfig(t, d), Now: ahead})
	for _, want := range []struct {
		l     slims.Level
		topic string
		parts []string
	}{
		{slims.Warn, "clock", []string{"the server's clock is 5m0s behind this machine's"}},
		{slims.Warn, "settings", []string{"default_lang is unreadable", "en_US"}},
		{slims.Warn, "settings", []string{"SLiMS keeps its dates in Asia/Makassar (UTC+08:00), the kiosk in Asia/Jakarta (UTC+07:00)"}},
		{slims.Warn, "holidays", []string{`["Sat"]`, "SLiMS ignores them"}},
	} {
		if !has(r, want.l, want.topic, want.parts...) {
			t.Errorf("no %v %s finding %q", want.l, want.topic, want.parts)
		}
	}
	// The library in UTC: the same zone as the harness's server, SLiMS's
	// setting apart.
	r = check(t, &slims.Checker{Config: kioskConfig(t, d), Location: time.UTC})
	if !has(r, slims.Note, "clock", "the library's UTC is UTC+00:00") && !has(r, slims.OK, "clock", "as the library's UTC") {
		t.Error("the server's zone not compared with the library's")
	}
}

// TestCheckMembers: what staff learn of a card.
func TestCheckMembers(t *testing.T) {
	d := slimstest.Shared(t).NewDatabase(t, slimstest.Options{Engine: slimstest.InnoDB, CreateGrant: true})
	f := openOn(t, d, func(db *slims.DB) { db.Login = slims.LoginPIN })
	if err := f.SetPIN(ctx, "M0007", "2468"); err != nil {
		t.Fatal(err)
	}
	d.Exec(t, "UPDATE member SET mpasswd = 'not-a-hash' WHERE member_id = 'M0004'")
	d.Exec(t, "UPDATE member SET member_type_id = 9 WHERE member_id = 'M0006'")
	atDay := func() time.Time { return day }
	for _, c := range []struct {
		card  string
		login slims.Login
		l     slims.Level
		parts []string
		not   string // in no member finding
	}{
		{"M9999", "", slims.Warn, []string{`card "M9999": no member with that ID`}, ""},
		{"m0002", "", slims.OK, []string{`card "m0002": Budi … (member_id "M0002")`}, ""},
		{"M0002", "", slims.OK, []string{"legacy MD5"}, "kiosk PIN"},
		{"M0002", "", slims.OK, []string{"member type Pelajar: loan limit 2, loan period 14 days"}, ""},
		{"M0003", "", slims.Warn, []string{"expired: valid through 2026-11-30 only"}, ""},
		{"M0004", "", slims.OK, []string{"valid through 2026-12-01"}, ""},
		{"M0004", "", slims.Warn, []string{"neither bcrypt nor MD5"}, ""},
		{"M0005", "", slims.Warn, []string{"pending"}, ""},
		{"M0006", "", slims.Warn, []string{"no SLiMS password", "cannot log in at the kiosk until staff set a SLiMS password"}, "kiosk PIN"},
		{"M0006", slims.LoginPassword, slims.Warn, []string{"cannot log in at the kiosk until staff set a SLiMS password"}, "kiosk PIN"},
		{"M0006", slims.LoginPIN, slims.Warn, []string{"member type 9 does not exist"}, "SLiMS password"},
		{"M0006", slims.LoginCard, slims.OK, []string{`login = "card": the card alone logs this member in`}, "password"},
		{"M0007", slims.LoginPIN, slims.OK, []string{"has a kiosk PIN"}, "SLiMS password"},
		{"M0001", slims.LoginPIN, slims.Warn, []string{"no kiosk PIN: this member cannot log in at the kiosk until staff set one", "kioskctl slims pin set M0001"}, "PINs yet"},
		{"M0001", slims.LoginPassword, slims.OK, []string{"open loans: 0 (0 overdue)"}, "kiosk PIN"},
	} {
		t.Run(c.card+"/"+string(c.login), func(t *testing.T) {
			r := check(t, &slims.Checker{Config: kioskConfig(t, d), Card: c.card, Login: c.login, Now: atDay})
			if !has(r, c.l, "member", c.parts...) {
				t.Fatalf("no %v finding %q", c.l, c.parts)
			}
			for _, f := range r.Findings {
				if c.not != "" && f.Topic == "member" && strings.Contains(f.Text, c.not) {
					t.Errorf("login %q: %s", c.login, f.Text)
				}
			}
			if strings.Contains(r.String(), "not-a-hash") {
				t.Fatal("the password value shown")
			}
		})
	}
	// Before the kiosk made its PIN table: said with login = "pin" only.
	fresh := slimstest.Shared(t).NewDatabase(t, slimstest.Options{CreateGrant: true})
	r := check(t, &slims.Checker{Config: kioskConfig(t, fresh), Card: "M0001", Login: slims.LoginPIN, Now: atDay})
	if !has(r, slims.Warn, "member", "no kiosk PINs yet", "first start", "kioskctl slims pin set M0001") {
		t.Error("no PIN table not said with login = pin")
	}
	r = check(t, &slims.Checker{Config: kioskConfig(t, fresh), Card: "M0001", Now: atDay})
	for _, f := range r.Findings {
		if f.Topic == "member" && strings.Contains(f.Text, "PIN") {
			t.Errorf("PINs spoken of with login = password: %s", f.Text)
		}
	}
	if _, err := (&slims.Checker{Config: kioskConfig(t, fresh), Login: "face"}).Run(ctx); err == nil || !strings.Contains(err.Error(), "face") {
		t.Errorf("login face: %v", err)
	}
}

// TestCheckMixedEngines: a table the kiosk writes that is not InnoDB
// beside an InnoDB loan table is named.
func TestCheckMixedEngines(t *testing.T) {
	d := slimstest.Shared(t).NewDatabase(t, slimstest.Options{Engine: slimstest.InnoDB})
	d.Exec(t, "ALTER TABLE fines ENGINE = MyISAM")
	r := check(t, &slims.Checker{Config: kioskConfig(t, d)})
	if !has(r, slims.Note, "engine", "InnoDB: ", "MyISAM: fines", "Mixed engines", "what it writes to fines") {
		t.Fatal("mixed engines not explained")
	}
}

// closedAddr is a loopback address nothing listens on.
func closedAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// TestReportSummary: the last line counts in words that agree with the
// numbers.
func TestReportSummary(t *testing.T) {
	f := func(l slims.Level) slims.Finding { return slims.Finding{Level: l, Topic: "schema", Text: "x"} }
	for _, c := range []struct {
		findings []slims.Finding
		want     string
	}{
		{nil, "all checks passed\n"},
		{[]slims.Finding{f(slims.OK), f(slims.Note)}, "all checks passed\n"},
		{[]slims.Finding{f(slims.Warn)}, "\n1 warning: the kiosk works, but read it\n"},
		{[]slims.Finding{f(slims.Warn), f(slims.Warn)}, "\n2 warnings: the kiosk works, but read them\n"},
		{[]slims.Finding{f(slims.Fail)}, "\n1 failed: the kiosk cannot work against this database yet\n"},
		{[]slims.Finding{f(slims.Fail), f(slims.Warn)}, "\n1 failed, 1 warning: the kiosk cannot work against this database yet\n"},
		{[]slims.Finding{f(slims.Fail), f(slims.Fail), f(slims.Warn), f(slims.Warn), f(slims.Warn)}, "\n2 failed, 3 warnings: the kiosk cannot"},
	} {
		r := &slims.Report{Where: `"slims" on 10.0.0.5:3306 as "anjungan"`, Findings: c.findings}
		if out := r.String(); !strings.HasSuffix(out, c.want) && !strings.Contains(out, c.want) {
			t.Errorf("%d findings: summary\n%s\nwant %q", len(c.findings), out, c.want)
		}
	}
}

// userWith makes a login of its own (over TCP from 127.0.0.1, as the
// kiosk's) holding only the grants given, each a statement in which {db}
// is d's database and {user} the new user; it is dropped when the test
// ends. It returns the login's connection.
func userWith(t *testing.T, d *slimstest.Database, name string, grants ...string) *mysql.Config {
	t.Helper()
	cfg := kioskConfig(t, d)
	cfg.User, cfg.Passwd = d.Name+"_"+name, "pw-"+name
	user := fmt.Sprintf("'%s'@'127.0.0.1'", cfg.User)
	d.Exec(t, fmt.Sprintf("CREATE USER %s IDENTIFIED BY '%s'", user, cfg.Passwd))
	t.Cleanup(func() { d.Root.Exec("DROP USER IF EXISTS " + user) })
	for _, g := range grants {
		d.Exec(t, strings.NewReplacer("{db}", d.Name, "{user}", user).Replace(g))
	}
	return cfg
}

// TestCheckGrants: the user's rights on the database, read from SHOW
// GRANTS: a right the kiosk needs and lacks fails, with the grant that
// fixes it; rights beyond what it needs are a note pointing at the
// README's grant.
func TestCheckGrants(t *testing.T) {
	d := slimstest.Shared(t).NewDatabase(t, slimstest.Options{})
	type finding struct {
		l     slims.Level
		parts []string
	}
	readme := "GRANT SELECT, INSERT, UPDATE, DELETE ON `" + d.Name + "`.*"
	// made is a database whose kiosk PIN tables a kiosk with login =
	// "pin" made, with CREATE; its user keeps CREATE, revoked is
	// another without it.
	made := slimstest.Shared(t).NewDatabase(t, slimstest.Options{CreateGrant: true})
	openOn(t, made, func(db *slims.DB) { db.Login = slims.LoginPIN })
	revoked := userWith(t, made, "revoked", "GRANT SELECT, INSERT, UPDATE, DELETE ON {db}.* TO {user}")
	for _, c := range []struct {
		name   string
		login  slims.Login
		cfg    func(t *testing.T) *mysql.Config
		want   []finding
		worst  slims.Level // of the grants findings
		absent []string    // in no grants finding
	}{
		{"the README's grant", "", func(t *testing.T) *mysql.Config { return kioskConfig(t, d) },
			[]finding{{slims.OK, []string{"may read every table the kiosk reads", "loan, fines, reserve, visitor_count"}}}, slims.OK, nil},
		{"SELECT only", "", func(t *testing.T) *mysql.Config { return userWith(t, d, "ro", "GRANT SELECT ON {db}.* TO {user}") },
			[]finding{
				{slims.Fail, []string{"lacks rights the kiosk needs", "loan: no INSERT, UPDATE", "fines: no INSERT", "reserve: no DELETE",
					"visitor_count: no INSERT", readme + " TO '" + d.Name + "_ro'@'127.0.0.1'"}},
			}, slims.Fail, []string{"no SELECT", "member: no UPDATE"}},
		{"ALL PRIVILEGES", "", func(t *testing.T) *mysql.Config {
			return userWith(t, d, "all", "GRANT ALL PRIVILEGES ON {db}.* TO {user}")
		},
			[]finding{{slims.Note, []string{"more than the kiosk needs", "ALL PRIVILEGES on `" + d.Name + "`.*", readme, "README"}}}, slims.Note, nil},
		{"a right per table", "", func(t *testing.T) *mysql.Config {
			return userWith(t, d, "tables", "GRANT SELECT ON {db}.* TO {user}", "GRANT INSERT, UPDATE ON {db}.loan TO {user}",
				"GRANT INSERT ON {db}.fines TO {user}", "GRANT DELETE ON {db}.reserve TO {user}")
		}, []finding{{slims.Fail, []string{"visitor_count: no INSERT", "record_visits"}}}, slims.Fail, []string{"loan:", "fines:", "reserve:"}},
		{"a right per table, all it needs", "", func(t *testing.T) *mysql.Config {
			return userWith(t, d, "tables2", "GRANT SELECT ON {db}.* TO {user}", "GRANT INSERT, UPDATE ON {db}.loan TO {user}",
				"GRANT INSERT ON {db}.fines TO {user}", "GRANT DELETE ON {db}.reserve TO {user}", "GRANT INSERT ON {db}.visitor_count TO {user}")
		}, []finding{{slims.OK, []string{"may read every table"}}, {slims.Note, []string{"member: no UPDATE", "upgrade_passwords"}}}, slims.Note,
			[]string{"more than"}},
		{"the password upgrade's columns", "", func(t *testing.T) *mysql.Config {
			return userWith(t, d, "tables3", "GRANT SELECT ON {db}.* TO {user}", "GRANT INSERT, UPDATE ON {db}.loan TO {user}",
				"GRANT INSERT ON {db}.fines TO {user}", "GRANT DELETE ON {db}.reserve TO {user}", "GRANT INSERT ON {db}.visitor_count TO {user}",
				"GRANT UPDATE (mpasswd, last_update) ON {db}.member TO {user}")
		}, []finding{{slims.OK, []string{"may read every table"}}}, slims.OK, nil},
		{"a column grant where the kiosk needs the table's", "", func(t *testing.T) *mysql.Config {
			return userWith(t, d, "columns", "GRANT SELECT, INSERT, UPDATE, DELETE ON {db}.* TO {user}", "REVOKE INSERT ON {db}.* FROM {user}",
				"GRANT INSERT ON {db}.loan TO {user}", "GRANT INSERT ON {db}.visitor_count TO {user}", "GRANT INSERT (member_id, debet) ON {db}.fines TO {user}")
		}, []finding{{slims.Warn, []string{"some columns only", "INSERT on fines"}}}, slims.Warn, []string{"may read every table"}},
		{"rights on another database", "", func(t *testing.T) *mysql.Config {
			return userWith(t, d, "other", "GRANT SELECT ON {db}.* TO {user}", "GRANT ALL PRIVILEGES ON `{db}x`.* TO {user}")
		}, []finding{{slims.Fail, []string{"loan: no INSERT, UPDATE"}}}, slims.Fail, []string{"ALL PRIVILEGES"}},
		{"a database name pattern", "", func(t *testing.T) *mysql.Config {
			return userWith(t, d, "pattern", "GRANT SELECT, INSERT, UPDATE, DELETE ON `"+strings.Replace(d.Name, "_", "\\_", 1)+"%`.* TO {user}")
		}, []finding{{slims.OK, []string{"may read every table"}}}, slims.OK, nil},
		{"through a role", "", func(t *testing.T) *mysql.Config {
			role := d.Name + "_role"
			d.Exec(t, "CREATE ROLE "+role)
			t.Cleanup(func() { d.Root.Exec("DROP ROLE IF EXISTS " + role) })
			return userWith(t, d, "roled", "GRANT SELECT, INSERT, UPDATE, DELETE ON {db}.* TO "+role, "GRANT "+role+" TO {user}",
				"SET DEFAULT ROLE "+role+" FOR {user}")
		}, []finding{{slims.OK, []string{"may read every table"}}}, slims.OK, nil},
		{"with the grant option", "", func(t *testing.T) *mysql.Config {
			return userWith(t, d, "grantor", "GRANT SELECT, INSERT, UPDATE, DELETE ON {db}.* TO {user} WITH GRANT OPTION")
		}, []finding{{slims.Note, []string{"GRANT OPTION", readme}}}, slims.Note, []string{"ALL PRIVILEGES"}},
		{"root", "", func(t *testing.T) *mysql.Config {
			cfg := kioskConfig(t, d)
			cfg.User, cfg.Passwd = "root", ""
			return cfg
		}, []finding{{slims.Note, []string{"ALL PRIVILEGES on every database (*.*)", "GRANT OPTION", "should not log in as root", readme}}}, slims.Note, nil},
		{"PINs, their tables not made, no CREATE", slims.LoginPIN, func(t *testing.T) *mysql.Config { return kioskConfig(t, d) },
			[]finding{{slims.Fail, []string{"anjungan_pin, anjungan_migrations: no CREATE", "first start", "GRANT CREATE ON `" + d.Name + "`.* TO",
				"may be revoked"}}}, slims.Fail, []string{"loan:"}},
		{"PINs, their tables not made, CREATE", slims.LoginPIN, func(t *testing.T) *mysql.Config {
			return userWith(t, d, "maker", "GRANT SELECT, INSERT, UPDATE, DELETE, CREATE ON {db}.* TO {user}")
		}, []finding{{slims.OK, []string{"make its kiosk PIN tables"}}}, slims.OK, nil},
		{"passwords, CREATE", slims.LoginPassword, func(t *testing.T) *mysql.Config {
			return userWith(t, d, "creator", "GRANT SELECT, INSERT, UPDATE, DELETE, CREATE ON {db}.* TO {user}")
		}, []finding{{slims.Note, []string{"CREATE on `" + d.Name + "`.*", `CREATE is needed only with login = "pin"`, readme}}}, slims.Note, nil},
		{"PINs, their tables made, CREATE kept", slims.LoginPIN, func(t *testing.T) *mysql.Config { return kioskConfig(t, made) },
			[]finding{{slims.OK, []string{"read its kiosk PIN tables"}}, {slims.Note, []string{"CREATE", "as it has"}}}, slims.Note, nil},
		{"PINs, their tables made, CREATE revoked", slims.LoginPIN, func(t *testing.T) *mysql.Config { return revoked },
			[]finding{{slims.OK, []string{"read its kiosk PIN tables"}}}, slims.OK, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := check(t, &slims.Checker{Config: c.cfg(t), Login: c.login})
			for _, w := range c.want {
				if !has(r, w.l, "grants", w.parts...) {
					t.Errorf("no %v grants finding %q", w.l, w.parts)
				}
			}
			worst := slims.OK
			n := 0
			for _, f := range r.Findings {
				if f.Topic != "grants" {
					continue
				}
				n++
				worst = max(worst, f.Level)
				for _, a := range c.absent {
					if strings.Contains(f.Text, a) {
						t.Errorf("grants finding says %q: %s", a, f.Text)
					}
				}
			}
			if n == 0 || worst != c.worst {
				t.Errorf("%d grants findings, the worst %v; want %v", n, worst, c.worst)
			}
			if _, fail := r.Problems(); (fail > 0) != (c.worst == slims.Fail) {
				t.Errorf("%d failed", fail)
			}
		})
	}
}

// TestLibraryName: SLiMS's library_name setting, PHP-serialized; ""
// when it is not set.
func TestLibraryName(t *testing.T) {
	d := slimstest.Shared(t).NewDatabase(t, slimstest.Options{})
	if _, err := (&slims.DB{}).LibraryName(ctx); err == nil {
		t.Error("a database not open answered")
	}
	f := openOn(t, d)
	for _, c := range []struct {
		set  string // the statement before; "" none
		want string
		err  bool
	}{
		{"", "Perpustakaan Kota Senayan", false},
		{`UPDATE setting SET setting_value = 's:22:" Perpustakaan Ké Dua ";' WHERE setting_name = 'library_name'`, "Perpustakaan Ké Dua", false},
		{`UPDATE setting SET setting_value = NULL WHERE setting_name = 'library_name'`, "", false},
		{`UPDATE setting SET setting_value = 'Perpustakaan' WHERE setting_name = 'library_name'`, "", true},
		{`DELETE FROM setting WHERE setting_name = 'library_name'`, "", false},
	} {
		if c.set != "" {
			d.Exec(t, c.set)
		}
		got, err := f.LibraryName(ctx)
		if got != c.want || (err != nil) != c.err {
			t.Errorf("after %q: %q, %v; want %q (error %v)", c.set, got, err, c.want, c.err)
		}
	}
}
