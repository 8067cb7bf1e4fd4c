package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/anjungan/anjungan/devices/mqtt/mqtttest"
	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/offline"
	"github.com/anjungan/anjungan/kiosk/sip2"
	"github.com/anjungan/anjungan/kiosk/sip2/sip2test"
	"github.com/anjungan/anjungan/kiosk/sqlite"
)

func TestSIP2Test(t *testing.T) {
	acs := sip2test.Start(t, sip2test.Quirks{})
	acs.AddPatron(sip2test.Patron{Card: "2001", PIN: "1234", Name: "Siti"})
	var out bytes.Buffer
	err := run(context.Background(), []string{"sip2", "test", "-addr", acs.Addr(), "-user", "kiosk", "-password", "sip-secret", "-patron", "2001", "-pin", "1234"}, &out)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"logged in", "on-line true", "Perpustakaan Uji", "patron 2001: valid true, PIN ok true", "round trip"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if !strings.Contains(out.String(), "takes every message the kiosk uses") {
		t.Errorf("supported messages not reported:\n%s", out.String())
	}
	out.Reset()
	acs.SetQuirks(sip2test.Quirks{Supported: "YYYYYYYYNYYYYYYN"})
	if err := run(context.Background(), []string{"sip2", "test", "-addr", acs.Addr(), "-user", "kiosk", "-password", "sip-secret"}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "does not take: 35 End Patron Session, 65 Renew All") {
		t.Errorf("missing messages not reported:\n%s", out.String())
	}
	err = run(context.Background(), []string{"sip2", "test", "-addr", acs.Addr(), "-user", "kiosk", "-password", "wrong"}, &out)
	if err == nil || !strings.Contains(err.Error(), "login refused") {
		t.Fatalf("wrong login: %v", err)
	}
}

// TestSIP2TestDiagnoses: a failed `sip2 test` says what to look at.
func TestSIP2TestDiagnoses(t *testing.T) {
	ctx := context.Background()
	tlsACS := sip2test.Start(t, sip2test.Quirks{TLS: true})
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, tlsACS.CertPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	plain := sip2test.Start(t, sip2test.Quirks{})
	gone := sip2test.Start(t, sip2test.Quirks{})
	closed := gone.Addr()
	gone.Close()
	served := serveSIP2(t) // closes a TLS handshake at once
	var out bytes.Buffer
	login := []string{"-user", "kiosk", "-password", "sip-secret"}
	if err := run(ctx, append([]string{"sip2", "test", "-addr", tlsACS.Addr(), "-tls", "-ca", ca}, login...), &out); err != nil {
		t.Fatalf("over TLS with its CA: %v", err)
	}
	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"nothing listens", []string{"-addr", closed}, "nothing listens there"},
		{"untrusted certificate", []string{"-addr", tlsACS.Addr(), "-tls"}, "not trusted here: give its CA with -ca"},
		{"TLS to a plain server", []string{"-addr", plain.Addr(), "-tls", "-ca", ca, "-timeout", "300ms"}, "may not speak TLS there"},
		{"plain to a TLS server", []string{"-addr", tlsACS.Addr(), "-timeout", "300ms"}, "wants TLS (-tls)"},
		{"TLS to a plain sip2 serve", []string{"-addr", served, "-tls", "-ca", ca}, "may not speak TLS there"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := run(ctx, append(append([]string{"sip2", "test"}, tt.args...), login...), &out)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want a hint %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "library.offline") {
				t.Fatalf("staff get the patron's wording: %v", err)
			}
		})
	}
}

// TestSIP2Serve serves the demo library over SIP2 and works it with the
// kiosk's own client: the embedded library is shared over the network.
func TestSIP2Serve(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "library.db")
	seed := sqlite.NewDB(db)
	seed.PINCost = bcrypt.MinCost
	if err := seed.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := seed.SeedDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	seed.Close()
	port := mqtttest.FreePort(t)
	ctx, cancel := context.WithCancel(context.Background())
	var sout syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-db", db, "sip2", "serve", "-listen", fmt.Sprintf("127.0.0.1:%d", port), "-user", "sc", "-password", "rahasia-sc", "-lang", "en"}, &sout)
	}()
	defer func() { cancel(); <-done }()
	logOnFailure(t, "sip2 serve", &sout)
	waitFor(t, 10*time.Second, "sip2 serve to say it is serving", func() bool { return strings.Contains(sout.String(), "serving") })
	c := &sip2.Client{Addr: fmt.Sprintf("127.0.0.1:%d", port), User: "sc", Password: "rahasia-sc", Institution: "anjungan", Loc: time.UTC,
		Options: sip2.Options{ErrorDetection: true, Resends: 2}}
	siti := kiosk.Credentials{Card: sqlite.DemoCard(1), PIN: "1234"}
	p, err := c.Authenticate(ctx, siti)
	if err != nil || p.Name != "Siti Rahmawati" || p.BirthDate.Year() != 1996 {
		t.Fatalf("authenticate %+v %v", p, err)
	}
	if _, err := c.Authenticate(ctx, kiosk.Credentials{Card: siti.Card, PIN: "9999"}); kiosk.ErrorKey(err) != kiosk.KeyPINWrong {
		t.Fatalf("wrong PIN: %v", err)
	}
	loan, err := c.Checkout(ctx, siti, sqlite.DemoItem(1))
	if err != nil || loan.Item.Title != "Laskar Pelangi" || loan.Due.IsZero() {
		t.Fatalf("checkout %+v %v", loan, err)
	}
	if _, err := c.Checkout(ctx, siti, sqlite.DemoItem(53)); kiosk.ErrorKey(err) != kiosk.KeyLibraryRefused || kiosk.ErrorArg(err, "message") == "" {
		t.Fatalf("refused checkout: %v", err)
	}
	acc, err := c.Account(ctx, siti)
	if err != nil || len(acc.Loans) != 1 || acc.Loans[0].Item.Title != "Laskar Pelangi" {
		t.Fatalf("account %+v %v", acc, err)
	}
	if _, err := c.Checkin(ctx, sqlite.DemoItem(1)); err != nil {
		t.Fatal(err)
	}
	// The offline replay's checks see the truth: Budi's loan is out, to him.
	budi := sqlite.DemoCard(2)
	if in, err := c.CheckedIn(ctx, sqlite.DemoItem(4)); err != nil || in {
		t.Errorf("an item on loan checked in: %v %v", in, err)
	}
	if out, err := c.CheckedOutTo(ctx, budi, sqlite.DemoItem(4)); err != nil || !out {
		t.Errorf("Budi's loan not listed without his PIN: %v %v", out, err)
	}
	if in, err := c.CheckedIn(ctx, sqlite.DemoItem(1)); err != nil || !in {
		t.Errorf("a returned item not checked in: %v %v", in, err)
	}
	// BX names what the server answers, and nothing it does not.
	st, _, err := c.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range []string{"23", "11", "09", "99", "93", "63", "35", "17", "29", "65"} {
		if !st.Supports(code) {
			t.Errorf("BX %q says %s is not supported", st.Supported, code)
		}
	}
	for _, code := range []string{"01", "37", "19", "25", "15"} {
		if st.Supports(code) {
			t.Errorf("BX %q claims %s, which sip2 serve does not answer", st.Supported, code)
		}
	}
	bad := &sip2.Client{Addr: c.Addr, User: "sc", Password: "wrong", Options: sip2.Options{ErrorDetection: true}}
	if _, err := bad.Item(ctx, sqlite.DemoItem(1)); err == nil {
		t.Fatal("wrong SC password served")
	}
}

func TestOfflineCommand(t *testing.T) {
	ctx := context.Background()
	acs := sip2test.Start(t, sip2test.Quirks{})
	acs.AddPatron(sip2test.Patron{Card: "20001000000012", PIN: "1234"})
	acs.AddItem(sip2test.Item{Barcode: "3001", Title: "Buku", Patron: "other", Due: time.Now().Add(time.Hour)})
	path := filepath.Join(t.TempDir(), "offline.db")
	c := &sip2.Client{Addr: acs.Addr(), Institution: "perpus", Options: sip2.Options{ErrorDetection: true}}
	q := &offline.Queue{Online: c, Replayer: c, Path: path, Policy: offline.Policy{Checkout: true}}
	if err := q.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	acs.Down()
	if _, err := q.Checkout(ctx, kiosk.Credentials{Card: "20001000000012"}, "3001"); err != nil {
		t.Fatal(err)
	}
	acs.Up(t)
	q.Replay(ctx)
	q.Close()
	var out bytes.Buffer
	if err := run(ctx, []string{"offline", "-queue", path}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "**********0012") || !strings.Contains(out.String(), "another patron") || strings.Contains(out.String(), "20001000000012") {
		t.Fatalf("offline list:\n%s", out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"offline", "-queue", path, "resolve", "1"}, &out); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	run(ctx, []string{"offline", "-queue", path}, &out)
	if !strings.Contains(out.String(), "no refused entries") {
		t.Fatalf("after resolve:\n%s", out.String())
	}
}

// TestSIP2ServeTLS: `sip2 serve -cert -key` serves SIP2 over TLS, which
// `sip2 test -tls -ca` reaches; an empty library is warned about.
func TestSIP2ServeTLS(t *testing.T) {
	dir := t.TempDir()
	certPEM, keyPEM, err := sip2test.SelfSigned()
	if err != nil {
		t.Fatal(err)
	}
	cert, key := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(cert, certPEM, 0o600)
	os.WriteFile(key, keyPEM, 0o600)
	addr := fmt.Sprintf("127.0.0.1:%d", mqtttest.FreePort(t))
	ctx, cancel := context.WithCancel(context.Background())
	var sout syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-db", filepath.Join(dir, "empty.db"), "sip2", "serve", "-listen", addr,
			"-user", "sc", "-password", "rahasia-sc", "-cert", cert, "-key", key}, &sout)
	}()
	defer func() { cancel(); <-done }()
	logOnFailure(t, "sip2 serve", &sout)
	waitFor(t, 10*time.Second, "sip2 serve to say it is serving", func() bool { return strings.Contains(sout.String(), "serving") })
	if !strings.Contains(sout.String(), "over SIP2 over TLS") || !strings.Contains(sout.String(), "no items and no patrons") {
		t.Fatalf("serve said:\n%s", sout.String())
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"sip2", "test", "-addr", addr, "-user", "sc", "-password", "rahasia-sc", "-tls", "-ca", cert}, &out); err != nil {
		t.Fatalf("sip2 test over TLS: %v", err)
	}
	if !strings.Contains(out.String(), "on-line true") {
		t.Fatalf("sip2 test said:\n%s", out.String())
	}
	if err := run(context.Background(), []string{"-db", filepath.Join(dir, "other.db"), "sip2", "serve", "-cert", cert}, &out); err == nil {
		t.Fatal("-cert without -key accepted")
	}
	if _, err := os.Stat(filepath.Join(dir, "other.db")); err == nil {
		t.Fatal("a bad command line created a library file")
	}
}

// serveSIP2 runs `kioskctl sip2 serve` with args on a demo library until
// the test ends, and returns its address.
func serveSIP2(t *testing.T, args ...string) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "library.db")
	seed := sqlite.NewDB(db)
	seed.PINCost = bcrypt.MinCost
	if err := seed.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := seed.SeedDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	seed.Close()
	addr := fmt.Sprintf("127.0.0.1:%d", mqtttest.FreePort(t))
	ctx, cancel := context.WithCancel(context.Background())
	var sout syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"-db", db, "sip2", "serve", "-listen", addr, "-user", "sc", "-password", "rahasia-sc"}, args...), &sout)
	}()
	t.Cleanup(func() { cancel(); <-done })
	logOnFailure(t, "sip2 serve", &sout)
	waitFor(t, 10*time.Second, "sip2 serve to say it is serving", func() bool { return strings.Contains(sout.String(), "serving") })
	return addr
}

// probe is a SIP2 client that tries TLS first and falls back to plain
// SIP2 when the server closes the connection (as widely used clients
// do); it says which one answered SC Status. A timeout is an error: the
// client would have waited it out.
func probe(addr string, tc *tls.Config) (string, error) {
	status := func(nc net.Conn) error {
		nc.SetDeadline(time.Now().Add(10 * time.Second))
		if _, err := io.WriteString(nc, "9300CNsc|COrahasia-sc|\r9900402.00\r"); err != nil {
			return err
		}
		br := bufio.NewReader(nc)
		for _, want := range []string{"941", "98"} {
			line, err := br.ReadString('\r')
			if err != nil {
				return err
			}
			if !strings.HasPrefix(line, want) {
				return fmt.Errorf("answer %q, want %s", line, want)
			}
		}
		return nil
	}
	nc, err := net.Dial("tcp", addr)
	if err != nil {
		return "", err
	}
	tlsConn := tls.Client(nc, tc)
	tlsConn.SetDeadline(time.Now().Add(10 * time.Second))
	err = tlsConn.Handshake()
	if err == nil {
		defer tlsConn.Close()
		return "tls", status(tlsConn)
	}
	nc.Close()
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return "", fmt.Errorf("TLS probe waited out: %w", err)
	}
	if nc, err = net.Dial("tcp", addr); err != nil {
		return "", err
	}
	defer nc.Close()
	return "plain", status(nc)
}

// TestSIP2ServeProbingClients: a client that probes TLS first gets plain
// SIP2 at once from a plain `sip2 serve`, and TLS from one with -cert
// and -key, where a plain client is closed at once rather than left
// waiting.
func TestSIP2ServeProbingClients(t *testing.T) {
	certPEM, keyPEM, err := sip2test.SelfSigned()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cert, key := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(cert, certPEM, 0o600)
	os.WriteFile(key, keyPEM, 0o600)
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(certPEM)
	tc := &tls.Config{RootCAs: pool, ServerName: "127.0.0.1"}
	plain, secure := serveSIP2(t), serveSIP2(t, "-cert", cert, "-key", key)
	for _, tt := range []struct{ name, addr, want string }{
		{"plain server", plain, "plain"},
		{"TLS server", secure, "tls"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := probe(tt.addr, tc)
			if err != nil || got != tt.want {
				t.Fatalf("probing client: %q %v, want %s", got, err, tt.want)
			}
		})
	}
	// A plain client on the TLS port hears the connection close, at once.
	c := &sip2.Client{Addr: secure, User: "sc", Password: "rahasia-sc", Options: sip2.Options{ErrorDetection: true, Timeout: 10 * time.Second}}
	if _, _, err := c.Status(context.Background()); err == nil || errors.Is(err, sip2.ErrTimeout) || kiosk.ErrorKey(err) == kiosk.KeyLibraryTimedOut {
		t.Fatalf("plain client on the TLS port: %v", err)
	}
}

// TestSIP2ServeFlags: bad serve flags are refused before anything opens.
func TestSIP2ServeFlags(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"-lang", "fr"}, {"-max-conns", "0"}, {"-idle-timeout", "0s"}, {"-login-timeout", "-1s"}, {"-currency", "rupiah"},
	} {
		err := run(context.Background(), append([]string{"-db", filepath.Join(dir, "x.db"), "sip2", "serve", "-listen", "127.0.0.1:0"}, args...), io.Discard)
		if err == nil {
			t.Errorf("%v accepted", args)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "x.db")); err == nil {
		t.Error("a bad command line created a library file")
	}
}

// TestSIP2TestPatron: `sip2 test -patron -pin` fails, saying why, when the
// server checked the PIN and found it wrong, or does not know the card;
// a server that does not check PINs is said to, without failing.
func TestSIP2TestPatron(t *testing.T) {
	ctx := context.Background()
	acs := sip2test.Start(t, sip2test.Quirks{})
	acs.AddPatron(sip2test.Patron{Card: "2001", PIN: "1234", Name: "Siti"})
	acs.AddPatron(sip2test.Patron{Card: "2002", PIN: "1234", Name: "Budi", Invalid: true})
	login := []string{"sip2", "test", "-addr", acs.Addr(), "-user", "kiosk", "-password", "sip-secret"}
	for _, c := range []struct {
		name string
		args []string
		want string // in the error; "" for none
		out  string // in the output
	}{
		{"the right PIN", []string{"-patron", "2001", "-pin", "1234"}, "", "patron 2001: valid true, PIN ok true"},
		{"a wrong PIN", []string{"-patron", "2001", "-pin", "9999"}, "the server says the PIN is wrong for patron 2001", "PIN ok false"},
		{"no PIN given", []string{"-patron", "2001"}, "", "patron 2001: valid true"},
		{"an unknown card", []string{"-patron", "2999", "-pin", "1234"}, "the server says patron 2999 is not valid", "valid false"},
		{"an invalid card", []string{"-patron", "2002", "-pin", "1234"}, "the server says patron 2002 is not valid", "valid false"},
		{"an unknown card, no PIN", []string{"-patron", "2999"}, "the server says patron 2999 is not valid", "valid false"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var out bytes.Buffer
			err := run(ctx, append(append([]string{}, login...), c.args...), &out)
			if !strings.Contains(out.String(), c.out) {
				t.Errorf("output lacks %q:\n%s", c.out, out.String())
			}
			if c.want == "" {
				if err != nil {
					t.Fatalf("%v\n%s", err, out.String())
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.want) || exitCode(err) != 1 {
				t.Fatalf("got %v (exit %d), want an error %q\n%s", err, exitCode(err), c.want, out.String())
			}
		})
	}
	// A server that never says whether the PIN is right (no CQ): said,
	// not failed; the kiosk would not log the patron in.
	acs.SetQuirks(sip2test.Quirks{BLOnly: true})
	var out bytes.Buffer
	if err := run(ctx, append(append([]string{}, login...), "-patron", "2001", "-pin", "9999"), &out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "the server did not say whether the PIN is right") {
		t.Errorf("an unchecked PIN not said:\n%s", out.String())
	}
}
