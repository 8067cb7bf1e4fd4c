package sip2

import (
	"fmt"
	"strings"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
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

func (c Charset) encoding() encoding.Encoding {
	switch c {
	case CP850:
		return charmap.CodePage850
	case Latin1:
		return charmap.ISO8859_1
	}
	return unicode.UTF8
}

// Encode converts text to the character set; characters it lacks become
// "?" (a title with a character the server cannot store is still sent).
func (c Charset) Encode(s string) []byte {
	if c == UTF8 || c == "" {
		return []byte(s)
	}
	enc := c.encoding().NewEncoder()
	out := make([]byte, 0, len(s))
	for _, r := range s {
		b, err := enc.Bytes([]byte(string(r)))
		if err != nil || len(b) == 0 {
			out = append(out, '?')
			continue
		}
		out = append(out, b...)
	}
	return out
}

// Decode converts bytes in the character set to text; invalid UTF-8 is
// replaced, never an error (a garbled name is better than no answer).
func (c Charset) Decode(b []byte) string {
	if c == UTF8 || c == "" {
		return strings.ToValidUTF8(string(b), "\uFFFD")
	}
	s, err := c.encoding().NewDecoder().Bytes(b)
	if err != nil {
		return strings.ToValidUTF8(string(b), "\uFFFD")
	}
	return string(s)
}
