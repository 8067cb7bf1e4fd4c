package web

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/anjungan/anjungan/assets"
	"github.com/anjungan/anjungan/kiosk"
)

func TestAcceptLanguage(t *testing.T) {
	for in, want := range map[string]string{
		"": "id", "en": "en", "en-GB,en;q=0.9": "en", "fr, en;q=0.5, id;q=0.8": "id", "de": "id",
		"in-ID": "id", "EN-us": "en", "id;q=0, en;q=0.1": "en", "en;q=bad, id;q=0.2": "id",
	} {
		if got := acceptLanguage(in); got != want {
			t.Errorf("acceptLanguage(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestLocalPath(t *testing.T) {
	for in, want := range map[string]string{
		"/equipment": "/equipment", "/equipment/printer-1?day=2026-11-23&time=08:00": "/equipment/printer-1?day=2026-11-23&time=08:00",
		"//evil.example": "/", "/\\evil.example": "/", "https://evil.example/": "/", "javascript:alert(1)": "/",
		"": "/", "equipment": "/", "/x\r\nSet-Cookie: a=b": "/",
	} {
		if got := localPath(in); got != want {
			t.Errorf("localPath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLimiter(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := newLimiter(Rate{Burst: 2, Every: 10 * time.Second}, 3)
	for i, want := range []bool{true, true, false} {
		if ok, _ := l.allow("a", now); ok != want {
			t.Fatalf("try %d: %v", i, ok)
		}
	}
	if ok, wait := l.allow("a", now.Add(5*time.Second)); ok || wait != 5*time.Second {
		t.Fatalf("half refilled: %v, wait %v", ok, wait)
	}
	if ok, _ := l.allow("a", now.Add(10*time.Second)); !ok {
		t.Fatal("not refilled after 10 s")
	}
	// Bounded: many keys never keep more than max buckets, and the
	// busiest recent key keeps its count.
	for i := 0; i < 100; i++ {
		l.allow(strconv.Itoa(i), now.Add(10*time.Second))
		if n := l.size(); n > 3 {
			t.Fatalf("%d buckets", n)
		}
	}
}

func TestSessionsBounded(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	st := newSessions(15*time.Minute, 8*time.Hour, 3)
	id, s := st.create(now)
	st.update(s.key, func(p *session) { p.patron.Card = "1" }) // signed in: kept longest
	for i := 0; i < 10; i++ {
		st.create(now.Add(time.Duration(i+1) * time.Second))
		if st.len() > 3 {
			t.Fatalf("%d sessions", st.len())
		}
	}
	if _, ok, _ := st.get(id, now.Add(time.Minute)); !ok {
		t.Fatal("the signed-in session was dropped for anonymous ones")
	}
	if _, ok, expired := st.get(id, now.Add(17*time.Minute)); ok || !expired {
		t.Fatal("idle session still alive")
	}
	if a, b := randomToken(), randomToken(); a == b || len(a) != 43 {
		t.Fatalf("tokens %q %q", a, b)
	}
}

// Every text the pages and the code ask for exists in both languages,
// and both languages have the same web texts.
func TestTexts(t *testing.T) {
	cat := assets.Catalog()
	web, _ := fs.Sub(assets.Web, "web")
	if err := loadTexts(cat, web); err != nil {
		t.Fatal(err)
	}
	for _, l := range languages {
		for _, k := range cat.Keys(l) {
			if !strings.HasPrefix(k, "web.") {
				continue
			}
			for _, o := range languages {
				if !cat.Has(o, k) {
					t.Errorf("%s has %s, %s has not", l, k, o)
				}
			}
		}
	}
	used := map[string]bool{}
	tmplKey := regexp.MustCompile(`\.T "([a-z0-9_.]+)"`)
	goKey := regexp.MustCompile(`"((?:web|booking|slots|day|weekday|duration|rules|live|kind|account|booked|confirm|password|pin)\.[a-z0-9_.]+)"`)
	files, _ := fs.Glob(web, "templates/*.html")
	gos, _ := filepath.Glob("*.go")
	for _, name := range append(files, gos...) {
		var src []byte
		if strings.HasSuffix(name, ".go") {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			src, _ = os.ReadFile(name)
		} else {
			src, _ = fs.ReadFile(web, name)
		}
		for _, re := range []*regexp.Regexp{tmplKey, goKey} {
			for _, m := range re.FindAllSubmatch(src, -1) {
				used[string(m[1])] = true
			}
		}
	}
	if len(used) < 40 {
		t.Fatalf("found only %d keys: the scan is broken", len(used))
	}
	for k := range used {
		for _, l := range languages {
			if !cat.Has(l, k) {
				t.Errorf("%s: no %s text", k, l)
			}
		}
	}
	_ = kiosk.LangID
}
