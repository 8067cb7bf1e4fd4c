package receipt

import (
	"testing"
	"unicode/utf8"
)

var printableTests = []struct{ in, want string }{
	{"10:00–12:00", "10:00-12:00"},
	{"Rp 5.000", "Rp 5.000"},
	{"Rp\u00a05.000", "Rp 5.000"},
	{"José Müller", "José Müller"}, // PC850 has both
	{"Jose\u0301", "José"},         // decomposed: composed first
	{"Dvořák, Łukasz, Nguyễn", "Dvorák, Lukasz, Nguyen"},
	{"‘a’ “b” … • — ‐", `'a' "b" ... * - -`},
	{"5€ Œuvre", "5EUR OEuvre"},
	{"Ñoño 日本 😀", "Ñoño ?? ?"},
	{"\x1b@\x1dV\x00\x7f\u0085", "?@?V???"},
	{"a\tb\u200bc\u00add", "a bcd"},
}

func TestPrintable(t *testing.T) {
	for _, tt := range printableTests {
		if got := printable(tt.in); got != tt.want {
			t.Errorf("printable(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := encode(printable("José Müller · ½ ß")); string(got) != "Jos\x82 M\x81ller \xfa \xab \xe1" {
		t.Errorf("encoded % x", got)
	}
}

// FuzzPrintable: whatever the text, what reaches the paper is in PC850
// and holds no control byte that could be taken as a printer command.
func FuzzPrintable(f *testing.F) {
	for _, tt := range printableTests {
		f.Add(tt.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p := printable(s)
		if !utf8.ValidString(p) {
			t.Fatalf("printable(%q) = %q, not UTF-8", s, p)
		}
		for _, r := range p {
			if _, ok := codePage.EncodeRune(r); !ok {
				t.Fatalf("printable(%q) keeps %q, not in PC850", s, r)
			}
		}
		for _, c := range encode(p) {
			if c < 0x20 || c == 0x7f {
				t.Fatalf("printable(%q) encodes to control byte %#x", s, c)
			}
		}
	})
}
