package sip2

import (
	"fmt"
	"strings"

	"golang.org/x/text/encoding/charmap"
)

// Charset is the byte encoding of a connection's text.
type Charset string

// Character sets. cp850 is the specification's default; many servers
// send UTF-8, and some ISO-8859-1.
const (
	UTF8   Charset = "utf-8"
	CP850  Charset = "cp850"
	Latin1 Charset = "iso-8859-1"
)

// ParseCharset reads a configured character set name.
func ParseCharset(s string) (Charset, error) {
	switch strings.ToLower(strings.ReplaceAll(s, "_", "-")) {
	case "", "utf-8", "utf8":
		return UTF8, nil
	case "cp850", "ibm850", "850":
		return CP850, nil
	case "iso-8859-1", "latin1", "latin-1", "iso8859-1":
		return Latin1, nil
	}
	return "", fmt.Errorf("sip2: character set %q: want utf-8, cp850 or iso-8859-1", s)
}

func (c Charset) charmap() *charmap.Charmap {
	switch c {
	case CP850:
		return charmap.CodePage850
	case Latin1:
		return charmap.ISO8859_1
	}
	return nil
}

// Encode converts text to the character set; characters it lacks become
// "?" (a title with a character the server cannot store is still sent).
func (c Charset) Encode(s string) []byte {
	cm := c.charmap()
	if cm == nil {
		return []byte(s)
	}
	out := make([]byte, 0, len(s))
	for _, r := range s {
		if r < 0x80 { // both character sets are ASCII below 0x80
			out = append(out, byte(r))
			continue
		}
		b, ok := cm.EncodeRune(r)
		if !ok {
			b = '?'
		}
		out = append(out, b)
	}
	return out
}

// Decode converts bytes in the character set to text; invalid UTF-8 is
// replaced, never an error (a garbled name is better than no answer).
func (c Charset) Decode(b []byte) string {
	cm := c.charmap()
	if cm == nil {
		return strings.ToValidUTF8(string(b), "\uFFFD")
	}
	var t strings.Builder
	t.Grow(len(b) + len(b)/4)
	for _, x := range b {
		if x < 0x80 {
			t.WriteByte(x)
		} else {
			t.WriteRune(cm.DecodeByte(x))
		}
	}
	return t.String()
}
