package sip2_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/anjungan/anjungan/kiosk/sip2"
	"github.com/anjungan/anjungan/kiosk/sqlite"
)

// served is the embedded demo library served over SIP2 on a loopback
// port, as `kioskctl sip2 serve` serves it.
type served struct {
	addr string
	db   *sqlite.DB
	srv  *sip2.Server
	logs *logBuffer
}

// logBuffer collects the server's log lines.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}
func (l *logBuffer) String() string { l.mu.Lock(); defer l.mu.Unlock(); return l.b.String() }

// Count counts log lines holding s.
func (l *logBuffer) Count(s string) int { return strings.Count(l.String(), s) }

// serveDemo seeds the demo library in a temp file and serves it with the
// SC login "sc"/"rahasia"; configure sets more of the server first.
func serveDemo(t testing.TB, configure func(*sip2.Server)) *served {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return serveDemoOn(t, ln, configure)
}

// serveDemoOn is serveDemo on a listener of the test's.
func serveDemoOn(t testing.TB, ln net.Listener, configure func(*sip2.Server)) *served {
	t.Helper()
	db := sqlite.NewDB(filepath.Join(t.TempDir(), "library.db"))
	db.PINCost = bcrypt.MinCost
	if err := db.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := db.SeedDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	logs := &logBuffer{}
	srv := &sip2.Server{Circ: db, Institution: "anjungan", Library: "Perpustakaan Uji", Users: map[string]string{"sc": "rahasia"},
		Loc: time.UTC, Logger: slog.New(slog.NewTextHandler(logs, nil))}
	if configure != nil {
		configure(srv)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
		db.Close()
	})
	return &served{addr: ln.Addr().String(), db: db, srv: srv, logs: logs}
}

// client is the kiosk's own SIP2 client, logged in as the SC.
func (s *served) client() *sip2.Client {
	return &sip2.Client{Addr: s.addr, User: "sc", Password: "rahasia", Institution: "anjungan", Loc: time.UTC,
		Options: sip2.Options{ErrorDetection: true, Resends: 2, Timeout: 10 * time.Second}}
}

// raw is a connection that writes frames as given and reads answers.
type raw struct {
	t  testing.TB
	nc net.Conn
	br *bufio.Reader
}

// dial opens a raw connection; login "" leaves it logged out, else it
// logs in with checksums.
func (s *served) dial(t testing.TB, login bool) *raw {
	t.Helper()
	nc, err := net.Dial("tcp", s.addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { nc.Close() })
	r := &raw{t: t, nc: nc, br: newReader(nc)}
	if login {
		if got := r.ask(withSum("9300CNsc|COrahasia|", 0)); !strings.HasPrefix(got, "941") {
			t.Fatalf("login: %q", got)
		}
	}
	return r
}

// answerWait bounds how long a test waits for an answer: far longer than
// any answer takes, far shorter than the server's own timeouts in the
// tests that wait for silence.
const answerWait = 10 * time.Second

// ask writes frame (ended by CR unless it ends in a line end already)
// and returns the answer without its line end; it fails the test on
// silence or a closed connection.
func (r *raw) ask(frame string) string {
	r.t.Helper()
	got, err := r.try(frame)
	if err != nil {
		r.t.Fatalf("%q: %v", frame, err)
	}
	return got
}

// try is ask returning the read error (io.EOF: the server closed).
func (r *raw) try(frame string) (string, error) {
	if !strings.HasSuffix(frame, "\r") && !strings.HasSuffix(frame, "\n") {
		frame += "\r"
	}
	r.nc.SetDeadline(time.Now().Add(answerWait))
	if _, err := io.WriteString(r.nc, frame); err != nil {
		return "", err
	}
	return r.read()
}

// read returns the next answer: up to CR, without a line end.
func (r *raw) read() (string, error) {
	r.nc.SetReadDeadline(time.Now().Add(answerWait))
	line, err := r.br.ReadString('\r')
	line = strings.TrimLeft(line, "\n") // the LF of the answer before's CRLF
	if err != nil {
		return line, err
	}
	return strings.TrimSuffix(line, "\r"), nil
}

// closed reports whether the server closed the connection (EOF or a
// reset) rather than leaving it silent past answerWait.
func (r *raw) closed() bool {
	r.t.Helper()
	r.nc.SetReadDeadline(time.Now().Add(answerWait))
	_, err := r.br.ReadByte()
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return false
	}
	return err != nil
}

func newReader(nc net.Conn) *bufio.Reader { return bufio.NewReader(nc) }

// withSum ends frame with AY seq and its checksum.
func withSum(frame string, seq int) string {
	b := []byte(frame + "AY" + string(rune('0'+seq)) + "AZ")
	return string(b) + sip2.Checksum(b)
}

// parse reads an answer, checking its checksum when it has one.
func parse(t testing.TB, answer string) sip2.Message {
	t.Helper()
	m, err := sip2.Parse([]byte(answer))
	if err != nil {
		t.Fatalf("answer %q: %v", answer, err)
	}
	return m
}

// sipNow is a transaction date for requests.
func sipNow() string { return sip2.FormatDate(time.Now(), time.UTC, false) }
