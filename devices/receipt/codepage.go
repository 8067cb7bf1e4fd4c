package receipt

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// The printer's code page is PC850 (Multilingual Latin-1): every ESC/POS
// printer has it, as ESC t 2, and it holds every letter of the Latin-1
// languages. ESC @ puts a printer back on its own default (PC437 on most,
// a Chinese or Cyrillic one on some clones), so Encode selects PC850 after
// every reset.
var (
	codePage    = charmap.CodePage850
	cmdCodePage = []byte{0x1b, 't', 2} // ESC t 2: PC850 Multilingual
)

// fallbacks are what characters PC850 lacks print as, where there is
// something better than "?". NBSP and the soft hyphen are in PC850 but
// print as a space and nothing, as they do on screen.
var fallbacks = map[rune]string{
	'\t':     " ",
	'\u00a0': " ",   // no-break space
	'\u00ad': "",    // soft hyphen
	'\u2002': " ",   // en space
	'\u2003': " ",   // em space
	'\u2007': " ",   // figure space
	'\u2009': " ",   // thin space
	'\u200a': " ",   // hair space
	'\u202f': " ",   // narrow no-break space
	'\u200b': "",    // zero width space
	'\u200c': "",    // zero width non-joiner
	'\u200d': "",    // zero width joiner
	'\u2060': "",    // word joiner
	'\ufeff': "",    // byte order mark
	'\u2010': "-",   // hyphen
	'\u2011': "-",   // non-breaking hyphen
	'\u2012': "-",   // figure dash
	'\u2013': "-",   // en dash
	'\u2014': "-",   // em dash
	'\u2015': "-",   // horizontal bar
	'\u2212': "-",   // minus sign
	'\u2018': "'",   // left single quotation mark
	'\u2019': "'",   // right single quotation mark
	'\u201a': "'",   // single low-9 quotation mark
	'\u201b': "'",   // single high-reversed-9 quotation mark
	'\u2032': "'",   // prime
	'\u201c': `"`,   // left double quotation mark
	'\u201d': `"`,   // right double quotation mark
	'\u201e': `"`,   // double low-9 quotation mark
	'\u201f': `"`,   // double high-reversed-9 quotation mark
	'\u2033': `"`,   // double prime
	'\u2039': "<",   // single left-pointing angle quotation mark
	'\u203a': ">",   // single right-pointing angle quotation mark
	'\u2026': "...", // horizontal ellipsis
	'\u2022': "*",   // bullet
	'\u2023': "*",   // triangular bullet
	'\u2043': "*",   // hyphen bullet
	'\u2122': "TM",  // trade mark sign
	'\u20ac': "EUR",
	'\u0152': "OE",
	'\u0153': "oe",
	'\u0141': "L", // Ł and the other letters with a stroke do not
	'\u0142': "l", // decompose into a base letter and a mark
	'\u0110': "D",
	'\u0111': "d",
	'\u0126': "H",
	'\u0127': "h",
	'\u0166': "T",
	'\u0167': "t",
}

// printable returns s with only characters PC850 has: its own as they
// are, the others as their fallback, a letter with marks PC850 does not
// have as the bare letter, anything else as "?". Control characters are
// "?" too, so text can never carry a printer command.
func printable(s string) string {
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		b.WriteString(printableRune(r))
	}
	return b.String()
}

func printableRune(r rune) string {
	if f, ok := fallbacks[r]; ok {
		return f
	}
	switch {
	case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
		return "?"
	case r < 0x7f:
		return string(r)
	case unicode.Is(unicode.Mn, r):
		return "" // a mark left after NFC: the letter it is on stays
	}
	if _, ok := codePage.EncodeRune(r); ok {
		return string(r)
	}
	if d := norm.NFD.String(string(r)); len(d) > 0 {
		base, _ := utf8.DecodeRuneInString(d)
		if base != r && base < 0x7f && unicode.IsLetter(base) {
			return string(base)
		}
	}
	return "?"
}

// encode turns printable text into PC850 bytes.
func encode(s string) []byte {
	out := make([]byte, 0, len(s))
	for _, r := range s {
		c, ok := codePage.EncodeRune(r)
		if !ok {
			c = '?' // not printable: printable would have replaced it
		}
		out = append(out, c)
	}
	return out
}
