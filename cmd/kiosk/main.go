// Command kiosk is the patron-facing self-service kiosk: a full-screen
// Fyne app fed by serial barcode scanners and a webcam, working against
// the embedded SQLite library, with makerspace booking.
//
//	kiosk [-config kiosk.toml] [-windowed] [-data DIR]
//
// With no config file it runs on its embedded defaults: a demo library
// created on first run in ~/.local/share/anjungan.
package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"image"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // kiosks on minimal images may lack the zone database

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/anjungan/anjungan/assets"
	"github.com/anjungan/anjungan/booking/engine"
	"github.com/anjungan/anjungan/booking/sqlstore"
	"github.com/anjungan/anjungan/devices/camera"
	"github.com/anjungan/anjungan/devices/mqtt"
	"github.com/anjungan/anjungan/devices/scanner"
	"github.com/anjungan/anjungan/devices/vision"
	"github.com/anjungan/anjungan/kiosk/guestbook"
	"github.com/anjungan/anjungan/kiosk/offline"
	"github.com/anjungan/anjungan/kiosk/session"
	"github.com/anjungan/anjungan/kiosk/sip2"
	"github.com/anjungan/anjungan/kiosk/slims"
	"github.com/anjungan/anjungan/kiosk/sqlite"
	"github.com/anjungan/anjungan/kiosk/ui"
)

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	watchSignals(cancel)
	m := NewMain()
	if err := m.ParseFlags(ctx, os.Args[1:]); errors.Is(err, flag.ErrHelp) {
		os.Exit(0)
	} else if err != nil {
		fmt.Fprintln(os.Stderr, "kiosk:", err)
		os.Exit(2)
	}
	if err := checkDisplay(runtime.GOOS, os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, "kiosk:", err)
		os.Exit(1)
	}
	layoutInPixels(os.Getenv, os.Setenv)
	// A kiosk runs for months on a small PC: keep the Go heap's slack small
	// (the GC works harder as the heap nears this, it never fails an
	// allocation). GOMEMLIMIT overrides it.
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(96 << 20)
	}
	if err := m.Open(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "kiosk:", err)
		os.Exit(1)
	}
	if ctx.Err() == nil { // no SIGTERM while opening
		m.RunUI(ctx)
	}
	if err := m.Close(); err != nil {
		fmt.Fprintln(os.Stderr, "kiosk:", err)
		os.Exit(1)
	}
	os.Exit(m.ExitCode)
}

// Main is the kiosk program: configuration, the library, the devices and
// the window. Tests build it directly.
type Main struct {
	Config     Config
	ConfigPath string
	Windowed   bool
	Logger     *slog.Logger
	// App is the Fyne app; nil makes a real one in RunUI.
	App fyne.App
	// UIDo schedules a render on the Fyne goroutine; fyne.Do when nil.
	// Tests with Fyne's test driver, which runs fyne.Do wherever it is
	// called, route renders to one goroutine of their own.
	UIDo func(func())

	DB         *sqlite.DB       // the embedded library, nil with SIP2
	SIP2       *sip2.Client     // the library system, nil with the embedded library
	SLiMS      *slims.DB        // the library's SLiMS database, with library.backend = "slims"
	Offline    *offline.Queue   // offline circulation in front of SIP2, when allowed
	Makerspace *sqlstore.Store  // nil when makerspace.enabled is false
	makerspace engine.Store     // its engine, which runs and closes it
	changes    chan string      // resources changed elsewhere (a shared makerspace)
	GuestBook  *guestbook.Store // the guest book and the circulation counts (the visits UI only with guestbook.enabled)
	Session    *session.Session
	UI         *ui.UI
	Readers    []*scanner.Reader
	Camera     *camera.Reader
	Reporter   *mqtt.Reporter // nil without a broker

	// Now is the kiosk's clock for the session, the stores and the
	// machines (time.Now when nil): set it before Open.
	Now func() time.Time

	// shareEvery is how often the guest book's rows are copied to the
	// site's store (30 s when zero); onShared hears each round's end (a
	// test's, to await rounds rather than sleep).
	shareEvery time.Duration
	onShared   func(error)

	// ExitCode is what the program exits with: ExitRestart after a
	// staff restart. OnRestart ends the program (quits the Fyne app).
	ExitCode    int
	OnRestart   func()
	machines    machines
	printer     printerWatch
	restartOnce sync.Once
	restart     restartTimer
	started     time.Time
	lock        *dataLock // the data folder's, from Open to Close

	ctx    context.Context // Open's, ended by Close
	cancel context.CancelFunc
	wg     sync.WaitGroup
	closed sync.Once
}

// NewMain returns a Main with the default configuration.
func NewMain() *Main {
	return &Main{Config: DefaultConfig(), Logger: slog.Default()}
}

// ParseFlags reads the flags and the config file they name.
func (m *Main) ParseFlags(_ context.Context, args []string) error {
	fs := flag.NewFlagSet("kiosk", flag.ContinueOnError)
	fs.StringVar(&m.ConfigPath, "config", "", "TOML config `file` (default: embedded defaults with the demo library)")
	fs.BoolVar(&m.Windowed, "windowed", false, "run in a window instead of full screen")
	dataDir := fs.String("data", "", "data `folder` (overrides kiosk.data_dir)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	if m.ConfigPath != "" {
		cfg, err := LoadConfig(m.ConfigPath)
		if err != nil {
			return err
		}
		m.Config = cfg
	}
	if *dataDir != "" {
		m.Config.Kiosk.DataDir = *dataDir
	}
	return m.Config.Validate()
}

// Open takes the data folder, opens the library, creating the demo
// library in a new database file when library.demo is on, and starts the
// session timers and the scanners. A second kiosk on the same data folder
// fails here, naming the first.
func (m *Main) Open(ctx context.Context) error {
	cfg := &m.Config
	m.Logger = newLogger(cfg.Log.Level).With("kiosk", cfg.Kiosk.ID)
	loc, err := time.LoadLocation(cfg.Library.TimeZone)
	if err != nil {
		return fmt.Errorf("library.timezone: %w", err)
	}
	dir, err := cfg.dataDir()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return pathError("data folder", dir, err)
	}
	if m.lock, err = lockDataDir(dir); err != nil {
		return err
	}
	if err := m.open(ctx, dir, loc); err != nil {
		m.lock.Release()
		m.lock = nil
		return err
	}
	return nil
}

// now is the time by Main's clock.
func (m *Main) now() time.Time {
	if m.Now != nil {
		return m.Now()
	}
	return time.Now()
}

// open is Open once the data folder is this kiosk's: it opens the
// library, makes the session and starts the components and the devices.
func (m *Main) open(ctx context.Context, dir string, loc *time.Location) error {
	now := func() time.Time { return m.now().In(loc) }
	circ, where, err := m.openCirculation(ctx, dir, now, loc)
	if err != nil {
		return err
	}
	if err := m.newSession(ctx, circ, dir, now, loc); err != nil {
		m.closeLibrary()
		return err
	}
	ctx, m.cancel = context.WithCancel(ctx)
	m.ctx = ctx
	m.Session.Machines = m.Machines // set before Run reads it
	m.goRun(ctx, m.Session.Run)
	if m.SIP2 != nil {
		m.goRun(ctx, m.SIP2.Run)
	}
	if m.SLiMS != nil {
		m.goRun(ctx, m.SLiMS.Run)
	}
	if m.GuestBook != nil {
		m.goRun(ctx, m.purgeGuests)
		if m.Config.GuestBook.SiteDatabase != "" {
			m.goRun(ctx, m.shareNumbers)
		}
	}
	if m.Offline != nil {
		m.goRun(ctx, m.Offline.Run)
	}
	if m.Reporter != nil {
		m.Session.SetOnMode(m.Reporter.Changed)
		m.goRun(ctx, m.Reporter.Run)
	}
	if m.Makerspace != nil {
		m.goRun(ctx, m.makerspace.Run)
		if m.changes != nil {
			m.goRun(ctx, m.forwardChanges)
		}
	}
	m.startDevices(ctx, now)
	m.Logger.Info("kiosk ready", "library", m.Config.Library.Name, "database", where, "scanners", len(m.Readers),
		"makerspace", m.Makerspace != nil, "camera", m.Config.Camera.Device)
	return nil
}

// goRun runs a component's loop; Close waits for it.
func (m *Main) goRun(ctx context.Context, run func(context.Context) error) {
	m.wg.Add(1)
	go func() {
		defer m.wg.Done()
		if err := run(ctx); err != nil {
			m.Logger.Error("component stopped", "err", err)
		}
	}()
}

// NewUI makes the window on m.App (a real Fyne app when nil). The UI lives
// until Close.
func (m *Main) NewUI() *ui.UI {
	if m.App == nil {
		m.App = app.NewWithID(m.appID())
	}
	var logo fyne.Resource = fyne.NewStaticResource("icon.png", assets.Icon)
	if p := m.Config.Library.Logo; p != "" {
		if r, err := fyne.LoadResourceFromPath(p); err == nil {
			logo = r
		} else {
			m.Logger.Warn("library.logo unreadable; using the default", "err", err)
		}
	}
	m.App.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon))
	m.UI = ui.New(m.ctx, m.App, m.Session, assets.Catalog(), m.Config.Library.Name, logo, m.UIDo)
	m.UI.QR = func(payload string, size int) (image.Image, error) { return vision.QR(payload, size) }
	if path := os.Getenv(probeEnv); path != "" {
		// Tests that drive the real binary read where each button is drawn.
		u := m.UI
		u.OnRender = func() {
			if err := u.WriteProbe(path); err != nil {
				m.Logger.Warn("probe not written", "path", path, "err", err)
			}
		}
		u.OnRender()
	}
	return m.UI
}

// appID names this kiosk to Fyne, which keeps a preferences file per
// app ID: two kiosks run by one OS user (or a kiosk and the staff
// monitor) must not share one, or each overwrites what the other reads
// ("Preferences load error: EOF"). The id and the data folder make it
// one per kiosk instance (one kiosk runs per data folder).
func (m *Main) appID() string {
	dir, err := m.Config.dataDir()
	if err != nil {
		dir = ""
	}
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	sum := sha256.Sum256([]byte(dir))
	return "id.anjungan.kiosk." + appIDPart(m.Config.Kiosk.ID) + "." + hex.EncodeToString(sum[:4])
}

// appIDPart keeps what an app ID may hold: letters, digits and dashes.
func appIDPart(s string) string {
	b := []byte(s)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			b[i] = '-'
		}
	}
	return string(b)
}

// probeEnv names a file the kiosk writes what it shows (screen, button
// rectangles) to after every change, for tests that drive the real
// binary with synthetic taps.
const probeEnv = "ANJUNGAN_PROBE"

// layoutInPixels makes Fyne lay the kiosk out in the display's own
// pixels: the kiosk's screens are built and tested for the displays
// kiosks use (800x480 to 1920x1080), and Fyne's DPI guess would make a
// 7" 800x480 screen 727x436. FYNE_SCALE still enlarges everything.
func layoutInPixels(getenv func(string) string, setenv func(string, string) error) {
	const key = "FYNE_DISABLE_DPI_DETECTION"
	if getenv(key) == "" && getenv("FYNE_SCALE") == "" {
		_ = setenv(key, "1")
	}
}

// RunUI shows the window and runs Fyne until the window closes or ctx ends.
func (m *Main) RunUI(ctx context.Context) {
	u := m.NewUI()
	u.Show(m.Windowed)
	stop := context.AfterFunc(ctx, func() { fyne.Do(m.App.Quit) })
	defer stop()
	if m.OnRestart == nil {
		m.OnRestart = func() { fyne.Do(m.App.Quit) }
	}
	m.App.Run()
}

// Close stops the devices and the UI's action queue, waits for them,
// closes the library and gives up the data folder. Calling it again does
// nothing.
func (m *Main) Close() error {
	var err error
	m.closed.Do(func() {
		m.stopRestart()
		if m.cancel != nil {
			m.cancel()
		}
		m.wg.Wait()
		if m.UI != nil {
			<-m.UI.Done()
		}
		if m.Makerspace != nil {
			err = m.makerspace.Close()
		}
		if m.DB != nil {
			err = errors.Join(err, m.DB.Close())
		}
		if m.Offline != nil {
			err = errors.Join(err, m.Offline.Close())
		}
		if m.SLiMS != nil {
			err = errors.Join(err, m.SLiMS.Close())
		}
		if m.GuestBook != nil {
			err = errors.Join(err, m.GuestBook.Close())
		}
		err = errors.Join(err, m.lock.Release())
	})
	return err
}

// pathError is err from the folder or file at path, naming it: the
// operator's first question, which the errors of SQLite and of MkdirAll
// on a parent folder do not answer.
func pathError(what, path string, err error) error {
	if strings.Contains(err.Error(), path) {
		return fmt.Errorf("%s: %w", what, err)
	}
	return fmt.Errorf("%s %s: %w", what, path, err)
}

func newLogger(level string) *slog.Logger {
	var l slog.Level
	_ = l.UnmarshalText([]byte(level))
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: l}))
}
