package sip2_test

import (
	"context"
	"strings"
	"testing"

	"github.com/anjungan/anjungan/kiosk/sip2"
	"github.com/anjungan/anjungan/kiosk/sqlite"
)

// TestServerAlwaysAnswers: every frame gets an answer at once — the
// documented one for each request the server does not carry out, a 96
// for what it cannot read — and an answer has AY/AZ exactly when its
// request ended in a checksum.
func TestServerAlwaysAnswers(t *testing.T) {
	s := serveDemo(t, func(srv *sip2.Server) { srv.Users["HAZEL"] = "AZ|pw" })
	card, item := sqlite.DemoCard(1), sqlite.DemoItem(1)
	now := sipNow()
	for _, tt := range []struct {
		name, frame string
		login       bool
		want        string // the answer starts so
		sum         bool   // it carries AY/AZ
		fields      []string
	}{
		{name: "block patron (01)", frame: "01N" + now + "AOanjungan|ALcard retained|AA" + card + "|AC|", login: true, want: "24", fields: []string{"AO", "AA", "AE", "BL", "AF"}},
		{name: "hold (15)", frame: "15+" + now + "AOanjungan|AA" + card + "|AB" + item + "|AC|", login: true, want: "160N", fields: []string{"AO", "AA", "AF"}},
		{name: "item status update (19)", frame: "19" + now + "AOanjungan|AB" + item + "|AC|CHx|", login: true, want: "200", fields: []string{"AB", "AF"}},
		{name: "patron enable (25)", frame: "25" + now + "AOanjungan|AA" + card + "|AC|AD1234|", login: true, want: "26", fields: []string{"AO", "AA", "AE", "BL", "CQ", "AF"}},
		{name: "fee paid (37)", frame: "37" + now + "0100IDR" + "BV1000|AOanjungan|AA" + card + "|AC|BKtx1|", login: true, want: "38N", fields: []string{"AO", "AA", "AF"}},
		{name: "fee paid (37) with checksum", frame: withSum("37"+now+"0100IDR"+"BV1000|AOanjungan|AA"+card+"|", 5), login: true, want: "38N", sum: true},
		{name: "unknown code", frame: "XX0123", login: true, want: "96"},
		{name: "unknown code with checksum", frame: withSum("XX0123", 1), login: true, want: "96", sum: true},
		{name: "unknown numeric code", frame: "5500", login: true, want: "96"},
		{name: "one character", frame: "9", login: true, want: "96"},
		{name: "short fixed part", frame: "6300120", login: true, want: "96"},
		{name: "field without an id", frame: "9900402.00" + "x|AOa|", login: true, want: "96"},
		{name: "bad checksum", frame: "9900402.00AY1AZ0000", login: true, want: "96", sum: true},
		{name: "97 first", frame: "97", want: "96"},
		{name: "97 first, checksum", frame: withSum("97", 0)[:2] + "AZFEF5", want: "96", sum: true},
		{name: "LF-only frame", frame: "9900402.00\n", login: true, want: "98"},
		{name: "CRLF frame", frame: "9900402.00\r\n", login: true, want: "98"},
		{name: "login without checksums, user with AZ", frame: "9300CNHAZEL|COAZ/pw|", want: "940"},
		{name: "login HAZEL, wrong", frame: "9300CNHAZEL|COpw|", want: "940"},
		{name: "login without checksums", frame: "9300CNsc|COrahasia|", want: "941"},
		{name: "login with checksums", frame: withSum("9300CNsc|COrahasia|", 7), want: "941", sum: true},
		{name: "SC status before login", frame: "9900402.00", want: "98"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := s.dial(t, tt.login)
			got := r.ask(tt.frame)
			if !strings.HasPrefix(got, tt.want) {
				t.Fatalf("answer %q, want %s…", got, tt.want)
			}
			if hasSum := strings.Contains(got, "AZ"); hasSum != tt.sum {
				t.Fatalf("answer %q: AY/AZ %v, want %v", got, hasSum, tt.sum)
			}
			m := parse(t, got)
			for _, id := range tt.fields {
				if _, ok := m.Get(id); !ok {
					t.Errorf("field %s missing: %q", id, got)
				}
			}
			if tt.sum && strings.Contains(tt.frame, "AY") && m.Code != "96" && m.Seq != int(tt.frame[strings.LastIndex(tt.frame, "AY")+2]-'0') {
				t.Errorf("sequence %d answering %q", m.Seq, tt.frame)
			}
			// The connection goes on after any of these.
			if strings.HasPrefix(tt.want, "940") {
				return
			}
			if got := r.ask("9900402.00"); !strings.HasPrefix(got, "98") {
				t.Fatalf("after: %q", got)
			}
		})
	}
}

// TestServerValuesNeverCorruptAnswers: a "|" or a line end in a title
// or a name, and "AZ" anywhere, leave the answer whole.
func TestServerValuesNeverCorruptAnswers(t *testing.T) {
	s := serveDemo(t, func(srv *sip2.Server) { srv.Users["HAZEL"] = "pw" })
	ctx := context.Background()
	if err := s.db.AddItems(ctx, sqlite.ItemRecord{Barcode: "3AZ1234", TitleRecord: sqlite.TitleRecord{Title: "Jazz | Blues\r\nAZ0000"}, ItemType: "buku", Loanable: true}); err != nil {
		t.Fatal(err)
	}
	r := s.dial(t, false)
	if got := r.ask("9300CNHAZEL|COpw|"); got != "941" {
		t.Fatalf("login: %q", got)
	}
	for _, frame := range []string{itemInfo("3AZ1234"), withSum(itemInfo("3AZ1234"), 4)} {
		got := r.ask(frame)
		m := parse(t, got)
		if m.Code != "18" || m.Value("AB") != "3AZ1234" || !strings.HasPrefix(m.Value("AJ"), "Jazz ") || !strings.Contains(m.Value("AJ"), "Blues") {
			t.Fatalf("answer %q", got)
		}
	}
	// The title goes through a checkout and a return too.
	for _, frame := range []string{
		"11NN" + sipNow() + sip2.BlankDate + "AOanjungan|AA" + sqlite.DemoCard(1) + "|AB3AZ1234|AC|AD1234|",
		withSum("09N"+sipNow()+sipNow()+"AP|AOanjungan|AB3AZ1234|AC|", 2),
	} {
		m := parse(t, r.ask(frame))
		if m.Fixed[0] != '1' || !strings.Contains(m.Value("AJ"), "Blues") {
			t.Fatalf("answer %v", m)
		}
	}
}

// TestServerLanguage: the request's language field picks the language
// of screen messages on the connection; a code with no translation gets
// the server's.
func TestServerLanguage(t *testing.T) {
	s := serveDemo(t, func(srv *sip2.Server) {})
	for _, tt := range []struct{ code, want string }{
		{"001", "Wrong PIN."},
		{"024", "Wrong PIN."}, // United Kingdom
		{"000", "PIN salah."}, // unknown: the server's (Indonesian)
		{"023", "PIN salah."}, // Malay: the nearest there is
		{"002", "PIN salah."}, // French: none here
	} {
		r := s.dial(t, true)
		m := parse(t, r.ask(patronInfo(tt.code, sqlite.DemoCard(1), "0000", -1, 0, 0)))
		if af := m.Value("AF"); af != tt.want {
			t.Errorf("language %s: AF %q, want %q", tt.code, af, tt.want)
		}
		// The connection keeps the language for requests without one.
		m = parse(t, r.ask("11NN"+sipNow()+sip2.BlankDate+"AOanjungan|AA"+sqlite.DemoCard(1)+"|AB"+sqlite.DemoItem(1)+"|AC|AD0000|"))
		if af := m.Value("AF"); af != tt.want {
			t.Errorf("language %s then a checkout: AF %q, want %q", tt.code, af, tt.want)
		}
	}
}
