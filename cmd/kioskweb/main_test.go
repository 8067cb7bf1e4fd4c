package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/anjungan/anjungan/kiosk/sqlite"
)

// The demo, as `go run ./cmd/kioskweb` starts it (on a free port): a
// demo patron signs in; cancelling the context (SIGTERM) stops it
// cleanly and removes its temporary folder.
func TestDemo(t *testing.T) {
	m := NewMain()
	m.Logger = slog.New(slog.DiscardHandler)
	if err := m.ParseFlags(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	m.Config.Web.Listen = "127.0.0.1:0"
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := m.Open(ctx); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx) }()

	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	base := "http://" + m.Addr
	var page string
	deadline := time.Now().Add(5 * time.Second)
	for {
		resp, err := c.Get(base + "/signin")
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			page = string(b)
			break
		}
		if time.Now().After(deadline) {
			t.Fatal(err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	csrf := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(page)
	if csrf == nil {
		t.Fatalf("no sign-in form:\n%s", page)
	}
	p := sqlite.DemoPatrons[0]
	resp, err := c.PostForm(base+"/signin", url.Values{"csrf": {csrf[1]}, "card": {p.Card}, "pin": {p.PIN}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.Request.URL.Path != "/equipment" || !strings.Contains(string(b), "Prusa MK4") {
		t.Fatalf("sign in: %s\n%s", resp.Request.URL, b)
	}
	dir := m.tempDir
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("Run did not return after the context ended")
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatalf("demo folder %s left behind: %v", dir, err)
	}
}

func TestLoadConfig(t *testing.T) {
	kioskSections := `
[kiosk]
id = "kiosk-02"
site = "jakpus"
[scanner]
device = "/dev/ttyACM0"
[library]
timezone = "Asia/Makassar"
backend = "sqlite"
[makerspace]
secret = "00112233445566778899aabbccddeeff"
`
	cases := []struct {
		name, file, err string
	}{
		{"the kiosk's file with [web]", kioskSections + `
[web]
listen = "0.0.0.0:8443"
behind_proxy = true
trusted_proxies = ["10.0.0.5", "192.168.1.0/24"]
session_idle = "10m"
`, ""},
		{"unknown web key", kioskSections + "[web]\nlisten = \"127.0.0.1:8080\"\nsecure = false\n", "unknown key(s): web.secure"},
		{"bad listen", "[web]\nlisten = \"8080\"\n", "web.listen"},
		{"cert without key", "[web]\ntls_cert = \"c.pem\"\n", "web.tls_cert"},
		{"bad proxy", "[web]\nbehind_proxy = true\ntrusted_proxies = [\"proxy.lan\"]\n", "web.trusted_proxies"},
		{"bad zone", "[library]\ntimezone = \"Mars/Olympus\"\n", "library.timezone"},
		{"bad duration", "[web]\nsession_idle = \"soon\"\n", "not a duration"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "kiosk.toml")
			os.WriteFile(path, []byte(c.file), 0o600)
			cfg, err := LoadConfig(path)
			if c.err == "" {
				if err != nil {
					t.Fatal(err)
				}
				if cfg.site() != "jakpus" || cfg.Library.TimeZone != "Asia/Makassar" || cfg.Web.Listen != "0.0.0.0:8443" || cfg.Web.SessionIdle.Duration != 10*time.Minute {
					t.Fatalf("%+v", cfg)
				}
				ps, _ := cfg.trustedProxies()
				if len(ps) != 2 || ps[0].String() != "10.0.0.5/32" {
					t.Fatalf("proxies %v", ps)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Fatalf("err %v, want %q", err, c.err)
			}
		})
	}
}

// TestExampleWebIsTheDefault: kiosk.example.toml's [web] shows kioskweb's
// defaults, and the file loads for kioskweb as it does for the kiosk.
func TestExampleWebIsTheDefault(t *testing.T) {
	cfg, err := LoadConfig("../../kiosk.example.toml")
	if err != nil {
		t.Fatal(err)
	}
	def := DefaultConfig()
	if cfg.Web.Listen != def.Web.Listen || cfg.Web.SessionIdle != def.Web.SessionIdle || cfg.Web.SessionMax != def.Web.SessionMax ||
		cfg.Web.InsecureCookies || cfg.Web.BehindProxy || len(cfg.Web.TrustedProxies) != 0 {
		t.Fatalf("[web] in kiosk.example.toml %+v, defaults %+v", cfg.Web, def.Web)
	}
}

// TestNoSecretNoWeb: a library set-up that checks no secret (SLiMS's
// card-only login) is refused: on the web anyone could sign in with a
// card number; and a kiosk's file never brings the demo data.
func TestNoSecretNoWeb(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "kiosk.toml")
	os.WriteFile(path, []byte("[library]\nbackend = \"slims\"\n[slims]\nlogin = \"card\"\n"), 0o600)
	if _, err := LoadConfig(path); err == nil || !strings.Contains(err.Error(), "slims.login") {
		t.Fatalf("card-only SLiMS accepted: %v", err)
	}
	os.WriteFile(path, []byte("[library]\nbackend = \"sqlite\"\n"), 0o600)
	cfg, err := LoadConfig(path)
	if err != nil || cfg.Library.Demo || cfg.Makerspace.Demo {
		t.Fatalf("a kiosk's file with the demo defaults: %+v %v", cfg.Library, err)
	}
}
