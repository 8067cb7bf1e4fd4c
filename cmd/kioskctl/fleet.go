package main

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/anjungan/anjungan/devices/mqtt"
	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/fleet"
)

// brokerFlags are the staff tool's broker settings, from flags or the
// environment (ANJUNGAN_BROKER, ANJUNGAN_MQTT_USER, ANJUNGAN_MQTT_PASSWORD,
// ANJUNGAN_STAFF_KEY).
type brokerFlags struct {
	url, user, password, ca, cert, key string
	staffKey, name, site               string
	offlineAfter                       time.Duration
}

func (b *brokerFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&b.url, "broker", envOr("ANJUNGAN_BROKER", "tcp://127.0.0.1:1883"), "broker `url`")
	fs.StringVar(&b.user, "user", envOr("ANJUNGAN_MQTT_USER", "staff"), "broker user")
	fs.StringVar(&b.password, "password", os.Getenv("ANJUNGAN_MQTT_PASSWORD"), "broker password (better: ANJUNGAN_MQTT_PASSWORD)")
	fs.StringVar(&b.ca, "ca", "", "CA certificate `file` for ssl://")
	fs.StringVar(&b.cert, "cert", "", "client certificate `file`")
	fs.StringVar(&b.key, "cert-key", "", "client key `file`")
	fs.StringVar(&b.staffKey, "staff-key", envOr("ANJUNGAN_STAFF_KEY", ""), "staff signing key `file` (kioskctl keygen)")
	fs.StringVar(&b.name, "name", envOr("USER", "staff"), "your name, recorded with commands")
	fs.StringVar(&b.site, "site", "", "only this site (default: all)")
	fs.DurationVar(&b.offlineAfter, "offline-alert", time.Minute, "a kiosk offline this long is a severe alert")
}

// model is an empty fleet model with the flags' alert limits.
func (b *brokerFlags) model() *fleet.Model {
	m := fleet.NewModel()
	m.OfflineAfter = b.offlineAfter
	return m
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

// staff is the staff client of one tool ("status", "watch", "cmd").
func (b *brokerFlags) staff(tool string, model *fleet.Model) (*mqtt.Staff, error) {
	s := &mqtt.Staff{
		Broker: mqtt.Broker{URL: b.url, Username: b.user, Password: b.password, CAFile: b.ca, CertFile: b.cert, KeyFile: b.key},
		Tool:   "kioskctl-" + tool, Site: b.site, Model: model, Name: b.name,
	}
	if b.staffKey != "" {
		k, err := readStaffKey(b.staffKey)
		if err != nil {
			return nil, err
		}
		s.Key = k
	}
	return s, nil
}

// readStaffKey reads a private key written by keygen (the 32-byte seed in
// hex).
func readStaffKey(path string) (ed25519.PrivateKey, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("staff key: %w", err)
	}
	seed, err := hex.DecodeString(strings.TrimSpace(string(b)))
	if err != nil || len(seed) != ed25519.SeedSize {
		return nil, fmt.Errorf("staff key %s: not a key written by kioskctl keygen", path)
	}
	return ed25519.NewKeyFromSeed(seed), nil
}

// keygenCmd writes a new staff signing key and prints its public half for
// the kiosks' mqtt.staff_keys.
func keygenCmd(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("keygen", flag.ContinueOnError)
	file := fs.String("o", "staff.key", "write the private key to this `file` (mode 0600)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(*file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("%w (a key is never overwritten)", err)
	}
	if _, err := fmt.Fprintln(f, hex.EncodeToString(priv.Seed())); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(out, "private key written to %s: keep it on staff machines only\n", *file)
	fmt.Fprintf(out, "public key, for each kiosk's [mqtt] staff_keys:\n%s\n", base64.StdEncoding.EncodeToString(pub))
	return nil
}

// collect connects, lets the retained messages arrive, and returns the
// model once the stream goes quiet (or after wait).
func collect(ctx context.Context, b *brokerFlags, wait time.Duration) (*fleet.Model, error) {
	model := b.model()
	s, err := b.staff("status", model)
	if err != nil {
		return nil, err
	}
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := s.Connect(cctx); err != nil {
		return nil, err
	}
	defer s.Close()
	deadline := time.Now().Add(wait)
	last, quiet := model.Version(), time.Now()
	for time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
		if v := model.Version(); v != last {
			last, quiet = v, time.Now()
		} else if last > 0 && time.Since(quiet) > 300*time.Millisecond {
			break
		}
	}
	return model, nil
}

func statusCmd(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("status", flag.ContinueOnError)
	var b brokerFlags
	b.register(fs)
	asJSON := fs.Bool("json", false, "print JSON")
	wait := fs.Duration("wait", 3*time.Second, "longest wait for the kiosks' retained state")
	if err := fs.Parse(args); err != nil {
		return err
	}
	model, err := collect(ctx, &b, *wait)
	if err != nil {
		return err
	}
	snap := model.Snapshot(b.site)
	if *asJSON {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		return enc.Encode(snap)
	}
	printFleet(out, snap, time.Now())
	return nil
}

func printFleet(out io.Writer, snap []fleet.Kiosk, now time.Time) {
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SITE\tKIOSK\tONLINE\tLAST SEEN\tMODE\tVERSION\tUPTIME\tSCANS\tLOANS\tRETURNS\tERRORS\tALERTS")
	for _, k := range snap {
		online := "no"
		if k.Online {
			online = "yes"
		}
		seen := "-"
		if !k.LastSeen.IsZero() {
			seen = max(now.Sub(k.LastSeen), 0).Round(time.Second).String() + " ago"
		}
		var alerts []string
		for _, a := range k.Alerts {
			s := a.Detail
			if s == "" {
				s = a.Kind
			}
			if a.Severe {
				s = "!" + s
			}
			alerts = append(alerts, s)
		}
		st := k.Status
		uptime := "-"
		if !st.Started.IsZero() {
			uptime = st.Uptime().Round(time.Minute).String()
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%s\n", k.Site, k.ID, online, seen, dash(string(st.Mode)),
			dash(st.Version), uptime, st.Counters.Scans, st.Counters.Loans, st.Counters.Returns, st.Counters.Errors, strings.Join(alerts, "; "))
	}
	if len(snap) == 0 {
		fmt.Fprintln(tw, "no kiosks have reported")
	}
	tw.Flush()
}

// watchCmd prints the fleet's messages as they come, until interrupted.
func watchCmd(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("watch", flag.ContinueOnError)
	var b brokerFlags
	b.register(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	model := b.model()
	changed := make(chan struct{}, 1)
	model.SetOnChange(func() {
		select {
		case changed <- struct{}{}:
		default:
		}
	})
	s, err := b.staff("watch", model)
	if err != nil {
		return err
	}
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := s.Connect(cctx); err != nil {
		return err
	}
	defer s.Close()
	seen := map[string]string{}
	// A tick too: a kiosk offline past -offline-alert turns severe with
	// no message at all.
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-changed:
		case <-tick.C:
		}
		for _, k := range model.Snapshot(b.site) {
			line := summary(k)
			if seen[k.Key()] != line {
				seen[k.Key()] = line
				fmt.Fprintf(out, "%s  %s  %s\n", time.Now().Format("15:04:05"), k.Key(), line)
			}
		}
	}
}

// summary is a kiosk in one line that changes only when something about
// it does (no running durations): online or offline since when, alerts
// (! for severe), the last event.
func summary(k fleet.Kiosk) string {
	parts := []string{"online", string(k.Status.Mode)}
	if !k.Online {
		parts = []string{"offline"}
		since := k.Since
		if since.IsZero() {
			since = k.LastSeen
		}
		if !since.IsZero() {
			parts[0] = "offline since " + since.Local().Format("2006-01-02 15:04:05")
		}
	}
	for _, a := range k.Alerts {
		s := a.Kind + ": " + a.Detail
		if a.Kind == fleet.AlertOffline {
			s = "offline too long"
			if !a.Severe {
				continue
			}
		}
		if a.Severe {
			s = "!" + s
		}
		parts = append(parts, s)
	}
	if n := len(k.Events); n > 0 {
		e := k.Events[n-1]
		parts = append(parts, "last event "+e.Kind+" "+e.Detail)
	}
	return strings.Join(parts, " | ")
}

var cmdActions = map[string]kiosk.Action{
	"out-of-service": kiosk.ActionOutOfService, "in-service": kiosk.ActionInService, "message": kiosk.ActionMessage,
	"reload": kiosk.ActionReload, "restart": kiosk.ActionRestart, "ping": kiosk.ActionPing,
}

// cmdCmd sends one signed command and prints the kiosk's reply. Out of
// service and back in service are also published as the kiosk's retained
// desired state, so they survive a kiosk restart.
func cmdCmd(ctx context.Context, args []string, out io.Writer) error {
	if len(args) < 2 {
		return errors.New("cmd: SITE/KIOSK ACTION [-message TEXT]; actions: out-of-service, in-service, message, reload, restart, ping")
	}
	target, name := args[0], args[1]
	fs := flag.NewFlagSet("cmd", flag.ContinueOnError)
	var b brokerFlags
	b.register(fs)
	message := fs.String("message", "", "text shown on the kiosk")
	timeout := fs.Duration("timeout", 10*time.Second, "how long to wait for the kiosk's reply")
	if err := fs.Parse(args[2:]); err != nil {
		return err
	}
	action, ok := cmdActions[name]
	if !ok {
		return fmt.Errorf("cmd: unknown action %q; want out-of-service, in-service, message, reload, restart or ping", name)
	}
	site, id, found := strings.Cut(target, "/")
	if !found {
		site, id = b.site, target
	}
	if site == "" {
		return errors.New("cmd: name the kiosk as SITE/KIOSK (or give -site)")
	}
	s, err := b.staff("cmd", nil)
	if err != nil {
		return err
	}
	if s.Key == nil {
		return errors.New("cmd: commands must be signed: give -staff-key FILE (kioskctl keygen makes one)")
	}
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := s.Connect(cctx); err != nil {
		return err
	}
	defer s.Close()
	switch action {
	case kiosk.ActionOutOfService:
		err = s.SetDesired(site, id, kiosk.ModeOutOfService, *message)
	case kiosk.ActionInService:
		err = s.SetDesired(site, id, kiosk.ModeInService, "")
	}
	if err != nil {
		return fmt.Errorf("desired state not published: %w", err)
	}
	rctx, rcancel := context.WithTimeout(ctx, *timeout)
	defer rcancel()
	r, err := s.Command(rctx, site, id, action, *message)
	if err != nil {
		if errors.Is(err, mqtt.ErrNoReply) && (action == kiosk.ActionOutOfService || action == kiosk.ActionInService) {
			return fmt.Errorf("%w; the desired state is kept by the broker and applies when the kiosk comes back", err)
		}
		return err
	}
	fmt.Fprintf(out, "%s/%s: ok: %s\n", site, id, r.Detail)
	return nil
}
