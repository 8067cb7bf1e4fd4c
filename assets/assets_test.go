package assets

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/anjungan/anjungan/kiosk"
)

func TestLanguagesHaveTheSameKeys(t *testing.T) {
	c := Catalog()
	langs := c.Languages()
	if len(langs) < 2 || langs[0] != kiosk.LangEN || langs[1] != kiosk.LangID {
		t.Fatalf("languages %v", langs)
	}
	id := c.Keys(kiosk.LangID)
	for _, lang := range langs {
		keys := c.Keys(lang)
		for _, k := range id {
			if !c.Has(lang, k) {
				t.Errorf("%s lacks %q", lang, k)
			}
		}
		for _, k := range keys {
			if !c.Has(kiosk.LangID, k) {
				t.Errorf("id lacks %q (in %s)", k, lang)
			}
		}
	}
}

// usedKeys finds the message keys the code uses: the string values of
// constants named Key… and the literal arguments of T("…") calls.
func usedKeys(t *testing.T) map[string]string {
	t.Helper()
	keys := map[string]string{}
	lit := regexp.MustCompile(`\bT\("([a-z0-9_]+\.[a-z0-9_.]+)"`)
	fset := token.NewFileSet()
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range lit.FindAllSubmatch(src, -1) {
			keys[string(m[1])] = path
		}
		f, err := parser.ParseFile(fset, path, src, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			vs, ok := n.(*ast.ValueSpec)
			if !ok {
				return true
			}
			for i, name := range vs.Names {
				if !strings.HasPrefix(name.Name, "Key") || i >= len(vs.Values) {
					continue
				}
				if bl, ok := vs.Values[i].(*ast.BasicLit); ok && bl.Kind == token.STRING {
					v, _ := strconv.Unquote(bl.Value)
					keys[v] = path
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

func TestEveryUsedKeyIsTranslated(t *testing.T) {
	c := Catalog()
	// The web pages' own texts, added to the catalogue by kiosk/web.
	names, err := fs.Glob(Web, "web/i18n/*.json")
	if err != nil || len(names) == 0 {
		t.Fatalf("no web texts: %v", err)
	}
	for _, n := range names {
		data, err := Web.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.LoadJSON(strings.TrimSuffix(path.Base(n), ".json"), data); err != nil {
			t.Fatal(err)
		}
	}
	keys := usedKeys(t)
	if len(keys) < 40 {
		t.Fatalf("found only %d keys in the code: the scan is broken", len(keys))
	}
	for k, where := range keys {
		for _, lang := range c.Languages() {
			if !c.Has(lang, k) {
				t.Errorf("%s: key %q has no %s text", where, k, lang)
			}
		}
	}
}

func TestIcon(t *testing.T) {
	if len(Icon) < 100 || string(Icon[1:4]) != "PNG" {
		t.Fatal("icon is not a PNG")
	}
}
