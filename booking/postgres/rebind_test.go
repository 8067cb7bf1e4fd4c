package postgres

import "testing"

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
	f.Fuzz(func(t *testing.T, s string) {
		out := rebind(s)
		if len(out) < len(s) {
			t.Fatalf("%q shrank to %q", s, out)
		}
	})
}
