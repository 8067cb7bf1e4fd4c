package kiosk

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Languages the kiosk speaks. Indonesian is the default.
const (
	LangID = "id"
	LangEN = "en"
)

// Catalog holds the translated texts of every language, keyed by message
// key. Texts may hold {name} placeholders.
type Catalog struct {
	fallback string
	texts    map[string]map[string]string
}

// NewCatalog returns an empty catalog whose missing texts fall back to the
// fallback language.
func NewCatalog(fallback string) *Catalog {
	return &Catalog{fallback: fallback, texts: map[string]map[string]string{}}
}

// LoadJSON adds a language's texts from a flat JSON object of key: text.
func (c *Catalog) LoadJSON(lang string, data []byte) error {
	m := map[string]string{}
	if err := json.Unmarshal(data, &m); err != nil {
		return fmt.Errorf("catalog %s: %w", lang, err)
	}
	if c.texts[lang] == nil {
		c.texts[lang] = map[string]string{}
	}
	for k, v := range m {
		c.texts[lang][k] = v
	}
	return nil
}

// Languages lists the loaded languages, sorted.
func (c *Catalog) Languages() []string {
	var l []string
	for k := range c.texts {
		l = append(l, k)
	}
	sort.Strings(l)
	return l
}

// Keys lists a language's keys, sorted.
func (c *Catalog) Keys(lang string) []string {
	var l []string
	for k := range c.texts[lang] {
		l = append(l, k)
	}
	sort.Strings(l)
	return l
}

// Has reports whether lang has a text for key.
func (c *Catalog) Has(lang, key string) bool {
	_, ok := c.texts[lang][key]
	return ok
}

// T returns key's text in lang, with {placeholders} filled from args. A
// missing text falls back to the fallback language, then to the key.
func (c *Catalog) T(lang, key string, args map[string]string) string {
	s, ok := c.texts[lang][key]
	if !ok {
		s, ok = c.texts[c.fallback][key]
	}
	if !ok {
		return key
	}
	if len(args) == 0 || !strings.Contains(s, "{") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			break
		}
		name := s[i+1 : i+j]
		b.WriteString(s[:i])
		if v, ok := args[name]; ok {
			b.WriteString(v)
		} else {
			b.WriteString(s[i : i+j+1])
		}
		s = s[i+j+1:]
	}
	b.WriteString(s)
	return b.String()
}

// Message translates m.
func (c *Catalog) Message(lang string, m Message) string {
	if m.IsZero() {
		return ""
	}
	return c.T(lang, m.Key, m.Args)
}

// Date formats t as a day in lang: "12 Des 2026".
func (c *Catalog) Date(lang string, t time.Time) string {
	return fmt.Sprintf("%d %s %d", t.Day(), c.T(lang, "month."+strconv.Itoa(int(t.Month())), nil), t.Year())
}

// DateTime formats t as a day and a time of day: "12 Des 2026 16:00".
func (c *Catalog) DateTime(lang string, t time.Time) string {
	return c.Date(lang, t) + t.Format(" 15:04")
}

// Money formats an amount of rupiah the way lang writes it: "Rp 12.500" in
// Indonesian, "Rp 12,500" in English.
func (c *Catalog) Money(lang string, amount int64) string {
	sep := ","
	if lang == LangID {
		sep = "."
	}
	neg := amount < 0
	if neg {
		amount = -amount
	}
	digits := strconv.FormatInt(amount, 10)
	var b strings.Builder
	for i, d := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(d)
	}
	if neg {
		return "-Rp " + b.String()
	}
	return "Rp " + b.String()
}
