package assets

import (
	"embed"
	"path"
	"strings"

	"github.com/anjungan/anjungan/kiosk"
)

//go:embed i18n/*.json
var i18n embed.FS

// Web holds the patrons' web pages (kiosk/web): templates/*.html,
// static/* (the style sheet) and i18n/*.json, the web's own texts, which
// are added to Catalog's.
//
//go:embed web
var Web embed.FS

// Icon is the application icon and default library logo (PNG).
//
//go:embed icon.png
var Icon []byte

// Catalog returns the translations of every embedded language, falling
// back to Indonesian.
func Catalog() *kiosk.Catalog {
	c := kiosk.NewCatalog(kiosk.LangID)
	entries, err := i18n.ReadDir("i18n")
	if err != nil {
		panic(err) // embedded at build time: cannot fail
	}
	for _, e := range entries {
		data, err := i18n.ReadFile(path.Join("i18n", e.Name()))
		if err != nil {
			panic(err)
		}
		if err := c.LoadJSON(strings.TrimSuffix(e.Name(), ".json"), data); err != nil {
			panic(err) // a broken catalogue is caught by the tests
		}
	}
	return c
}
