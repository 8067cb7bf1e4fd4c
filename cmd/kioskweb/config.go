package main

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/anjungan/anjungan/internal/libconf"
	"github.com/anjungan/anjungan/kiosk/slims"
)

// Config is what kioskweb reads of the kiosk's TOML file: the sections
// it shares with the kiosk, with the kiosk's defaults, and [web].
type Config struct {
	Kiosk struct {
		Site    string `toml:"site"`
		DataDir string `toml:"data_dir"`
	} `toml:"kiosk"`
	Library struct {
		Name     string `toml:"name"`
		TimeZone string `toml:"timezone"`
		Backend  string `toml:"backend"`
		Database string `toml:"database"`
		Demo     bool   `toml:"demo"`
	} `toml:"library"`
	Patron struct {
		MaxPINAttempts int      `toml:"max_pin_attempts"`
		Lockout        Duration `toml:"lockout"`
	} `toml:"patron"`
	Makerspace struct {
		Database string `toml:"database"`
		Secret   string `toml:"secret"`
		Site     string `toml:"site"`
		Demo     bool   `toml:"demo"`
	} `toml:"makerspace"`
	SIP2  libconf.SIP2  `toml:"sip2"`
	SLiMS libconf.SLiMS `toml:"slims"`
	Web   WebConfig     `toml:"web"`
}

// WebConfig is the [web] section.
type WebConfig struct {
	Listen  string `toml:"listen"`
	TLSCert string `toml:"tls_cert"`
	TLSKey  string `toml:"tls_key"`
	// BaseURL is the address patrons use (https://booking.perpustakaan…),
	// for the log line that says where the site is.
	BaseURL string `toml:"base_url"`
	// BehindProxy: a reverse proxy terminates TLS; X-Forwarded-For and
	// X-Forwarded-Proto are believed from TrustedProxies only (loopback
	// when none are given).
	BehindProxy     bool     `toml:"behind_proxy"`
	TrustedProxies  []string `toml:"trusted_proxies"`
	InsecureCookies bool     `toml:"insecure_cookies"`
	SessionIdle     Duration `toml:"session_idle"`
	SessionMax      Duration `toml:"session_max"`
}

// Duration is a time.Duration written as "15m" in TOML.
type Duration = libconf.Duration

// DefaultConfig is the kiosk's defaults for the shared sections and the
// web's own.
func DefaultConfig() Config {
	var c Config
	c.Kiosk.Site = "perpustakaan"
	c.Library.Name, c.Library.TimeZone, c.Library.Backend, c.Library.Demo = "Perpustakaan Umum Kota Nusantara", "Asia/Jakarta", "sqlite", true
	c.Patron.MaxPINAttempts, c.Patron.Lockout = 5, Duration{Duration: 15 * time.Minute}
	c.Makerspace.Demo = true
	c.SIP2 = libconf.DefaultSIP2()
	c.SLiMS = libconf.DefaultSLiMS()
	c.Web = WebConfig{Listen: "127.0.0.1:8080", SessionIdle: Duration{Duration: 15 * time.Minute}, SessionMax: Duration{Duration: 8 * time.Hour}}
	return c
}

// LoadConfig reads the kiosk's file over the defaults. The kiosk checks
// its own sections; an unknown key in [web] or a bad value kioskweb uses
// is an error naming the key.
func LoadConfig(path string) (Config, error) {
	cfg := DefaultConfig()
	md, err := toml.DecodeFile(path, &cfg)
	if err != nil {
		return cfg, fmt.Errorf("%s: %w", path, err)
	}
	var unknown []string
	for _, k := range md.Undecoded() {
		if len(k) > 0 && k[0] == "web" {
			unknown = append(unknown, k.String())
		}
	}
	if len(unknown) > 0 {
		return cfg, fmt.Errorf("%s: unknown key(s): %s", path, strings.Join(unknown, ", "))
	}
	// With a kiosk's file, never the demo library or makerspace: their
	// PINs are published, and this site is open to the internet.
	cfg.Library.Demo, cfg.Makerspace.Demo = false, false
	if err := cfg.Validate(); err != nil {
		return cfg, fmt.Errorf("%s: %w", path, err)
	}
	return cfg, nil
}

// Validate checks the values kioskweb uses and names the key of each
// bad one.
func (c *Config) Validate() error {
	var errs []error
	add := func(key, format string, a ...any) { errs = append(errs, fmt.Errorf(key+": "+format, a...)) }
	if _, err := time.LoadLocation(c.Library.TimeZone); err != nil || c.Library.TimeZone == "" {
		add("library.timezone", "%q is not a time zone like \"Asia/Jakarta\"", c.Library.TimeZone)
	}
	switch c.Library.Backend {
	case "sqlite":
	case "sip2":
		for _, q := range c.SIP2.Problems() {
			add(q.Key, "%s", q.Msg)
		}
	case "slims":
		for _, q := range c.SLiMS.Problems() {
			add(q.Key, "%s", q.Msg)
		}
		if l, err := slims.ParseLogin(c.SLiMS.Login); err == nil && l == slims.LoginCard {
			// A kiosk may let a card alone in; a web site open to
			// anyone who knows a card number may not.
			add("slims.login", "\"card\" would let anyone sign in on the web with a card number alone: kioskweb needs \"password\" or \"pin\"")
		}
	default:
		add("library.backend", "%q: want \"sqlite\", \"sip2\" or \"slims\"", c.Library.Backend)
	}
	if c.Patron.MaxPINAttempts < 1 || c.Patron.Lockout.Duration <= 0 {
		add("patron", "max_pin_attempts of at least 1 and a lockout longer than 0")
	}
	if _, _, err := net.SplitHostPort(c.Web.Listen); err != nil {
		add("web.listen", "%q: want host:port", c.Web.Listen)
	}
	if (c.Web.TLSCert == "") != (c.Web.TLSKey == "") {
		add("web.tls_cert", "give both tls_cert and tls_key, or neither")
	}
	if c.Web.BaseURL != "" {
		if u, err := url.Parse(c.Web.BaseURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			add("web.base_url", "%q: want https://host", c.Web.BaseURL)
		}
	}
	if _, err := c.trustedProxies(); err != nil {
		add("web.trusted_proxies", "%v", err)
	}
	if c.Web.SessionIdle.Duration < time.Minute || c.Web.SessionMax.Duration < c.Web.SessionIdle.Duration {
		add("web.session_idle", "at least 1m, and session_max at least as long")
	}
	return errors.Join(errs...)
}

// trustedProxies are the proxies whose forwarded headers count: none
// unless behind_proxy, then the configured ones or loopback.
func (c *Config) trustedProxies() ([]netip.Prefix, error) {
	if !c.Web.BehindProxy {
		return nil, nil
	}
	list := c.Web.TrustedProxies
	if len(list) == 0 {
		list = []string{"127.0.0.1/32", "::1/128"}
	}
	var out []netip.Prefix
	for _, s := range list {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			a, aerr := netip.ParseAddr(s)
			if aerr != nil {
				return nil, fmt.Errorf("%q: want an address or a CIDR prefix", s)
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		out = append(out, p)
	}
	return out, nil
}

// site is the site on booking QR codes, as the kiosk's.
func (c *Config) site() string {
	if c.Makerspace.Site != "" {
		return c.Makerspace.Site
	}
	return c.Kiosk.Site
}
