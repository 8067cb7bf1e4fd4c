package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/anjungan/anjungan/booking/postgres/pgtest"
	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/sip2"
	"github.com/anjungan/anjungan/kiosk/slims"
	"github.com/anjungan/anjungan/kiosk/slims/slimstest"
)

// TestMain stops the SLiMS tests' MariaDB server, if one was started,
// when the package's tests end.
func TestMain(m *testing.M) {
	code := m.Run()
	slimstest.StopShared()
	pgtest.StopShared()
	os.Exit(code)
}

// slimsArgs are the connection flags (named with prefix) for the kiosk's
// user on d.
func slimsArgs(t *testing.T, d *slimstest.Database, prefix string) []string {
	t.Helper()
	cfg, err := mysql.ParseDSN(d.DSN)
	if err != nil {
		t.Fatal(err)
	}
	host, port, err := net.SplitHostPort(cfg.Addr)
	if err != nil {
		t.Fatal(err)
	}
	return []string{"-" + prefix + "host", host, "-" + prefix + "port", port, "-" + prefix + "user", cfg.User,
		"-" + prefix + "password", cfg.Passwd, "-" + prefix + "database", cfg.DBName}
}

// withoutPassword drops the -password flag and its value from args.
func withoutPassword(args []string) (rest []string, password string) {
	for i := 0; i < len(args); i++ {
		if args[i] == "-password" {
			password = args[i+1]
			i++
			continue
		}
		rest = append(rest, args[i])
	}
	return rest, password
}

func TestSLiMSTest(t *testing.T) {
	ctx := context.Background()
	d := slimstest.Shared(t).NewDatabase(t, slimstest.Options{})
	d.Exec(t, "UPDATE member SET expire_date = '2099-12-31' WHERE member_id = 'M0001'")
	conn := slimsArgs(t, d, "")
	var out bytes.Buffer
	if err := run(ctx, append([]string{"slims", "test", "-card", "M0001"}, conn...), &out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	for _, want := range []string{`SLiMS database "` + d.Name + `"`, "all 16 tables and 79 columns", "MyISAM has no transactions",
		"locks per item", `card "M0001": Siti …`, "valid through 2099-12-31", "all checks passed"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "Rahmawati") || strings.Contains(out.String(), "$2y$") {
		t.Errorf("the surname or the hash shown:\n%s", out.String())
	}

	// The password from the environment, as the kiosk takes it.
	noPassword, password := withoutPassword(conn)
	t.Setenv("ANJUNGAN_SLIMS_PASSWORD", password)
	out.Reset()
	if err := run(ctx, append([]string{"slims", "test"}, noPassword...), &out); err != nil {
		t.Fatalf("password from the environment: %v\n%s", err, out.String())
	}
	t.Setenv("ANJUNGAN_SLIMS_PASSWORD", "wrong")
	err := run(ctx, append([]string{"slims", "test"}, noPassword...), &out)
	if err == nil || !strings.Contains(err.Error(), "the server refused the login") {
		t.Fatalf("wrong password: %v", err)
	}

	// A failed check fails the command, after the report.
	d.Exec(t, "ALTER TABLE loan DROP COLUMN uid")
	out.Reset()
	err = run(ctx, append([]string{"slims", "test"}, conn...), &out)
	if err == nil || !strings.Contains(out.String(), "loan.uid missing: SLiMS older than 8.3.1?") || exitCode(err) != 1 {
		t.Fatalf("%v\n%s", err, out.String())
	}
}

// TestSLiMSFlags: bad connection flags are refused before connecting.
func TestSLiMSFlags(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"slims", "test", "-user", "u", "-database", "d"}, "-host (or -socket)"},
		{[]string{"slims", "test", "-host", "h", "-database", "d"}, "-user"},
		{[]string{"slims", "test", "-host", "h", "-user", "u"}, "-database"},
		{[]string{"slims", "test", "-host", "h", "-user", "u", "-database", "d", "-port", "0"}, "-port 0"},
		{[]string{"slims", "test", "-host", "h", "-user", "u", "-database", "d", "-ca", "ca.pem"}, "-ca is for TLS: add -tls"},
		{[]string{"slims", "test", "-host", "h", "-user", "u", "-database", "d", "-tls", "-ca", "/nonexistent/ca.pem"}, "-ca"},
		{[]string{"slims", "test", "-host", "h", "-user", "u", "-database", "d", "-tz", "Mars/Olympus"}, "-tz"},
		{[]string{"slims", "test", "-host", "h", "-user", "u", "-database", "d", "extra"}, `unexpected "extra"`},
		{[]string{"slims", "frobnicate"}, "slims: test"},
		{[]string{"slims"}, "slims: test"},
		{[]string{"slims", "pin", "set"}, "give the member's card"},
		{[]string{"slims", "pin", "reset", "M0001"}, "slims pin set CARD"},
		{[]string{"slims", "pin", "remove", "M0001", "M0002", "-host", "h"}, `unexpected "M0002"`},
		{[]string{"slims", "pin", "remove", "M0001", "-user", "u", "-database", "d"}, "-host (or -socket)"},
	} {
		err := run(ctx, c.args, io.Discard)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: %v, want %q", c.args, err, c.want)
		}
	}
	for _, args := range [][]string{{"slims", "test", "-h"}, {"slims", "pin", "set", "-h"}} {
		if code := exitCode(run(ctx, args, io.Discard)); code != 0 {
			t.Errorf("kioskctl %v exits %d", args, code)
		}
	}
}

// TestSLiMSPIN sets and removes a kiosk PIN, which a kiosk with login =
// "pin" then takes.
func TestSLiMSPIN(t *testing.T) {
	ctx := context.Background()
	d := slimstest.Shared(t).NewDatabase(t, slimstest.Options{CreateGrant: true})
	conn := slimsArgs(t, d, "")
	pin := func(in string, args ...string) (string, error) {
		var out bytes.Buffer
		err := slimsCmd(ctx, "Asia/Jakarta", append([]string{"pin"}, args...), strings.NewReader(in), &out)
		return out.String(), err
	}
	// The card before the flags, or after them.
	if out, err := pin("2468\n", append([]string{"set", "M0007"}, conn...)...); err != nil || !strings.Contains(out, "M0007: kiosk PIN set") {
		t.Fatalf("set: %v\n%s", err, out)
	}
	if strings.Contains(d.String(t, "SELECT pin_hash FROM anjungan_pin WHERE member_id = 'M0007'"), "2468") {
		t.Fatal("the PIN kept in clear")
	}
	cfg, err := mysql.ParseDSN(d.DSN)
	if err != nil {
		t.Fatal(err)
	}
	db := &slims.DB{Config: cfg, Login: slims.LoginPIN, Logger: slog.New(slog.DiscardHandler)}
	if err := db.Open(ctx); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.CheckPIN(ctx, kiosk.Credentials{Card: "M0007", PIN: "2468"}); err != nil {
		t.Fatalf("the PIN set does not log in: %v", err)
	}
	for _, c := range []struct{ in, card, want string }{
		{"12ab\n", "M0007", "digits"},
		{"123\n", "M0007", "4 to 12 digits"},
		{"", "M0007", "no PIN given"},
		{"1357\n", "M9999", `no member "M9999"`},
	} {
		if _, err := pin(c.in, append(append([]string{"set"}, conn...), c.card)...); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("set %q for %s: %v, want %q", c.in, c.card, err, c.want)
		}
	}
	if err := db.CheckPIN(ctx, kiosk.Credentials{Card: "M0007", PIN: "2468"}); err != nil {
		t.Fatalf("a refused PIN changed the PIN: %v", err)
	}
	if out, err := pin("", append([]string{"remove", "m0007"}, conn...)...); err != nil || !strings.Contains(out, "m0007: kiosk PIN removed") {
		t.Fatalf("remove: %v\n%s", err, out)
	}
	if err := db.CheckPIN(ctx, kiosk.Credentials{Card: "M0007", PIN: "2468"}); kiosk.ErrorKey(err) != kiosk.KeyPatronNoSecret {
		t.Fatalf("a removed PIN: %v", err)
	}
	if out, err := pin("", append([]string{"remove", "M0007"}, conn...)...); err != nil || !strings.Contains(out, "M0007 had no kiosk PIN") {
		t.Fatalf("remove again: %v\n%s", err, out)
	}

	// Without the right to make the PIN table, the hint says so.
	ro := slimstest.Shared(t).NewDatabase(t, slimstest.Options{})
	_, err = pin("2468\n", append([]string{"set", "M0007"}, slimsArgs(t, ro, "")...)...)
	if err == nil || !strings.Contains(err.Error(), "may not make tables") || !strings.Contains(err.Error(), "GRANT CREATE ON `"+ro.Name+"`.* TO the user") ||
		strings.Contains(err.Error(), "ALTER") {
		t.Fatalf("no CREATE grant: %v", err)
	}
	// CREATE is all it takes, as the hint says.
	creator := userWith(t, ro, "creator", "GRANT SELECT, INSERT, UPDATE, DELETE, CREATE ON {db}.* TO {user}")
	if out, err := pin("2468\n", append([]string{"set", "M0007"}, creator...)...); err != nil || !strings.Contains(out, "M0007: kiosk PIN set") {
		t.Fatalf("set with CREATE alone: %v\n%s", err, out)
	}
	// Nothing listening: the hint says so.
	_, err = pin("", append([]string{"remove", "M0007"}, "-host", "127.0.0.1", "-port", freePortString(t), "-user", "u", "-database", "d")...)
	if err == nil || !strings.Contains(err.Error(), "nothing listens on 127.0.0.1:") {
		t.Fatalf("nothing listening: %v", err)
	}
}

// freePortString is a loopback port nothing listens on.
func freePortString(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	ln.Close()
	return port
}

// TestSIP2ServeSLiMSFlags: -library takes sqlite or slims, and the
// SLiMS flags only with slims; nothing opens on a bad command line.
func TestSIP2ServeSLiMSFlags(t *testing.T) {
	dir := t.TempDir()
	base := []string{"-db", filepath.Join(dir, "x.db"), "sip2", "serve", "-listen", "127.0.0.1:0"}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-library", "Perpustakaan Kota"}, "want sqlite or slims (the library's name, AM, is -name)"},
		{[]string{"-slims-host", "db"}, "-slims-host is for -library slims"},
		{[]string{"-uid", "3"}, "-uid is for -library slims"},
		{[]string{"-library", "slims", "-slims-user", "u", "-slims-database", "d", "-uid", "3"}, "-slims-host (or -slims-socket)"},
		{[]string{"-library", "slims", "-slims-host", "db", "-slims-user", "u", "-slims-database", "d"}, "needs -uid"},
		{[]string{"-library", "slims", "-slims-host", "db", "-slims-user", "u", "-slims-database", "d", "-uid", "3", "-login", "face"}, "-login"},
	} {
		err := run(context.Background(), append(base, c.args...), io.Discard)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: %v, want %q", c.args, err, c.want)
		}
	}
	if matches, _ := filepath.Glob(filepath.Join(dir, "*")); len(matches) > 0 {
		t.Errorf("a bad command line made %v", matches)
	}
}

// TestSIP2ServeSLiMS serves a SLiMS database over SIP2 and works it with
// the kiosk's own client: a patron logs in with the SLiMS password,
// borrows, is refused a renewal and returns, and SLiMS's tables hold what
// SLiMS's desk would have written.
func TestSIP2ServeSLiMS(t *testing.T) {
	jkt, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		t.Fatal(err)
	}
	d := slimstest.Shared(t).NewDatabase(t, slimstest.Options{})
	// Siti's membership outlives any day the test runs on, so that her
	// due date is the rules', not her expiry.
	d.Exec(t, "UPDATE member SET expire_date = '2099-12-31' WHERE member_id = 'M0001'")
	addr := net.JoinHostPort("127.0.0.1", freePortString(t))
	ctx, cancel := context.WithCancel(context.Background())
	var sout syncBuffer
	done := make(chan error, 1)
	args := append([]string{"-tz", "Asia/Jakarta", "sip2", "serve", "-listen", addr, "-user", "sc", "-password", "rahasia-sc", "-lang", "en",
		"-library", "slims", "-uid", "7"}, slimsArgs(t, d, "slims-")...)
	go func() { done <- run(ctx, args, &sout) }()
	defer func() { cancel(); <-done }()
	logOnFailure(t, "sip2 serve", &sout)
	waitFor(t, 10*time.Second, "sip2 serve to say it is serving", func() bool { return strings.Contains(sout.String(), "serving") })
	if !strings.Contains(sout.String(), `serving SLiMS database "`+d.Name+`" on 127.0.0.1:`) {
		t.Fatalf("serve said:\n%s", sout.String())
	}
	c := &sip2.Client{Addr: addr, User: "sc", Password: "rahasia-sc", Institution: "anjungan", Loc: jkt,
		Options: sip2.Options{ErrorDetection: true, Resends: 2}}
	siti := kiosk.Credentials{Card: "M0001", PIN: "Rahasia-9"}

	if _, err := c.Authenticate(ctx, kiosk.Credentials{Card: "M0001", PIN: "rahasia-9"}); kiosk.ErrorKey(err) != kiosk.KeyPINWrong {
		t.Fatalf("a wrong password: %v", err)
	}
	p, err := c.Authenticate(ctx, siti)
	if err != nil || p.Name != "Siti Rahmawati" {
		t.Fatalf("authenticate %+v %v", p, err)
	}

	before := time.Now().In(jkt).Format(time.DateOnly)
	loan, err := c.Checkout(ctx, siti, "B0002")
	after := time.Now().In(jkt).Format(time.DateOnly)
	if err != nil || loan.Item.Title != "Bumi Manusia" {
		t.Fatalf("checkout %+v %v", loan, err)
	}
	lent := d.String(t, "SELECT CAST(loan_date AS CHAR) FROM loan WHERE item_code = 'B0002'")
	if lent != before && lent != after {
		t.Fatalf("loan_date %s, the test ran on %s", lent, before)
	}
	// Rule 1 (Umum borrowing fiction on paper): 5 days, moved past
	// Sundays and the Christmas holidays.
	due := wantDue(t, lent, 5, "2026-12-24", "2026-12-25")
	row := d.String(t, "SELECT CONCAT_WS(' ', member_id, CAST(due_date AS CHAR), loan_rules_id, renewed, is_lent, is_return, uid) FROM loan WHERE item_code = 'B0002'")
	if want := "M0001 " + due + " 1 0 1 0 7"; row != want {
		t.Fatalf("loan row %q, want %q", row, want)
	}
	if got := loan.Due.In(jkt).Format(time.DateOnly); got != due {
		t.Fatalf("SIP2 said due %s, SLiMS has %s", got, due)
	}

	// Umum may not renew fiction: rule 1's renewal limit is 0, which
	// the patron hears as such (since 45f41ff).
	if _, err := c.Renew(ctx, siti, "B0002"); kiosk.ErrorKey(err) != kiosk.KeyLibraryRefused || !strings.Contains(kiosk.ErrorArg(err, "message"), "cannot be renewed") {
		t.Fatalf("renewal: %v (%q)", err, kiosk.ErrorArg(err, "message"))
	}
	if row := d.String(t, "SELECT CONCAT_WS(' ', renewed, CAST(due_date AS CHAR), COALESCE(return_date, '-')) FROM loan WHERE item_code = 'B0002'"); row != "0 "+due+" -" {
		t.Fatalf("a refused renewal changed the loan: %q", row)
	}

	ret, err := c.Checkin(ctx, "B0002")
	if err != nil || ret.Item.Title != "Bumi Manusia" {
		t.Fatalf("checkin %+v %v", ret, err)
	}
	if row := d.String(t, "SELECT CONCAT_WS(' ', is_lent, is_return, CAST(return_date AS CHAR)) FROM loan WHERE item_code = 'B0002'"); row != "1 1 "+lent &&
		row != "1 1 "+time.Now().In(jkt).Format(time.DateOnly) {
		t.Fatalf("returned loan %q", row)
	}
	if n := d.Int(t, "SELECT COUNT(*) FROM fines"); n != 0 {
		t.Fatalf("%d fines for a loan returned on time", n)
	}
	if in, err := c.CheckedIn(ctx, "B0002"); err != nil || !in {
		t.Fatalf("checked in: %v %v", in, err)
	}
}

// wantDue is the due date of a loan made on day (2006-01-02) for period
// days, at a library closed on Sundays and on the dates given: the
// fixture's.
func wantDue(t *testing.T, day string, period int, closed ...string) string {
	t.Helper()
	d, err := time.Parse(time.DateOnly, day)
	if err != nil {
		t.Fatal(err)
	}
	d = d.AddDate(0, 0, period)
	for d.Weekday() == time.Sunday || slices.Contains(closed, d.Format(time.DateOnly)) {
		d = d.AddDate(0, 0, 1)
	}
	return d.Format(time.DateOnly)
}

// TestSIP2ServeSLiMSAway: a SLiMS database away when sip2 serve starts
// does not stop it; once the database answers, what Open could not do
// is done (here: the kiosk PIN table made, for -login pin).
func TestSIP2ServeSLiMSAway(t *testing.T) {
	d := slimstest.Shared(t).NewDatabase(t, slimstest.Options{CreateGrant: true})
	cfg, err := mysql.ParseDSN(d.DSN)
	if err != nil {
		t.Fatal(err)
	}
	p := startGate(t, cfg.Addr)
	_, port, _ := net.SplitHostPort(p.ln.Addr().String())
	args := slimsArgs(t, d, "slims-")
	args[slices.Index(args, "-slims-port")+1] = port
	addr := net.JoinHostPort("127.0.0.1", freePortString(t))
	ctx, cancel := context.WithCancel(context.Background())
	var sout syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"sip2", "serve", "-listen", addr, "-library", "slims", "-uid", "7", "-login", "pin"}, args...), &sout)
	}()
	defer func() { cancel(); <-done }()
	logOnFailure(t, "sip2 serve", &sout)
	waitFor(t, 10*time.Second, "sip2 serve to serve with SLiMS away", func() bool { return strings.Contains(sout.String(), "serving") })
	// Its name unread, the library is announced as "Perpustakaan".
	if !strings.Contains(sout.String(), `the library's name not read`) || !strings.Contains(sout.String(), `announcing "Perpustakaan"; give -name`) {
		t.Errorf("serve said:\n%s", sout.String())
	}
	if n := d.Int(t, "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'anjungan_pin'"); n != 0 {
		t.Fatal("the PIN table made through a closed gate")
	}
	p.open.Store(true)
	waitFor(t, 10*time.Second, "the kiosk PIN table once SLiMS answers", func() bool {
		return d.Int(t, "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'anjungan_pin'") == 1
	})
}

// gate forwards TCP connections to a server while open; while closed it
// hangs up on each at once, as a server that is away.
type gate struct {
	ln     net.Listener
	target string
	open   atomic.Bool
}

func startGate(t *testing.T, target string) *gate {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	g := &gate{ln: ln, target: target}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			if !g.open.Load() {
				c.Close()
				continue
			}
			go g.forward(c)
		}
	}()
	t.Cleanup(func() { ln.Close() })
	return g
}

func (g *gate) forward(c net.Conn) {
	defer c.Close()
	s, err := net.Dial("tcp", g.target)
	if err != nil {
		return
	}
	defer s.Close()
	go func() { io.Copy(s, c); s.Close() }()
	io.Copy(c, s)
}

// userWith makes a login of its own on d's database (over TCP from
// 127.0.0.1, as the kiosk's) holding only the grants given, each a
// statement in which {db} is the database and {user} the new user; it
// is dropped when the test ends. It returns the connection flags.
func userWith(t *testing.T, d *slimstest.Database, name string, grants ...string) []string {
	t.Helper()
	args := slimsArgs(t, d, "")
	user, password := d.Name+"_"+name, "pw-"+name
	args[slices.Index(args, "-user")+1], args[slices.Index(args, "-password")+1] = user, password
	grantee := fmt.Sprintf("'%s'@'127.0.0.1'", user)
	d.Exec(t, fmt.Sprintf("CREATE USER %s IDENTIFIED BY '%s'", grantee, password))
	t.Cleanup(func() { d.Root.Exec("DROP USER IF EXISTS " + grantee) })
	for _, g := range grants {
		d.Exec(t, strings.NewReplacer("{db}", d.Name, "{user}", grantee).Replace(g))
	}
	return args
}

// TestSLiMSTestGrants: a user that may only read fails the test, naming
// what it lacks; one that may do anything passes, with a note.
func TestSLiMSTestGrants(t *testing.T) {
	ctx := context.Background()
	d := slimstest.Shared(t).NewDatabase(t, slimstest.Options{})
	var out bytes.Buffer
	err := run(ctx, append([]string{"slims", "test"}, userWith(t, d, "ro", "GRANT SELECT ON {db}.* TO {user}")...), &out)
	if err == nil || exitCode(err) != 1 || !strings.Contains(out.String(), "FAIL  grants") || !strings.Contains(out.String(), "loan: no INSERT, UPDATE") ||
		strings.Contains(out.String(), "all checks passed") {
		t.Fatalf("SELECT only: %v\n%s", err, out.String())
	}
	out.Reset()
	if err := run(ctx, append([]string{"slims", "test"}, userWith(t, d, "all", "GRANT ALL PRIVILEGES ON {db}.* TO {user}")...), &out); err != nil {
		t.Fatalf("ALL PRIVILEGES: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "note  grants") || !strings.Contains(out.String(), "more than the kiosk needs") ||
		!strings.HasSuffix(out.String(), "all checks passed\n") {
		t.Fatalf("ALL PRIVILEGES:\n%s", out.String())
	}
}

// TestSLiMSTestLogin: -login says how patrons log in, and the member's
// lines fit it.
func TestSLiMSTestLogin(t *testing.T) {
	ctx := context.Background()
	d := slimstest.Shared(t).NewDatabase(t, slimstest.Options{})
	d.Exec(t, "UPDATE member SET expire_date = '2099-12-31' WHERE member_id IN ('M0001', 'M0006')")
	conn := slimsArgs(t, d, "")
	test := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := run(ctx, append(append([]string{"slims", "test"}, args...), conn...), &out)
		return out.String(), err
	}
	// M0006 has no SLiMS password: with the default login, a warning.
	out, err := test("-card", "M0006")
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	for _, want := range []string{"WARN  member    no SLiMS password", "cannot log in at the kiosk until staff set a SLiMS password",
		"\n1 warning: the kiosk works, but read it\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("-login password: output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "kiosk PIN") {
		t.Errorf("-login password: PIN lines:\n%s", out)
	}
	// With PINs: no PIN table yet, and no right to make it.
	out, err = test("-card", "M0001", "-login", "pin")
	if exitCode(err) != 1 {
		t.Fatalf("-login pin without CREATE: %v\n%s", err, out)
	}
	for _, want := range []string{"no kiosk PINs yet", "FAIL  grants", "CREATE"} {
		if !strings.Contains(out, want) {
			t.Errorf("-login pin: output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "SLiMS password") {
		t.Errorf("-login pin: password lines:\n%s", out)
	}
	// The card alone: neither matters.
	out, err = test("-card", "M0006", "-login", "card")
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if strings.Contains(out, "SLiMS password") || strings.Contains(out, "kiosk PIN") || !strings.Contains(out, "the card alone") ||
		!strings.HasSuffix(out, "all checks passed\n") {
		t.Errorf("-login card:\n%s", out)
	}
	if _, err := test("-login", "face"); err == nil || !strings.Contains(err.Error(), "-login") {
		t.Errorf("-login face: %v", err)
	}
}

// TestSIP2ServeSLiMSName: sip2 serve -library slims announces SLiMS's
// own library name (AM) unless -name says another; without one,
// "Perpustakaan".
func TestSIP2ServeSLiMSName(t *testing.T) {
	d := slimstest.Shared(t).NewDatabase(t, slimstest.Options{})
	serve := func(args ...string) string {
		t.Helper()
		addr := net.JoinHostPort("127.0.0.1", freePortString(t))
		ctx, cancel := context.WithCancel(context.Background())
		var sout syncBuffer
		done := make(chan error, 1)
		all := append(append([]string{"sip2", "serve", "-listen", addr, "-library", "slims", "-uid", "7"}, args...), slimsArgs(t, d, "slims-")...)
		go func() { done <- run(ctx, all, &sout) }()
		defer func() { cancel(); <-done }()
		logOnFailure(t, "sip2 serve", &sout)
		waitFor(t, 10*time.Second, "sip2 serve to say it is serving", func() bool { return strings.Contains(sout.String(), "serving") })
		c := &sip2.Client{Addr: addr, Options: sip2.Options{ErrorDetection: true, Resends: 2}}
		st, _, err := c.Status(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return st.Library
	}
	if got := serve(); got != "Perpustakaan Kota Senayan" {
		t.Errorf("AM %q, want SLiMS's library_name", got)
	}
	if got := serve("-name", "Perpustakaan Uji"); got != "Perpustakaan Uji" {
		t.Errorf("AM %q, want -name's", got)
	}
	d.Exec(t, "DELETE FROM setting WHERE setting_name = 'library_name'")
	if got := serve(); got != "Perpustakaan" {
		t.Errorf("AM %q without library_name, want Perpustakaan", got)
	}
}
