package main

import (
	"encoding/hex"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/anjungan/anjungan/kiosk/session"
	"github.com/anjungan/anjungan/kiosk/visitorpass"
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
	// Secret signs the site's visitor passes for events (hex, at least
	// 16 bytes; the same on every kiosk of the site); empty: the kiosk
	// takes no pass.
	Secret string `toml:"secret"`

	// The guest form: the purposes offered (empty: not asked) and each
	// demographic field's mode ("off", "optional" or "required") and
	// choices. The name is always asked.
	Purposes    []string `toml:"purposes"`
	Origin      string   `toml:"origin"`
	Gender      string   `toml:"gender"`
	AgeGroup    string   `toml:"age_group"`
	Education   string   `toml:"education"`
	Occupation  string   `toml:"occupation"`
	Genders     []string `toml:"genders"`
	AgeGroups   []string `toml:"age_groups"`
	Educations  []string `toml:"educations"`
	Occupations []string `toml:"occupations"`
}

// defaultGuestBook is the guest book a kiosk ships with.
func defaultGuestBook() GuestBookConfig {
	f := session.DefaultGuestForm()
	return GuestBookConfig{Enabled: true, OncePerDay: true, KeepNames: Duration{Duration: 90 * 24 * time.Hour},
		Purposes: f.Purposes, Origin: string(f.Origin), Gender: string(f.Gender), AgeGroup: string(f.AgeGroup),
		Education: string(f.Education), Occupation: string(f.Occupation),
		Genders: f.Genders, AgeGroups: f.AgeGroups, Educations: f.Educations, Occupations: f.Occupations}
}

// Bounds of the form's choices: what fits a small touch screen.
const (
	maxChoices   = 12
	maxChoiceLen = 40
)

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
	if g.Secret != "" {
		if b, err := hex.DecodeString(g.Secret); err != nil || len(b) < visitorpass.MinSecret {
			p.add("guestbook.secret", "want at least %d bytes as hex (kioskctl guestbook secret makes one)", visitorpass.MinSecret)
		}
	}
	validateChoices(p, "guestbook.purposes", g.Purposes)
	for _, f := range []struct {
		key, listKey string
		mode         string
		list         []string
	}{
		{"guestbook.origin", "", g.Origin, nil},
		{"guestbook.gender", "guestbook.genders", g.Gender, g.Genders},
		{"guestbook.age_group", "guestbook.age_groups", g.AgeGroup, g.AgeGroups},
		{"guestbook.education", "guestbook.educations", g.Education, g.Educations},
		{"guestbook.occupation", "guestbook.occupations", g.Occupation, g.Occupations},
	} {
		if !session.FieldMode(f.mode).Valid() {
			p.add(f.key, "%q: want \"off\", \"optional\" or \"required\"", f.mode)
		}
		if f.listKey == "" {
			continue
		}
		validateChoices(p, f.listKey, f.list)
		if len(f.list) == 0 && f.mode != string(session.FieldOff) {
			p.add(f.listKey, "empty, but %s = %q: give the choices, or set it \"off\"", strings.TrimPrefix(f.key, "guestbook."), f.mode)
		}
	}
}

// validateChoices checks a list of choices: at most a screenful, each
// written, short and once.
func validateChoices(p *problems, key string, list []string) {
	if len(list) > maxChoices {
		p.add(key, "%d choices: want at most %d (they must fit a small touch screen)", len(list), maxChoices)
	}
	seen := map[string]bool{}
	for i, c := range list {
		k := fmt.Sprintf("%s[%d]", key, i)
		switch {
		case strings.TrimSpace(c) != c || c == "":
			p.add(k, "%q: want a word or a few, without spaces around", c)
		case utf8.RuneCountInString(c) > maxChoiceLen || !utf8.ValidString(c):
			p.add(k, "%q: want at most %d characters", c, maxChoiceLen)
		case seen[c]:
			p.add(k, "%q is there twice", c)
		}
		seen[c] = true
	}
}

// guestForm is the session's form from the file.
func (g GuestBookConfig) guestForm() session.GuestForm {
	return session.GuestForm{Purposes: g.Purposes,
		Origin: session.FieldMode(g.Origin), Gender: session.FieldMode(g.Gender), AgeGroup: session.FieldMode(g.AgeGroup),
		Education: session.FieldMode(g.Education), Occupation: session.FieldMode(g.Occupation),
		Genders: g.Genders, AgeGroups: g.AgeGroups, Educations: g.Educations, Occupations: g.Occupations}
}
