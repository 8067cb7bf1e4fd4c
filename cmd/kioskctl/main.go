// Command kioskctl is the staff and operations tool for Anjungan kiosks.
//
//	kioskctl [-db FILE] import catalog|patrons [-partial] [-n] FILE
//	kioskctl ports
//	kioskctl scan-echo [-baud N] [-idle-gap D] [-mod10] PORT
//	kioskctl [-makerspace FILE] makerspace COMMAND …   (kioskctl makerspace help)
//	kioskctl keygen | status | watch | cmd SITE/KIOSK ACTION   (staff, over MQTT)
//	kioskctl slims test | slims pin set|remove CARD   (a SLiMS database)
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"
	_ "time/tzdata"

	"go.bug.st/serial/enumerator"

	"github.com/anjungan/anjungan/devices/scanner"
	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/sqlite"
)

const usage = `kioskctl: staff and operations tool for Anjungan kiosks

  kioskctl [-db FILE] import catalog [-partial] [-n] FILE   load items from CSV
  kioskctl [-db FILE] import patrons [-partial] [-n] FILE   load patrons from CSV
  kioskctl ports                                           list serial ports with USB VID/PID
  kioskctl scan-echo [-baud N] [-idle-gap D] [-mod10] PORT print what a scanner sends
  kioskctl [-makerspace FILE] makerspace COMMAND …         resources, rules, closures, certificates,
                                                           bookings, reports, iCal (makerspace help)
  kioskctl keygen [-o staff.key]                           make a staff key that signs commands
  kioskctl status [-json] [broker flags]                   every kiosk: online, mode, devices, counters, alerts
  kioskctl watch [broker flags]                            follow the kiosks live
  kioskctl cmd SITE/KIOSK ACTION [-message T] [broker flags]
                 out-of-service, in-service, message, reload, restart, ping
  kioskctl broker [-listen :1883] [-users FILE] [-staff staff]   an embedded broker for a small site
  kioskctl broker passwd FILE USER                          add a broker user (password on stdin)
  kioskctl broker acl -kiosks FILE [-staff staff] [-o FILE]  Mosquitto ACL from SITE/KIOSK lines
  kioskctl simulate -kiosks N [-rate R] [broker flags]      N simulated kiosks, for load tests
  kioskctl sip2 test -addr HOST:PORT [-user U -password P] [-patron CARD -pin PIN] [-tls [-ca FILE]]
                                                           check a SIP2 server: login, SC status, a patron
  kioskctl [-db FILE] sip2 serve [-listen :6001] [-user U] [-cert FILE -key FILE]
                                                           the embedded library as a SIP2 server
  kioskctl sip2 serve -library slims -uid N [-login password|pin|card] [-slims-host H -slims-user U …]
                                                           a SLiMS database as a SIP2 server
  kioskctl slims test [SLiMS flags] [-tz ZONE] [-card CARD] check a SLiMS database for the kiosk: login, tables,
                                                           engines, locks, clock, settings, a member
  kioskctl slims pin set|remove CARD [SLiMS flags]          a member's kiosk PIN for [slims] login = "pin"
                                                           (set reads it from standard input)
  kioskctl report visits|loans|returns|satisfaction|comments|skm|makerspace|purposes|demographics
           -from DAY -to DAY [-by hour|weekday|day|week|month] [-guestbook FILE|postgres://…]…
           [-chart FILE.png|.svg] [-pdf FILE (skm)]        the library's numbers as CSV, a chart or the SKM PDF
                                                           (a site's kiosks add up; kioskctl report help)
  kioskctl site-store migrate postgres://…                   make a site's shared store of numbers (as its owner)
  kioskctl guestbook pass -config kiosk.toml -event NAME -until DAY -n N -out DIR
                                                           N numbered, site-signed visitor QR codes for an event
                                                           (PNG; kioskctl guestbook help)
  kioskctl offline [-queue FILE] [-state refused|pending|done|all]   offline transactions to follow up
  kioskctl offline resolve ID                               mark a refused one as dealt with
Broker flags: -broker URL -user U -password P (or ANJUNGAN_BROKER, ANJUNGAN_MQTT_USER,
ANJUNGAN_MQTT_PASSWORD), -ca FILE, -staff-key FILE (or ANJUNGAN_STAFF_KEY), -site S.
SLiMS flags, as [slims] in kiosk.toml: -host H [-port 3306] or -socket PATH, -user U, -password P (or
ANJUNGAN_SLIMS_PASSWORD), -database D, -tls [-ca FILE], -timeout D; under sip2 serve -slims-host … .

-db defaults to ~/.local/share/anjungan/library.db and -makerspace to
makerspace.db beside it, the kiosk's defaults; -tz is the library's zone.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stdout)
	if err != nil && !errors.Is(err, flag.ErrHelp) && !errors.Is(err, errUsage) {
		fmt.Fprintln(os.Stderr, "kioskctl:", err)
	}
	os.Exit(exitCode(err))
}

// errUsage: kioskctl was given nothing to do; the usage went to stderr.
var errUsage = errors.New("usage")

// exitCode is 0 for success and for help asked for (-h, -help, on any
// command), 2 for no command at all, 1 for anything that failed.
func exitCode(err error) int {
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	}
	return 1
}

func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("kioskctl", flag.ContinueOnError)
	fs.Usage = func() { fmt.Fprint(os.Stderr, usage) }
	dbPath := fs.String("db", defaultDB(), "library database `file`")
	tz := fs.String("tz", "Asia/Jakarta", "library time `zone`")
	msPath := fs.String("makerspace", defaultMakerspaceDB(), "makerspace database `file`")
	if err := fs.Parse(args); err != nil {
		return err
	}
	args = fs.Args()
	if len(args) == 0 {
		fs.Usage()
		return errUsage
	}
	switch args[0] {
	case "import":
		return importCmd(ctx, *dbPath, *tz, args[1:], out)
	case "ports":
		return portsCmd(out)
	case "scan-echo":
		return scanEcho(ctx, args[1:], out)
	case "makerspace":
		return makerspaceCmd(ctx, *msPath, *tz, args[1:], out)
	case "keygen":
		return keygenCmd(args[1:], out)
	case "status":
		return statusCmd(ctx, args[1:], out)
	case "watch":
		return watchCmd(ctx, args[1:], out)
	case "cmd":
		return cmdCmd(ctx, args[1:], out)
	case "broker":
		return brokerCmd(ctx, args[1:], out)
	case "simulate":
		return simulateCmd(ctx, args[1:], out)
	case "sip2":
		return sip2Cmd(ctx, *dbPath, *tz, args[1:], out)
	case "offline":
		return offlineCmd(ctx, args[1:], out)
	case "slims":
		return slimsCmd(ctx, *tz, args[1:], os.Stdin, out)
	case "report":
		return guestReportCmd(ctx, *tz, args[1:], out)
	case "site-store":
		return siteStoreCmd(ctx, args[1:], out)
	case "guestbook":
		return guestbookCmd(args[1:], out)
	}
	fs.Usage()
	return fmt.Errorf("unknown command %q", args[0])
}

func defaultDB() string {
	if x := os.Getenv("XDG_DATA_HOME"); x != "" {
		return filepath.Join(x, "anjungan", "library.db")
	}
	home, _ := os.UserHomeDir()
	return filepath.Join(home, ".local", "share", "anjungan", "library.db")
}

func importCmd(ctx context.Context, dbPath, tz string, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	partial := fs.Bool("partial", false, "import the good rows even when some are rejected")
	dry := fs.Bool("n", false, "check the file, import nothing")
	if len(args) == 0 {
		return errors.New("import what? catalog or patrons")
	}
	what := args[0]
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("import %s: give one CSV file", what)
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	defer f.Close()
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return fmt.Errorf("-tz: %w", err)
	}
	db := sqlite.NewDB(dbPath)
	db.Location = loc
	if err := db.Open(ctx); err != nil {
		return err
	}
	defer db.Close()
	opt := sqlite.ImportOptions{Partial: *partial, DryRun: *dry}
	var rep *sqlite.ImportReport
	switch what {
	case "catalog":
		rep, err = db.ImportCatalog(ctx, f, opt)
	case "patrons":
		rep, err = db.ImportPatrons(ctx, f, opt)
	default:
		return fmt.Errorf("import %q: want catalog or patrons", what)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", fs.Arg(0), err)
	}
	for _, r := range rep.Rejected {
		fmt.Fprintf(out, "%s: %s\n", fs.Arg(0), r)
	}
	switch {
	case rep.Committed:
		fmt.Fprintf(out, "imported: %d added, %d updated, %d rejected of %d rows\n", rep.Added, rep.Updated, len(rep.Rejected), rep.Rows)
	case *dry:
		fmt.Fprintf(out, "checked (nothing imported): %d would be added, %d updated, %d rejected of %d rows\n", rep.Added, rep.Updated, len(rep.Rejected), rep.Rows)
	default:
		return fmt.Errorf("nothing imported: %d of %d rows rejected (fix them, or use -partial)", len(rep.Rejected), rep.Rows)
	}
	return nil
}

func portsCmd(out io.Writer) error {
	ports, err := enumerator.GetDetailedPortsList()
	if err != nil {
		return fmt.Errorf("list ports: %w", err)
	}
	if len(ports) == 0 {
		fmt.Fprintln(out, "no serial ports found")
		return nil
	}
	fmt.Fprintf(out, "%-24s %-6s %-6s %-16s %s\n", "PORT", "VID", "PID", "SERIAL", "PRODUCT")
	for _, p := range ports {
		vid, pid := "-", "-"
		if p.IsUSB {
			vid, pid = p.VID, p.PID
		}
		fmt.Fprintf(out, "%-24s %-6s %-6s %-16s %s\n", p.Name, vid, pid, p.SerialNumber, p.Product)
	}
	return nil
}

func scanEcho(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("scan-echo", flag.ContinueOnError)
	baud := fs.Int("baud", 9600, "baud rate")
	gap := fs.Duration("idle-gap", 0, "end a scan after this pause (scanners with no suffix)")
	mod10 := fs.Bool("mod10", false, "check Mod-10 check digits")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("scan-echo: give one port, e.g. /dev/ttyACM0")
	}
	r := &scanner.Reader{
		Name: "echo", Port: scanner.Port{Path: fs.Arg(0), BaudRate: *baud}, IdleGap: *gap,
		Decode: scanner.DecodeOptions{Mod10: *mod10},
		OnScan: func(s kiosk.Scan) {
			sym := string(s.Symbology)
			if sym == "" {
				sym = "-"
			}
			fmt.Fprintf(out, "%s  %-10s %s\n", s.At.Format("15:04:05.000"), sym, s.Code)
		},
		OnState: func(s kiosk.DeviceState) {
			if s.Connected {
				fmt.Fprintf(out, "connected: %s (Ctrl-C to stop)\n", s.Port)
			} else {
				fmt.Fprintf(out, "not connected: %s %s (retrying)\n", s.Port, s.LastError)
			}
		},
	}
	return r.Run(ctx)
}
