package report

import (
	"math"
	"strconv"
	"strings"
	"testing"
)

func TestNumbers(t *testing.T) {
	for _, c := range []struct {
		l    Lang
		x    float64
		prec int
		want string
	}{
		{LangID, 85.126, 2, "85,13"}, {LangID, 3.5, 3, "3,500"}, {LangEN, 3.5, 3, "3.500"}, {LangID, 100, 0, "100"},
	} {
		if got := c.l.Number(c.x, c.prec); got != c.want {
			t.Errorf("%s Number(%v, %d) = %q, want %q", c.l, c.x, c.prec, got, c.want)
		}
	}
	for _, c := range []struct {
		l    Lang
		n    int
		want string
	}{
		{LangID, 0, "0"}, {LangID, 999, "999"}, {LangID, 1000, "1.000"}, {LangID, 500000, "500.000"},
		{LangEN, 1234567, "1,234,567"}, {LangID, -20000, "-20.000"},
	} {
		if got := c.l.Int(c.n); got != c.want {
			t.Errorf("%s Int(%d) = %q, want %q", c.l, c.n, got, c.want)
		}
	}
	for _, s := range []string{"id", "en"} {
		if l, err := ParseLang(s); err != nil || string(l) != s {
			t.Errorf("ParseLang(%q) = %q, %v", s, l, err)
		}
	}
	for _, s := range []string{"", "ID", "jv", "en-US"} {
		if _, err := ParseLang(s); err == nil {
			t.Errorf("ParseLang(%q) passed", s)
		}
	}
	for p, ok := range map[string]bool{"a.png": true, "b/c.SVG": true, "x.jpg": false, "png": false, "x.png.txt": false} {
		if _, err := Format(p); (err == nil) != ok {
			t.Errorf("Format(%q): %v", p, err)
		}
	}
}

// FuzzNumbers: a number written either way reads back as itself once
// its marks are undone; only id and en pass as languages.
func FuzzNumbers(f *testing.F) {
	f.Add(1234567, 85.125, "id")
	f.Add(-1000, -0.5, "en")
	f.Add(0, 1e9, "x")
	f.Fuzz(func(t *testing.T, n int, x float64, lang string) {
		if l, err := ParseLang(lang); err == nil && string(l) != lang {
			t.Fatalf("%q parsed as %q", lang, l)
		}
		for _, l := range []Lang{LangID, LangEN} {
			sep, dec := ".", ","
			if l == LangEN {
				sep, dec = ",", "."
			}
			if got := strings.ReplaceAll(l.Int(n), sep, ""); got != strconv.Itoa(n) {
				t.Fatalf("%s Int(%d) = %q", l, n, l.Int(n))
			}
			if math.IsNaN(x) || math.IsInf(x, 0) {
				continue
			}
			s := strings.ReplaceAll(l.Number(x, 2), dec, ".")
			if s != strconv.FormatFloat(x, 'f', 2, 64) {
				t.Fatalf("%s Number(%v) = %q", l, x, l.Number(x, 2))
			}
		}
	})
}
