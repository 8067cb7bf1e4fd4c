// Command kioskmon is the staff monitor: a window with every kiosk, its
// devices, counters and alerts, and actions on each (out of service,
// back in service, message, reload, restart, ping), and a Statistik tab
// with each site's today and this week (from the kiosks' counters, kept
// in a history file, and from kiosks' guest-book files given with
// -guestbook SITE=FILE).
//
//	kioskmon -broker tcp://broker:1883 -user staff -staff-key staff.key
//	kioskmon -broker :1883 -users broker.users -site perpustakaan -staff-key staff.key   (embedded broker)
//
// The password comes from -password or ANJUNGAN_MQTT_PASSWORD.
package main

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/anjungan/anjungan/assets"
	"github.com/anjungan/anjungan/devices/broker"
	"github.com/anjungan/anjungan/devices/mqtt"
	"github.com/anjungan/anjungan/kiosk/fleet"
	"github.com/anjungan/anjungan/kiosk/ui/monitor"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:]); err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "kioskmon:", err)
		os.Exit(1)
	}
}

// options are kioskmon's flags.
type options struct {
	broker, users, user, password, ca, staffKey, name, site string
	staffUsers, kiosks                                      string
	offlineAfter                                            time.Duration
	history, tz                                             string
	guestbooks                                              sources
}

func parse(args []string) (options, error) {
	var o options
	fs := flag.NewFlagSet("kioskmon", flag.ContinueOnError)
	fs.StringVar(&o.broker, "broker", envOr("ANJUNGAN_BROKER", "tcp://127.0.0.1:1883"), "broker `url`; a bare :port or host:port starts an embedded broker there")
	fs.StringVar(&o.users, "users", "broker.users", "users `file` of the embedded broker (kioskctl broker passwd)")
	fs.StringVar(&o.staffUsers, "staff-users", "staff", "comma-separated staff users of the embedded broker")
	fs.StringVar(&o.kiosks, "kiosks", "", "the embedded broker's kiosks: a `file` of SITE/KIOSK lines (else every user not staff is a kiosk of -site)")
	fs.StringVar(&o.user, "user", envOr("ANJUNGAN_MQTT_USER", "staff"), "broker user")
	fs.StringVar(&o.password, "password", os.Getenv("ANJUNGAN_MQTT_PASSWORD"), "broker password")
	fs.StringVar(&o.ca, "ca", "", "CA certificate `file` for ssl://")
	fs.StringVar(&o.staffKey, "staff-key", os.Getenv("ANJUNGAN_STAFF_KEY"), "staff signing key `file` (kioskctl keygen); without it actions are off")
	fs.StringVar(&o.name, "name", envOr("USER", "staff"), "your name, recorded with commands")
	fs.StringVar(&o.site, "site", "", "only this site")
	fs.DurationVar(&o.offlineAfter, "offline-alert", time.Minute, "a kiosk offline this long is an alert")
	fs.StringVar(&o.history, "history", "", "`file` keeping the days the Statistik view has seen (default: one per broker and user in your config folder; \"none\" keeps nothing)")
	fs.Var(&o.guestbooks, "guestbook", "a kiosk's guest book `[SITE=]FILE`, or a site's shared store SITE=postgres://…, whose counts the Statistik view shows (repeat for more; SITE defaults to -site)")
	fs.StringVar(&o.tz, "tz", "Asia/Jakarta", "the library's time `zone`, for the days of -guestbook files")
	err := fs.Parse(args)
	if err == nil {
		if _, zerr := time.LoadLocation(o.tz); zerr != nil {
			err = fmt.Errorf("-tz %q: %w", o.tz, zerr)
		}
	}
	if err == nil && len(o.guestbooks) > 0 && o.site == "" {
		for _, g := range o.guestbooks {
			if g.site == "" {
				err = fmt.Errorf("-guestbook %s: name its site (SITE=FILE) or give -site", g.path)
				break
			}
		}
	}
	return o, err
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

func run(ctx context.Context, args []string) error {
	o, err := parse(args)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	model, staff, brokerDone, err := setup(ctx, o)
	if err != nil {
		return err
	}
	// On the way out, in this order: the monitor (and any command it has
	// under way), the staff client, the embedded broker.
	defer func() { cancel(); <-brokerDone }()
	defer staff.Close()

	keeper := newKeeper(o, model.History)
	keeper.load()
	keepCtx, stopKeep := context.WithCancel(ctx)
	keepDone := make(chan struct{})
	go func() { defer close(keepDone); keeper.Run(keepCtx) }()
	defer func() { stopKeep(); <-keepDone }()

	a := app.NewWithID(appID(o.broker, o.user))
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon))
	mon := monitor.New(a, model, staff, nil)
	mon.StatsProblems = keeper.Problems
	monCtx, stopMon := context.WithCancel(ctx)
	monDone := make(chan struct{})
	go func() { defer close(monDone); mon.Run(monCtx) }()
	defer func() { stopMon(); <-monDone }()
	stopQuit := context.AfterFunc(ctx, func() { fyne.Do(a.Quit) })
	defer stopQuit()
	mon.Window.ShowAndRun()
	return nil
}

// setup starts the embedded broker when -broker has no scheme, and
// connects the staff client feeding the model. brokerDone yields the
// embedded broker's end once it stopped with ctx (at once without one);
// the caller waits for it. When setup fails, the broker it started has
// stopped.
func setup(ctx context.Context, o options) (*fleet.Model, *mqtt.Staff, <-chan error, error) {
	url, stopBroker, brokerDone, err := embed(ctx, o)
	if err != nil {
		return nil, nil, nil, err
	}
	model, staff, err := connect(ctx, o, url)
	if err != nil {
		stopBroker()
		<-brokerDone
		return nil, nil, nil, err
	}
	return model, staff, brokerDone, nil
}

// embed starts the embedded broker when -broker has no scheme and returns
// its URL, a function that stops it and a channel yielding its end (at
// once, and the URL -broker, when there is none to start).
func embed(ctx context.Context, o options) (url string, stop context.CancelFunc, done <-chan error, err error) {
	end := make(chan error, 1)
	if strings.Contains(o.broker, "://") {
		end <- nil
		return o.broker, func() {}, end, nil
	}
	users, err := broker.LoadUsers(o.users)
	if err != nil {
		return "", nil, nil, fmt.Errorf("embedded broker: %w (kioskctl broker passwd %s USER adds users)", err, o.users)
	}
	staffUsers := strings.Split(o.staffUsers, ",")
	var kiosks []broker.Kiosk
	switch {
	case o.kiosks != "":
		if kiosks, err = broker.LoadKiosks(o.kiosks); err != nil {
			return "", nil, nil, fmt.Errorf("embedded broker: %w", err)
		}
	case o.site != "":
		kiosks = broker.KiosksAt(o.site, users, staffUsers)
	default:
		return "", nil, nil, errors.New("embedded broker: name its kiosks: -kiosks FILE (SITE/KIOSK lines), or -site SITE when every user that is not staff is a kiosk of that site")
	}
	b := &broker.Broker{Addr: o.broker, Users: users, Staff: staffUsers, Kiosks: kiosks, Logger: slog.Default()}
	bctx, stop := context.WithCancel(ctx)
	go func() {
		err := b.Run(bctx)
		if err != nil {
			slog.Error("embedded broker stopped", "err", err)
		}
		stop()
		end <- err
	}()
	addr, err := b.ListenAddr(5 * time.Second)
	if err == nil {
		var host, port string
		if host, port, err = net.SplitHostPort(addr); err == nil {
			if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
				host = "127.0.0.1" // listening everywhere: talk to it here
			}
			return "tcp://" + net.JoinHostPort(host, port), stop, end, nil
		}
	}
	stop()
	<-end
	return "", nil, nil, err
}

// connect connects the staff client to url, with the signing key of
// -staff-key, feeding a new model.
func connect(ctx context.Context, o options, url string) (*fleet.Model, *mqtt.Staff, error) {
	model := fleet.NewModel()
	model.OfflineAfter = o.offlineAfter
	model.History = &fleet.History{}
	staff := &mqtt.Staff{Broker: mqtt.Broker{URL: url, Username: o.user, Password: o.password, CAFile: o.ca}, Tool: "kioskmon", Site: o.site, Model: model, Name: o.name}
	if o.staffKey != "" {
		b, err := os.ReadFile(o.staffKey)
		if err != nil {
			return nil, nil, err
		}
		seed, err := hex.DecodeString(strings.TrimSpace(string(b)))
		if err != nil || len(seed) != ed25519.SeedSize {
			return nil, nil, fmt.Errorf("%s: not a key written by kioskctl keygen", o.staffKey)
		}
		staff.Key = ed25519.NewKeyFromSeed(seed)
	}
	cctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if err := staff.Connect(cctx); err != nil {
		return nil, nil, err
	}
	return model, staff, nil
}

// appID names this monitor to Fyne, which keeps a preferences file per
// app ID: not the kiosk's, and one per broker and staff user, so that
// monitors of two sites run by one OS user do not share one.
func appID(broker, user string) string {
	sum := sha256.Sum256([]byte(broker + "\x00" + user))
	return "id.anjungan.kioskmon." + hex.EncodeToString(sum[:4])
}

// newKeeper is the monitor's statistics keeper for o.
func newKeeper(o options, h *fleet.History) *statsKeeper {
	loc, err := time.LoadLocation(o.tz)
	if err != nil {
		loc = time.Local // parse checked it
	}
	path := o.history
	switch path {
	case "":
		path = defaultHistory(o.broker, o.user)
	case "none":
		path = ""
	}
	return &statsKeeper{History: h, Path: path, Sources: o.guestbooks, Site: o.site, Location: loc,
		Every: time.Minute, Now: time.Now, Logger: slog.Default()}
}
