package visitorpass

import (
	"strings"
	"testing"
	"time"

	"github.com/anjungan/anjungan/kiosk"
)

var (
	signer = Signer{Site: "jakpus", Secret: []byte("0123456789abcdef0123")}
	until  = time.Date(2026, 12, 6, 17, 0, 0, 0, time.UTC) // midnight in Jakarta
	event  = "Bedah Buku: Laskar Pelangi (Andrea Hirata)"
)

func sign(t *testing.T, s Signer, p Pass) string {
	t.Helper()
	payload, err := s.Sign(p)
	if err != nil {
		t.Fatal(err)
	}
	return payload
}

func TestVerify(t *testing.T) {
	good := sign(t, signer, Pass{Site: "jakpus", Event: event, Number: 17, Until: until})
	other := sign(t, Signer{Site: "bandung", Secret: signer.Secret}, Pass{Site: "bandung", Event: event, Number: 17, Until: until})
	forged := sign(t, Signer{Site: "jakpus", Secret: []byte("another secret of twenty")}, Pass{Site: "jakpus", Event: event, Number: 17, Until: until})
	// The number changed after signing.
	altered := strings.Replace(good, ".17.", ".18.", 1)
	before := until.Add(-time.Second)
	for _, tc := range []struct {
		name    string
		s       Signer
		payload string
		now     time.Time
		key     string
	}{
		{"valid", signer, good, before, ""},
		{"valid days before", signer, good, until.AddDate(0, 0, -30), ""},
		{"expired at midnight", signer, good, until, KeyExpired},
		{"expired", signer, good, until.Add(time.Hour), KeyExpired},
		{"another site", signer, other, before, KeyOtherSite},
		{"forged", signer, forged, before, KeyInvalid},
		{"altered", signer, altered, before, KeyInvalid},
		{"no secret at the kiosk", Signer{Site: "jakpus"}, good, before, KeyInvalid},
		{"malformed", signer, "ANJV1.jakpus.x", before, KeyInvalid},
		{"a booking QR", signer, "ANJB1.jakpus.1.1795000000.AAAAAAAAAAAAAAAAAAAAAA", before, KeyInvalid},
		{"lower-cased", signer, strings.ToLower(good), before, KeyInvalid},
		{"padded", signer, good + "==", before, KeyInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := tc.s.Verify(tc.payload, tc.now)
			if got := kiosk.ErrorKey(err); got != tc.key {
				t.Fatalf("key %q (%v), want %q", got, err, tc.key)
			}
			if tc.key == "" && (p.Event != event || p.Number != 17 || p.Site != "jakpus" || !p.Until.Equal(until) || p.ID() != event+"#17") {
				t.Fatalf("pass %+v", p)
			}
		})
	}
}

func TestSignRefuses(t *testing.T) {
	ok := Pass{Site: "jakpus", Event: "Pameran", Number: 1, Until: until}
	for _, tc := range []struct {
		name string
		s    Signer
		edit func(p *Pass)
	}{
		{"short secret", Signer{Site: "jakpus", Secret: []byte("fifteen bytes!!")}, func(*Pass) {}},
		{"bad site", signer, func(p *Pass) { p.Site = "Jakarta Pusat" }},
		{"no event", signer, func(p *Pass) { p.Event = "" }},
		{"only punctuation", signer, func(p *Pass) { p.Event = "--- ..." }},
		{"event too long", signer, func(p *Pass) { p.Event = strings.Repeat("a", MaxEvent+1) }},
		{"event with a newline", signer, func(p *Pass) { p.Event = "Pameran\nBuku" }},
		{"event with spaces around", signer, func(p *Pass) { p.Event = " Pameran" }},
		{"number 0", signer, func(p *Pass) { p.Number = 0 }},
		{"number too high", signer, func(p *Pass) { p.Number = MaxNumber + 1 }},
		{"no end", signer, func(p *Pass) { p.Until = time.Time{} }},
	} {
		p := ok
		tc.edit(&p)
		if _, err := tc.s.Sign(p); err == nil {
			t.Errorf("%s: signed", tc.name)
		}
	}
	// The longest event, in three-byte letters, still parses back.
	p := ok
	p.Event, p.Number = strings.Repeat("ꦱ", MaxEvent/3), MaxNumber
	got, err := signer.Verify(sign(t, signer, p), until.Add(-time.Hour))
	if err != nil || got.Event != p.Event {
		t.Fatalf("longest pass: %+v %v", got, err)
	}
}

func TestIsPass(t *testing.T) {
	for code, want := range map[string]bool{"ANJV1.a.b": true, "ANJB1.a": false, "20001000000012": false, "anjv1.": false} {
		if IsPass(code) != want {
			t.Errorf("IsPass(%q) = %v", code, !want)
		}
	}
}

// TestParseOneSpelling: a pass has one spelling; another spelling of
// the same fields does not parse.
func TestParseOneSpelling(t *testing.T) {
	good := sign(t, signer, Pass{Site: "jakpus", Event: event, Number: 17, Until: until})
	if _, _, _, err := Parse(good); err != nil {
		t.Fatal(err)
	}
	// field i of the payload (0 the prefix's "ANJV1", 2 the event, 5
	// the MAC) changed by fn.
	edit := func(i int, fn func(string) string) string {
		f := strings.Split(good, ".")
		f[i] = fn(f[i])
		return strings.Join(f, ".")
	}
	for name, bad := range map[string]string{
		"leading zero":        edit(3, func(s string) string { return "0" + s }),
		"plus sign":           edit(3, func(s string) string { return "+" + s }),
		"expiry leading zero": edit(4, func(s string) string { return "0" + s }),
		"padded event":        edit(2, func(s string) string { return s + "=" }),
		"standard base64":     edit(2, func(s string) string { return strings.NewReplacer("-", "+", "_", "/").Replace(s) + "+" }),
		"newline in the MAC":  edit(5, func(s string) string { return s[:4] + "\n" + s[4:] }),
		"a field more":        edit(3, func(s string) string { return s + ".1" }),
		"upper-case prefix":   strings.Replace(good, "jakpus", "JAKPUS", 1),
	} {
		if bad == good {
			t.Fatalf("%s: the test did not change the pass", name)
		}
		if _, _, _, err := Parse(bad); err == nil {
			t.Errorf("%s: %q parses", name, bad)
		}
	}
}

func FuzzParse(f *testing.F) {
	good, _ := signer.Sign(Pass{Site: "jakpus", Event: event, Number: 17, Until: until})
	for _, seed := range []string{good, strings.Replace(good, ".17.", ".017.", 1), "ANJV1.", "ANJV1.a.QQ.1.1.AAAAAAAAAAAAAAAAAAAAAA", "ANJV1.a..1.1.x", "ANJV1.a.QQ.01.1.AAAAAAAAAAAAAAAAAAAAAA",
		good + "=", strings.ToLower(good), "20001000000012"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		p, body, _, err := Parse(in)
		if err != nil {
			return
		}
		// One spelling: what parses is what Sign writes for that pass.
		re, err := signer.Sign(Pass{Site: "jakpus", Event: p.Event, Number: p.Number, Until: p.Until})
		if err != nil {
			t.Fatalf("parsed %+v from %q, which Sign refuses: %v", p, in, err)
		}
		if p.Site == "jakpus" && re[:strings.LastIndexByte(re, '.')] != body {
			t.Fatalf("%q parses to %+v but Sign writes %q", in, p, re)
		}
		if _, err := signer.Verify(in, time.Unix(0, 0)); err == nil && in != re {
			t.Fatalf("%q verifies but Sign makes %q", in, re)
		}
	})
}
