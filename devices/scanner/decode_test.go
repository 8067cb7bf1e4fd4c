package scanner

import (
	"testing"

	"github.com/anjungan/anjungan/kiosk"
)

var decodeTests = []struct {
	line string
	opt  DecodeOptions
	code string
	sym  kiosk.Symbology
	err  error
}{
	{"30001000000010", DecodeOptions{}, "30001000000010", kiosk.SymUnknown, nil},
	{"]C030001000000010", DecodeOptions{}, "30001000000010", kiosk.SymCode128, nil},
	{"]E09789793062792", DecodeOptions{}, "9789793062792", kiosk.SymEAN, nil},
	{"]Q1ANJ1.abc.def", DecodeOptions{}, "ANJ1.abc.def", kiosk.SymQR, nil},
	{"]A0ABC-123", DecodeOptions{}, "ABC-123", kiosk.SymCode39, nil},
	{"]F0A20001000000012B", DecodeOptions{}, "20001000000012", kiosk.SymCodabar, nil},
	{"A20001000000012B", DecodeOptions{}, "20001000000012", kiosk.SymCodabar, nil},
	{"a20001000000012d", DecodeOptions{}, "20001000000012", kiosk.SymCodabar, nil},
	{"A20001000000012B", DecodeOptions{KeepCodabarStartStop: true}, "A20001000000012B", kiosk.SymUnknown, nil},
	{"ABBA", DecodeOptions{}, "ABBA", kiosk.SymUnknown, nil}, // not Codabar data
	{"  30001000000010 ", DecodeOptions{}, "30001000000010", kiosk.SymUnknown, nil},
	{"30001000000010", DecodeOptions{Mod10: true}, "30001000000010", kiosk.SymUnknown, nil},
	{"30001000000011", DecodeOptions{Mod10: true}, "", kiosk.SymUnknown, ErrCheckDigit},
	{"ISBN-X", DecodeOptions{Mod10: true}, "ISBN-X", kiosk.SymUnknown, nil}, // the check is for digits only
	{"]C0", DecodeOptions{}, "", kiosk.SymCode128, ErrEmpty},
	{"]", DecodeOptions{}, "]", kiosk.SymUnknown, nil},
}

func TestDecode(t *testing.T) {
	for _, tt := range decodeTests {
		code, sym, err := Decode(tt.line, tt.opt)
		if err != tt.err || code != tt.code || sym != tt.sym {
			t.Errorf("Decode(%q, %+v) = %q, %q, %v; want %q, %q, %v", tt.line, tt.opt, code, sym, err, tt.code, tt.sym, tt.err)
		}
	}
}

func FuzzDecode(f *testing.F) {
	for _, tt := range decodeTests {
		f.Add(tt.line, tt.opt.Mod10)
	}
	f.Fuzz(func(t *testing.T, line string, mod10 bool) {
		code, _, err := Decode(line, DecodeOptions{Mod10: mod10})
		if err != nil {
			if code != "" {
				t.Fatalf("error %v with code %q", err, code)
			}
			return
		}
		if code == "" || len(code) > len(line) {
			t.Fatalf("Decode(%q) = %q", line, code)
		}
		if mod10 && allDigits(code) && !kiosk.Mod10Valid(code) {
			t.Fatalf("Mod-10 failure passed: %q", code)
		}
	})
}
