package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"
	_ "time/tzdata" // minimal images may lack the zone database

	"github.com/anjungan/anjungan/booking/engine"
	"github.com/anjungan/anjungan/kiosk/slims"
	"github.com/anjungan/anjungan/kiosk/web"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	m := NewMain()
	if err := m.ParseFlags(ctx, os.Args[1:]); errors.Is(err, flag.ErrHelp) {
		os.Exit(0)
	} else if err != nil {
		fmt.Fprintln(os.Stderr, "kioskweb:", err)
		os.Exit(2)
	}
	err := m.Open(ctx)
	if err == nil {
		err = m.Run(ctx)
	}
	if cerr := m.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "kioskweb:", err)
		os.Exit(1)
	}
}

// Main is the program: its configuration and what it opened.
type Main struct {
	Config     Config
	ConfigPath string // "" for the demo
	Logger     *slog.Logger
	// Addr is where it listens, once open (the port chosen for ":0").
	Addr string

	listener net.Listener
	server   *http.Server
	store    engine.Store
	closers  []func()
	tempDir  string
}

// NewMain returns a Main with the demo's defaults.
func NewMain() *Main {
	return &Main{Config: DefaultConfig(), Logger: slog.New(slog.NewTextHandler(os.Stderr, nil))}
}

// ParseFlags reads -config and the file it names.
func (m *Main) ParseFlags(_ context.Context, args []string) error {
	fl := flag.NewFlagSet("kioskweb", flag.ContinueOnError)
	fl.StringVar(&m.ConfigPath, "config", "", "the kiosk's TOML file (none: the demo on http://127.0.0.1:8080)")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if m.ConfigPath == "" {
		return nil
	}
	cfg, err := LoadConfig(m.ConfigPath)
	if err != nil {
		return err
	}
	m.Config = cfg
	return nil
}

// dataDir is the kiosk's data folder, or for the demo a temporary one.
func (m *Main) dataDir() (string, error) {
	switch {
	case m.ConfigPath == "":
		dir, err := os.MkdirTemp("", "kioskweb-demo-")
		m.tempDir = dir
		return dir, err
	case m.Config.Kiosk.DataDir != "":
		return m.Config.Kiosk.DataDir, nil
	case os.Getenv("XDG_DATA_HOME") != "":
		return filepath.Join(os.Getenv("XDG_DATA_HOME"), "anjungan"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("no kiosk.data_dir configured and no home folder: %w", err)
	}
	return filepath.Join(home, ".local", "share", "anjungan"), nil
}

// Open opens the library system and the makerspace, builds the site and
// listens.
func (m *Main) Open(ctx context.Context) error {
	cfg := &m.Config
	loc, err := time.LoadLocation(cfg.Library.TimeZone)
	if err != nil {
		return fmt.Errorf("library.timezone: %w", err)
	}
	dir, err := m.dataDir()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return fmt.Errorf("data folder: %w", err)
	}
	circ, closeLib, err := m.openLibrary(ctx, dir, loc)
	if err != nil {
		return err
	}
	m.closers = append(m.closers, closeLib)
	store, signer, guard, err := m.openMakerspace(ctx, dir, loc)
	if err != nil {
		return err
	}
	m.store = store
	m.closers = append(m.closers, func() { store.Close() })

	wc := web.DefaultConfig()
	login, _ := slims.ParseLogin(cfg.SLiMS.Login) // validated
	wc.Library, wc.Password = cfg.Library.Name, cfg.Library.Backend == "slims" && login == slims.LoginPassword
	wc.SessionIdle, wc.SessionMax = cfg.Web.SessionIdle.Duration, cfg.Web.SessionMax.Duration
	wc.InsecureCookies = cfg.Web.InsecureCookies || m.ConfigPath == ""
	if wc.TrustedProxies, err = cfg.trustedProxies(); err != nil {
		return err
	}
	srv, err := web.New(wc, circ, store.Core(), signer)
	if err != nil {
		return err
	}
	srv.Lockout, srv.Location, srv.Logger = guard, loc, m.Logger.With("component", "web")
	if wc.InsecureCookies {
		m.Logger.Warn("session cookies without Secure: for plain-HTTP testing on this machine only")
	}
	m.server = &http.Server{
		Handler: srv, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 15 * time.Second,
		WriteTimeout: 30 * time.Second, IdleTimeout: 60 * time.Second, MaxHeaderBytes: 16 << 10,
		ErrorLog: slog.NewLogLogger(m.Logger.Handler(), slog.LevelWarn),
	}
	if m.listener, err = net.Listen("tcp", cfg.Web.Listen); err != nil {
		return fmt.Errorf("web.listen: %w", err)
	}
	m.Addr = m.listener.Addr().String()
	return nil
}

// Run serves until ctx ends, then lets the requests under way finish
// (for up to 10 s).
func (m *Main) Run(ctx context.Context) error {
	storeCtx, stopStore := context.WithCancel(context.Background())
	storeDone := make(chan struct{})
	go func() { defer close(storeDone); m.store.Run(storeCtx) }() // releases no-shows
	defer func() { stopStore(); <-storeDone }()

	served := make(chan error, 1)
	go func() {
		var err error
		if c := m.Config.Web; c.TLSCert != "" {
			err = m.server.ServeTLS(m.listener, c.TLSCert, c.TLSKey)
		} else {
			err = m.server.Serve(m.listener)
		}
		served <- err
	}()
	where := m.Config.Web.BaseURL
	if where == "" {
		where = "http://" + m.Addr
		if m.Config.Web.TLSCert != "" {
			where = "https://" + m.Addr
		}
	}
	m.Logger.Info("kioskweb: serving", "url", where)
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	m.Logger.Info("kioskweb: stopping")
	shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := m.server.Shutdown(shut); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// Close closes what Open opened, and the demo's temporary folder.
func (m *Main) Close() error {
	if m.listener != nil {
		m.listener.Close() // already closed when Run served it
	}
	for i := len(m.closers) - 1; i >= 0; i-- {
		m.closers[i]()
	}
	m.closers = nil
	if m.tempDir != "" {
		return os.RemoveAll(m.tempDir)
	}
	return nil
}
