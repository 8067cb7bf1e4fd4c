package web

import (
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"

	"github.com/anjungan/anjungan/kiosk"
)

// languages the pages speak, the default first.
var languages = []string{kiosk.LangID, kiosk.LangEN}

func supported(lang string) bool {
	for _, l := range languages {
		if l == lang {
			return true
		}
	}
	return false
}

// otherLang is the language the switch offers.
func otherLang(lang string) string {
	if lang == kiosk.LangEN {
		return kiosk.LangID
	}
	return kiosk.LangEN
}

// loadTexts adds the web's texts (i18n/*.json in fsys) to cat.
func loadTexts(cat *kiosk.Catalog, fsys fs.FS) error {
	names, err := fs.Glob(fsys, "i18n/*.json")
	if err != nil || len(names) == 0 {
		return fmt.Errorf("web: no texts in i18n/: %v", err)
	}
	for _, n := range names {
		data, err := fs.ReadFile(fsys, n)
		if err != nil {
			return err
		}
		if err := cat.LoadJSON(strings.TrimSuffix(path.Base(n), ".json"), data); err != nil {
			return fmt.Errorf("web: %w", err)
		}
	}
	return nil
}

// acceptLanguage picks the supported language the browser prefers most
// (RFC 9110 Accept-Language), else Indonesian.
func acceptLanguage(header string) string {
	best, bestQ := kiosk.LangID, 0.0
	if len(header) > 500 {
		header = header[:500]
	}
	for i, part := range strings.Split(header, ",") {
		if i >= 20 {
			break
		}
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil || f < 0 || f > 1 {
				continue
			}
			q = f
		}
		primary, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(tag)), "-")
		if primary == "in" { // the old code for Indonesian
			primary = kiosk.LangID
		}
		if supported(primary) && q > bestQ {
			best, bestQ = primary, q
		}
	}
	return best
}
