package sip2

import (
	"strings"

	"github.com/anjungan/anjungan/kiosk"
)

// keyNotHere is the server's refusal of what it answers but does not
// carry out (block a card, enable one, place a hold, take a fee, update
// an item's status).
const keyNotHere = "sip2.not_here"

// serverTexts are the server's own texts, by key and language.
var serverTexts = map[string]map[string]string{
	keyNotHere: {
		kiosk.LangEN: "This cannot be done at this machine. Please see staff.",
		kiosk.LangID: "Tidak dapat dilakukan di mesin ini. Silakan hubungi petugas.",
	},
}

// language picks the language of screen messages from a request's
// language field (the specification's table: 001 English, 024 United
// Kingdom; Indonesian has no code, and Malay, 023, is the nearest one);
// anything else gets the server's language.
func (s *Server) language(code string) string {
	switch code {
	case "001", "024":
		return kiosk.LangEN
	case "023":
		return kiosk.LangID
	}
	return s.Lang
}

// languageCode is the language field of an answer in lang to a request
// that asked for code.
func languageCode(lang, code string) string {
	switch {
	case lang == kiosk.LangEN:
		return "001"
	case code == "023":
		return code
	}
	return "000" // unknown: Indonesian has no code
}

// render turns a message for the patron into text for AF: translated,
// its placeholders filled; a sentence whose placeholder has no value
// ("{left} tries left.") is left out, and a key with no text anywhere
// becomes the general apology. Never a message key.
func (s *Server) render(lang string, m kiosk.Message) string {
	if m.IsZero() {
		return ""
	}
	if t, ok := serverTexts[m.Key]; ok {
		if text, ok := t[lang]; ok {
			return text
		}
		return t[kiosk.LangID]
	}
	text := s.Catalog.T(lang, m.Key, m.Args)
	if text == m.Key {
		text = s.Catalog.T(lang, kiosk.KeyInternal, nil)
	}
	if strings.Contains(text, "{") {
		var keep []string
		for _, sentence := range strings.SplitAfter(text, ". ") {
			if !hasPlaceholder(sentence) {
				keep = append(keep, strings.TrimSpace(sentence))
			}
		}
		text = strings.Join(keep, " ")
	}
	if text == "" || text == kiosk.KeyInternal {
		return "Sorry, something went wrong. Please see staff."
	}
	return text
}

// hasPlaceholder reports whether s holds an unfilled "{name}".
func hasPlaceholder(s string) bool {
	i := strings.IndexByte(s, '{')
	if i < 0 {
		return false
	}
	j := strings.IndexByte(s[i:], '}')
	return j > 1 && strings.IndexFunc(s[i+1:i+j], func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_')
	}) < 0
}

// screen renders err (a refusal, or a fault: the apology) for AF in the
// connection's language.
func (c *session) screen(err error) string {
	return c.s.render(c.lang, kiosk.ErrorMessage(err))
}
