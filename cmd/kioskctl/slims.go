package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/slims"
)

const slimsUsage = "slims: test -host H -user U -database D [-card CARD] [-login password|pin|card] …, or pin set|remove CARD [connection flags]"

// slimsCmd is `kioskctl slims`: check a SLiMS database for the kiosk,
// and set or remove members' kiosk PINs. in is where a PIN is read from.
func slimsCmd(ctx context.Context, tz string, args []string, in io.Reader, out io.Writer) error {
	if len(args) == 0 {
		return errors.New(slimsUsage)
	}
	switch args[0] {
	case "test":
		return slimsTest(ctx, tz, args[1:], out)
	case "pin":
		return slimsPIN(ctx, tz, args[1:], in, out)
	}
	return errors.New(slimsUsage)
}

// slimsTest is `kioskctl slims test`: what staff run before pointing a
// kiosk at SLiMS, and when it fails. It exits non-zero when a check
// failed, not for warnings.
func slimsTest(ctx context.Context, tz string, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("slims test", flag.ContinueOnError)
	var conn slimsFlags
	conn.register(fs, "")
	zone := fs.String("tz", tz, "the library's time `zone` (library.timezone)")
	card := fs.String("card", "", "a member `card` to look up (optional)")
	login := fs.String("login", "password", "how patrons log in (slims.login): password (SLiMS's), pin (kioskctl slims pin) or card; the member's lines and the rights needed follow it")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return fmt.Errorf("slims test: unexpected %q", fs.Arg(0))
	}
	cfg, err := conn.config()
	if err != nil {
		return fmt.Errorf("slims test: %w", err)
	}
	loc, err := time.LoadLocation(*zone)
	if err != nil {
		return fmt.Errorf("slims test: -tz: %w", err)
	}
	l, err := slims.ParseLogin(*login)
	if err != nil {
		return fmt.Errorf("slims test: -login %w", err)
	}
	r, err := (&slims.Checker{Config: cfg, Card: *card, Login: l, Location: loc}).Run(ctx)
	if err != nil {
		return err
	}
	if _, err := r.WriteTo(out); err != nil {
		return err
	}
	switch _, fail := r.Problems(); {
	case fail == 1:
		return errors.New("slims test: 1 check failed")
	case fail > 1:
		return fmt.Errorf("slims test: %d checks failed", fail)
	}
	return nil
}

// slimsPIN is `kioskctl slims pin set CARD` (the PIN on one line of in)
// and `kioskctl slims pin remove CARD`: kiosk PINs for [slims] login =
// "pin", kept in Anjungan's own table in SLiMS's database.
func slimsPIN(ctx context.Context, tz string, args []string, in io.Reader, out io.Writer) error {
	if len(args) == 0 || (args[0] != "set" && args[0] != "remove") {
		return errors.New("slims pin set CARD (the PIN is read from standard input) | slims pin remove CARD, with the connection flags")
	}
	action := args[0]
	fs := flag.NewFlagSet("slims pin "+action, flag.ContinueOnError)
	var conn slimsFlags
	conn.register(fs, "")
	card, err := parseWithArg(fs, args[1:])
	if err != nil {
		return err
	}
	if card == "" {
		return fmt.Errorf("slims pin %s: give the member's card", action)
	}
	cfg, err := conn.config()
	if err != nil {
		return fmt.Errorf("slims pin %s: %w", action, err)
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return fmt.Errorf("-tz: %w", err)
	}
	var pin string
	if action == "set" {
		if pin, err = readPIN(in, out, card); err != nil {
			return err
		}
	}
	db := &slims.DB{Config: cfg, Location: loc, Logger: slog.New(slog.DiscardHandler)}
	if err := db.Open(ctx); err != nil {
		return fmt.Errorf("slims pin %s: %w%s", action, err, slims.Hint(err, cfg))
	}
	defer db.Close()
	if action == "remove" {
		had, err := db.RemovePIN(ctx, card)
		switch {
		case err != nil:
			return fmt.Errorf("slims pin remove: %w%s", err, slims.Hint(err, cfg))
		case had:
			fmt.Fprintf(out, "%s: kiosk PIN removed\n", card)
		default:
			fmt.Fprintf(out, "%s had no kiosk PIN\n", card)
		}
		return nil
	}
	if err := db.SetPIN(ctx, card, pin); err != nil {
		if kiosk.ErrorKey(err) == kiosk.KeyPatronUnknown {
			return fmt.Errorf("slims pin set: no member %q in SLiMS", card)
		}
		return fmt.Errorf("slims pin set: %w%s", err, slims.Hint(err, cfg))
	}
	fmt.Fprintf(out, "%s: kiosk PIN set\n", card)
	return nil
}

// readPIN reads one line of digits.
func readPIN(in io.Reader, out io.Writer, card string) (string, error) {
	fmt.Fprintf(out, "kiosk PIN for %s (%d to %d digits): ", card, slims.MinPIN, slims.MaxPIN)
	line, err := bufio.NewReader(in).ReadString('\n')
	fmt.Fprintln(out)
	if err != nil && line == "" {
		return "", errors.New("slims pin set: no PIN given (one line on standard input)")
	}
	pin := strings.TrimSpace(line)
	if len(pin) < slims.MinPIN || len(pin) > slims.MaxPIN || strings.Trim(pin, "0123456789") != "" {
		return "", fmt.Errorf("slims pin set: a kiosk PIN has %d to %d digits, and nothing else", slims.MinPIN, slims.MaxPIN)
	}
	return pin, nil
}

// parseWithArg parses flags around one argument (before or after it)
// and returns the argument, "" when there is none.
func parseWithArg(fs *flag.FlagSet, args []string) (string, error) {
	if err := fs.Parse(args); err != nil {
		return "", err
	}
	if fs.NArg() == 0 {
		return "", nil
	}
	arg := fs.Arg(0)
	if err := fs.Parse(fs.Args()[1:]); err != nil {
		return "", err
	}
	if fs.NArg() != 0 {
		return "", fmt.Errorf("%s: unexpected %q", fs.Name(), fs.Arg(0))
	}
	return arg, nil
}

// slimsFlags are a SLiMS database connection, as [slims] in kiosk.toml
// (host, port, user, password, database, socket, tls, ca_file, timeout).
type slimsFlags struct {
	prefix                                     string // of every flag's name
	host, user, password, database, socket, ca string
	port                                       int
	tls                                        bool
	timeout                                    time.Duration
}

// register adds the flags to fs, each name prefixed (sip2 serve has a
// -user of its own).
func (f *slimsFlags) register(fs *flag.FlagSet, prefix string) {
	f.prefix = prefix
	fs.StringVar(&f.host, prefix+"host", "", "SLiMS's database server `host`")
	fs.IntVar(&f.port, prefix+"port", 3306, "its `port`")
	fs.StringVar(&f.socket, prefix+"socket", "", "a Unix socket `path` instead of host and port")
	fs.StringVar(&f.user, prefix+"user", "", "the database `user` the kiosk logs in as")
	fs.StringVar(&f.password, prefix+"password", "", "its `password` (or ANJUNGAN_SLIMS_PASSWORD)")
	fs.StringVar(&f.database, prefix+"database", "", "SLiMS's `database`")
	fs.BoolVar(&f.tls, prefix+"tls", false, "connect with TLS")
	fs.StringVar(&f.ca, prefix+"ca", "", "with TLS: trust only this CA certificate `file` (PEM); else the system's")
	fs.DurationVar(&f.timeout, prefix+"timeout", 10*time.Second, "to connect; twice that for a query")
}

// config is the MySQL driver's configuration, as the kiosk makes it
// from [slims].
func (f *slimsFlags) config() (*mysql.Config, error) {
	name := func(n string) string { return "-" + f.prefix + n }
	c := slims.Conn{Host: f.host, Port: f.port, Socket: f.socket, User: f.user, Password: f.password,
		Database: f.database, TLS: f.tls, CAFile: f.ca, Timeout: f.timeout}
	err := c.Check()
	switch {
	case errors.Is(err, slims.ErrNoServer):
		return nil, fmt.Errorf("give the database server: %s (or %s)", name("host"), name("socket"))
	case errors.Is(err, slims.ErrBadPort):
		return nil, fmt.Errorf("%s %d: want a TCP port (MariaDB's is 3306)", name("port"), f.port)
	case errors.Is(err, slims.ErrNoUser):
		return nil, fmt.Errorf("give the database user: %s", name("user"))
	case errors.Is(err, slims.ErrNoDatabase):
		return nil, fmt.Errorf("give SLiMS's database: %s (often slims or senayan)", name("database"))
	case errors.Is(err, slims.ErrCAWithout):
		return nil, fmt.Errorf("%s is for TLS: add %s", name("ca"), name("tls"))
	case errors.Is(err, slims.ErrTimeout):
		return nil, fmt.Errorf("%s %v: want at least 1s", name("timeout"), f.timeout)
	case err != nil:
		return nil, err
	}
	m, err := c.MySQL()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name("ca"), err)
	}
	return m, nil
}

// isSet reports whether one of these flags (or of the others named) was
// given on the command line.
func (f *slimsFlags) isSet(fs *flag.FlagSet, others ...string) (name string, ok bool) {
	fs.Visit(func(fl *flag.Flag) {
		if (f.prefix != "" && strings.HasPrefix(fl.Name, f.prefix)) || slices.Contains(others, fl.Name) {
			name, ok = fl.Name, true
		}
	})
	return name, ok
}

// openSLiMSLibrary opens a SLiMS database for sip2 serve: loans recorded
// as SLiMS user uid, patrons logging in by login. A server that does not
// answer yet is no error: it is served when it does (the library's run,
// db.Run, watches for it).
func openSLiMSLibrary(ctx context.Context, f *slimsFlags, uid int, login string, loc *time.Location) (*servedLibrary, error) {
	cfg, err := f.config()
	if err != nil {
		return nil, fmt.Errorf("sip2 serve: %w", err)
	}
	if uid < 1 {
		return nil, errors.New("sip2 serve: -library slims needs -uid: the id of the SLiMS user (System > User) the loans are recorded as")
	}
	l, err := slims.ParseLogin(login)
	if err != nil {
		return nil, fmt.Errorf("sip2 serve: -login %w", err)
	}
	db := &slims.DB{Config: cfg, UID: uid, Login: l, Location: loc}
	if err := db.Open(ctx); err != nil {
		return nil, fmt.Errorf("sip2 serve: %w%s", err, slims.Hint(err, cfg))
	}
	return &servedLibrary{circ: db, name: "SLiMS database " + where(cfg), close: db.Close, run: db.Run, ownName: db.LibraryName}, nil
}

// where names a SLiMS database for staff.
func where(cfg *mysql.Config) string {
	at := cfg.Addr
	if cfg.Net == "unix" {
		at = "socket " + at
	}
	return fmt.Sprintf("%q on %s", cfg.DBName, at)
}
