package scanner

import (
	"errors"
	"strings"

	"github.com/anjungan/anjungan/kiosk"
)

// ErrCheckDigit is returned for a code whose Mod-10 check digit is wrong.
var ErrCheckDigit = errors.New("Mod-10 check digit does not match")

// ErrEmpty is returned for a line with nothing left after decoding.
var ErrEmpty = errors.New("empty code")

// DecodeOptions say how to clean a line.
type DecodeOptions struct {
	// Mod10 rejects all-digit codes whose last digit is not the Luhn check
	// digit of the rest.
	Mod10 bool
	// KeepCodabarStartStop leaves Codabar's A/B/C/D start and stop
	// characters on the code.
	KeepCodabarStartStop bool
}

// aimSymbologies maps the AIM identifier's code character to a symbology.
var aimSymbologies = map[byte]kiosk.Symbology{
	'A': kiosk.SymCode39,
	'C': kiosk.SymCode128,
	'E': kiosk.SymEAN,
	'F': kiosk.SymCodabar,
	'G': kiosk.SymCode93,
	'I': kiosk.SymITF,
	'L': kiosk.SymPDF417,
	'Q': kiosk.SymQR,
	'd': kiosk.SymDataMatrix,
}

// Decode turns a framed line into a code and its symbology.
func Decode(line string, opt DecodeOptions) (string, kiosk.Symbology, error) {
	code := strings.TrimSpace(line)
	sym := kiosk.SymUnknown
	// An AIM symbology identifier is ']', a code character and a modifier.
	if len(code) >= 3 && code[0] == ']' && isAlnum(code[1]) && isAlnum(code[2]) {
		sym = aimSymbologies[code[1]]
		code = code[3:]
	}
	if !opt.KeepCodabarStartStop && (sym == kiosk.SymCodabar || sym == kiosk.SymUnknown) {
		if c, ok := stripCodabar(code); ok {
			code, sym = c, kiosk.SymCodabar
		}
	}
	if code == "" {
		return "", sym, ErrEmpty
	}
	if opt.Mod10 && allDigits(code) && !kiosk.Mod10Valid(code) {
		return "", sym, ErrCheckDigit
	}
	return code, sym, nil
}

// stripCodabar removes Codabar start and stop characters (A–D, or T, N, *
// and E in the alternative set) from a code of Codabar's data characters.
func stripCodabar(code string) (string, bool) {
	if len(code) < 3 {
		return code, false
	}
	first, last := upper(code[0]), upper(code[len(code)-1])
	if !isCodabarStartStop(first) || !isCodabarStartStop(last) {
		return code, false
	}
	inner := code[1 : len(code)-1]
	for i := 0; i < len(inner); i++ {
		if !strings.ContainsRune("0123456789-$:/.+", rune(inner[i])) {
			return code, false
		}
	}
	return inner, true
}

func isCodabarStartStop(c byte) bool { return strings.IndexByte("ABCDTNE*", c) >= 0 }

func upper(c byte) byte {
	if c >= 'a' && c <= 'z' {
		return c - 'a' + 'A'
	}
	return c
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
