package main

import (
	"strings"
	"time"
)

// GuestBookConfig is the library's guest book (buku tamu) at this kiosk.
type GuestBookConfig struct {
	Enabled bool `toml:"enabled"`
	// Entrance: the kiosk stands at the entrance, the guest book first:
	// a card scanned on the home screen signs it.
	Entrance bool `toml:"entrance"`
	// OncePerDay counts a member's visits once a library day.
	OncePerDay bool `toml:"once_per_day"`
	// KeepNames is how long guests' names and origins are kept before
	// only counts remain.
	KeepNames Duration `toml:"keep_names"`
	Database  string   `toml:"database"`
	// SiteDatabase, a postgres:// URL, is the site's shared store of
	// numbers: the kiosk copies its guest book's rows there (no names,
	// no cards) so that `kioskctl report -guestbook postgres://…` adds up the
	// site's kiosks. Empty: none.
	SiteDatabase string `toml:"site_database"`
	// Survey: the home screen offers the satisfaction survey (SKM) too;
	// the summary after a visit always does. The answers are kept in the
	// guest book.
	Survey bool `toml:"survey"`
}

func (g GuestBookConfig) validate(p *problems) {
	if g.SiteDatabase != "" && !strings.HasPrefix(g.SiteDatabase, "postgres://") && !strings.HasPrefix(g.SiteDatabase, "postgresql://") {
		p.add("guestbook.site_database", "want a postgres:// URL, like \"postgres://kiosk@db.lan/anjungan?sslmode=verify-full\"")
	}
	if g.Enabled && (g.KeepNames.Duration < 24*time.Hour || g.KeepNames.Duration > 10*365*24*time.Hour) {
		p.add("guestbook.keep_names", "%v: want a day to ten years, like \"2160h\" (90 days)", g.KeepNames.Duration)
	}
	if g.Survey && !g.Enabled {
		p.add("guestbook.survey", "the survey's answers are kept in the guest book: set guestbook.enabled = true too")
	}
}
