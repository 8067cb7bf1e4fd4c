package sip2_test

import (
	"bytes"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/anjungan/anjungan/kiosk/sip2"
	"github.com/anjungan/anjungan/kiosk/sqlite"
)

// FuzzServerRequests feeds arbitrary bytes to the served library as a
// SC's requests: every line gets an answer, or the connection is closed
// cleanly; the server never panics and never goes silent.
func FuzzServerRequests(f *testing.F) {
	card, item := sqlite.DemoCard(2), sqlite.DemoItem(4)
	for _, seed := range []string{
		"9900402.00",
		withSum("9900402.00", 3),
		"9300CNsc|COrahasia|\r" + patronInfo("001", card, "2345", sip2.SummaryCharged, 1, 5),
		patronInfo("000", card, "0000", 5, 0, 0),
		"11YN" + sipNow() + sip2.BlankDate + "AOanjungan|AA" + card + "|AB" + item + "|AC|AD2345|",
		"29NN" + sipNow() + sip2.BlankDate + "AOanjungan|AA" + card + "|AB" + item + "|",
		"09N" + sipNow() + sipNow() + "AP|AOanjungan|AB" + item + "|",
		"65" + sipNow() + "AA" + card + "|AD2345|\n17" + sipNow() + "AB" + item + "|",
		"01N" + sipNow() + "AA" + card + "|\n15+" + sipNow() + "\n19" + sipNow() + "\n25" + sipNow() + "\n37" + sipNow() + "0100IDR",
		"35" + sipNow() + "AA" + card + "|AD2345|",
		"97", "96", "XX", "9", "6300120", "\x16\x03\x01\x02\x00\x01\x00", "\r\n\r\n", "9900402.00AY1AZ0000",
		"63001" + sipNow() + "YYYYYYYYYY" + "AA" + card + "|BP-3|BQ99999999999999999999|",
		"23\xff\xfe" + sipNow() + "AA\x00|", strings.Repeat("|", 100),
	} {
		f.Add([]byte(seed))
	}
	s := serveDemo(f, func(srv *sip2.Server) { srv.Users = nil })
	f.Fuzz(func(t *testing.T, in []byte) {
		nc, err := net.Dial("tcp", s.addr)
		if err != nil {
			t.Fatal(err)
		}
		defer nc.Close()
		r := &raw{t: t, nc: nc, br: newReader(nc)}
		lines := 0
		for _, l := range bytes.FieldsFunc(in, func(r rune) bool { return r == '\r' || r == '\n' }) {
			lines++
			if len(l) > 16<<10 {
				break
			}
		}
		go func() {
			nc.SetWriteDeadline(time.Now().Add(answerWait))
			nc.Write(append(in, '\r'))
		}()
		for i := 0; i < lines; i++ {
			_, err := r.read()
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				t.Fatalf("no answer to line %d of %q", i+1, in)
			}
			if err != nil {
				break // closed: a TLS probe, an over-long line, a fault
			}
		}
		if strings.Contains(s.logs.String(), "panicked") {
			t.Fatalf("the server panicked on %q:\n%s", in, s.logs)
		}
	})
}
