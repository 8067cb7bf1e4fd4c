package postgres

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func TestRebind(t *testing.T) {
	for in, want := range map[string]string{
		"SELECT 1":        "SELECT 1",
		"a = ? AND b = ?": "a = $1 AND b = $2",
		"state IN ('confirmed?', 'x') AND id = ?": "state IN ('confirmed?', 'x') AND id = $1",
		`"we?ird" = ?`:             `"we?ird" = $1`,
		"x = ? -- why?\nAND y = ?": "x = $1 -- why?\nAND y = $2",
		"it''s ? fine":             "it''s $1 fine",
		"unterminated '?":          "unterminated '?",
		"VALUES (?, ?, ?) ON CONFLICT DO NOTHING -- ": "VALUES ($1, $2, $3) ON CONFLICT DO NOTHING -- ",
		"/* it's ? */ a = ?":                          "/* it's ? */ a = $1",
		"/* open ? ":                                  "/* open ? ",
		`E'it\'s ?' = ?`:                              `E'it\'s ?' = $1`,
		`'it\' = ?`:                                   `'it\' = $1`,
	} {
		if got := rebind(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

func FuzzRebind(f *testing.F) {
	for _, s := range []string{"a = ?", "'?'", "-- ?\n?", `"?"`, "??"} {
		f.Add(s)
	}
	dollar := regexp.MustCompile(`\$[0-9]+`)
	f.Fuzz(func(t *testing.T, s string) {
		out := rebind(s)
		if strings.Contains(s, "$") || regexp.MustCompile(`\?[0-9]`).MatchString(s) {
			return // "?1" is no SQL: it would read as $11
		}
		// Only placeholders change, into $1, $2, … in order.
		if back := dollar.ReplaceAllString(out, "?"); back != s {
			t.Fatalf("%q became %q: more than placeholders changed", s, out)
		}
		for i, m := range dollar.FindAllString(out, -1) {
			if m != "$"+strconv.Itoa(i+1) {
				t.Fatalf("%q: placeholder %d is %s", out, i+1, m)
			}
		}
	})
}
