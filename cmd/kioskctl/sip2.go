package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"syscall"
	"time"

	"github.com/anjungan/anjungan/assets"
	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/sip2"
	"github.com/anjungan/anjungan/kiosk/sqlite"
)

// sip2Cmd is `kioskctl sip2 test`: what staff run first when
// self-checkout fails.
func sip2Cmd(ctx context.Context, dbPath, tz string, args []string, out io.Writer) error {
	if len(args) > 0 && args[0] == "serve" {
		return sip2Serve(ctx, dbPath, tz, args[1:], out)
	}
	if len(args) == 0 || args[0] != "test" {
		return errors.New("sip2: test -addr HOST:PORT [-user U -password P] [-patron CARD -pin PIN] …, or serve -listen :6001 -user U -password P")
	}
	fs := flag.NewFlagSet("sip2 test", flag.ContinueOnError)
	addr := fs.String("addr", "", "SIP2 server host:port")
	user := fs.String("user", "", "SIP2 login user (93)")
	password := fs.String("password", "", "SIP2 login password")
	inst := fs.String("institution", "", "institution id (AO)")
	patron := fs.String("patron", "", "a patron card to look up (optional)")
	pin := fs.String("pin", "", "that patron's PIN")
	ed := fs.Bool("error-detection", true, "AY/AZ checksums")
	crlf := fs.Bool("crlf", false, "end messages with CR LF")
	charset := fs.String("charset", "utf-8", "utf-8, cp850 or iso-8859-1")
	timeout := fs.Duration("timeout", 10*time.Second, "per exchange")
	useTLS := fs.Bool("tls", false, "connect with TLS")
	caFile := fs.String("ca", "", "with -tls: trust only this CA certificate (PEM); else the system's")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *addr == "" {
		return errors.New("sip2 test: give -addr HOST:PORT")
	}
	cs, err := sip2.ParseCharset(*charset)
	if err != nil {
		return err
	}
	c := &sip2.Client{Addr: *addr, User: *user, Password: *password, Institution: *inst,
		Options: sip2.Options{ErrorDetection: *ed, CRLF: *crlf, Charset: cs, Timeout: *timeout, Resends: 2}}
	if *useTLS {
		if c.TLS, err = sip2.ClientTLS(*caFile); err != nil {
			return err
		}
	}
	start := time.Now()
	st, rtt, err := c.Status(ctx)
	if err != nil {
		return fmt.Errorf("sip2 test: %w%s", cause(err), hint(err, *useTLS))
	}
	fmt.Fprintf(out, "connected and logged in to %s in %v\n", *addr, time.Since(start).Round(time.Millisecond))
	fmt.Fprintf(out, "SC status: round trip %v; library %q, on-line %v, checkout %v, checkin %v, renewals %v, offline allowed %v, protocol %s\n",
		rtt.Round(time.Microsecond), st.Library, st.Online, st.CheckoutOK, st.CheckinOK, st.RenewalPolicy, st.OfflineOK, st.Version)
	if st.Timeout > 0 || st.Retries >= 0 {
		fmt.Fprintf(out, "server timeout %v, retries %d\n", st.Timeout, st.Retries)
	}
	if missing := st.Unsupported(); len(missing) == 0 {
		fmt.Fprintf(out, "the server takes every message the kiosk uses (BX %q)\n", st.Supported)
	} else {
		fmt.Fprintf(out, "the server does not take: %s (BX %q); the kiosk does without them\n", strings.Join(missing, ", "), st.Supported)
	}
	if *patron != "" {
		p, rtt, err := c.Lookup(ctx, *patron, *pin)
		if err != nil {
			return fmt.Errorf("sip2 test: patron %s: %w", *patron, err)
		}
		fmt.Fprintf(out, "patron %s: valid %v, PIN ok %v (checked %v), %d charged, %d overdue, %d holds; round trip %v\n",
			*patron, p.Valid, p.PasswordOK, p.PasswordKnown, p.ChargedCount, p.OverdueCount, p.HoldCount, rtt.Round(time.Microsecond))
		return patronVerdict(*patron, *pin != "", p, out)
	}
	return nil
}

// patronVerdict fails `sip2 test -patron` as the kiosk would refuse the
// patron: a card the server says is not valid (BL), or, when a PIN was
// given, a PIN it checked and found wrong (CQ). A server that does not
// say whether the PIN is right is told, not failed.
func patronVerdict(card string, withPIN bool, p sip2.PatronInfo, out io.Writer) error {
	switch {
	case !p.Valid:
		return fmt.Errorf("sip2 test: the server says patron %s is not valid (BL not Y): no such card, or one it does not accept; "+
			"the kiosk would say the card is unknown", card)
	case withPIN && p.PasswordKnown && !p.PasswordOK:
		return fmt.Errorf("sip2 test: the server says the PIN is wrong for patron %s (CQ N): check the PIN (-pin), "+
			"and that the server checks the PIN the kiosk sends (AD)", card)
	case withPIN && !p.PasswordKnown:
		fmt.Fprintf(out, "the server did not say whether the PIN is right (no CQ): the kiosk cannot log patron %s in with it\n", card)
	case withPIN:
		fmt.Fprintf(out, "the server says the PIN is right for patron %s\n", card)
	}
	return nil
}

// cause is what went wrong under the patron-facing "library offline".
func cause(err error) error {
	var ke *kiosk.Error
	if errors.As(err, &ke) && ke.Err != nil {
		return ke.Err
	}
	return err
}

// hint says what staff should look at for a failed connection.
func hint(err error, useTLS bool) string {
	var verify *tls.CertificateVerificationError
	var header tls.RecordHeaderError
	var unknown x509.UnknownAuthorityError
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return "\n  nothing listens there: is the SIP2 server running, and the host and port right?"
	case errors.As(err, &verify), errors.As(err, &unknown):
		return "\n  the server's TLS certificate is not trusted here: give its CA with -ca (and [sip2] ca_file)"
	case errors.As(err, &header):
		return "\n  the server does not speak TLS there: drop -tls (and [sip2] tls), or use its TLS port"
	case useTLS && (errors.Is(err, io.EOF) || errors.Is(err, syscall.ECONNRESET)):
		return "\n  the server hung up: it may not speak TLS there (drop -tls, or use its TLS port); else check the login (-user, -password)"
	case useTLS && errors.Is(err, context.DeadlineExceeded):
		return "\n  no answer to the TLS handshake: the server may not speak TLS there (drop -tls, or use its TLS port), or a firewall"
	case errors.Is(err, sip2.ErrTimeout), errors.Is(err, context.DeadlineExceeded):
		h := "\n  no answer in time: a firewall, the wrong port"
		if !useTLS {
			h += ", a server that wants TLS (-tls)"
		}
		return h + ", or one that wants CR LF (-crlf) or no checksums (-error-detection=false)?"
	case errors.Is(err, io.EOF), errors.Is(err, syscall.ECONNRESET):
		return "\n  the server hung up: check the login (-user, -password) and the institution, and whether it wants TLS (-tls)"
	}
	return ""
}

// sip2Serve exposes a library over SIP2 until interrupted: the embedded
// one (-library sqlite, -db), or a SLiMS database (-library slims) with
// its own rules, so that self-check machines that speak SIP2 can use it.
func sip2Serve(ctx context.Context, dbPath, tz string, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("sip2 serve", flag.ContinueOnError)
	listen := fs.String("listen", ":6001", "address to listen on")
	user := fs.String("user", "", "SC login user (empty: no login; then only on a trusted network)")
	password := fs.String("password", os.Getenv("ANJUNGAN_SIP2_PASSWORD"), "SC login password (or ANJUNGAN_SIP2_PASSWORD)")
	inst := fs.String("institution", "anjungan", "institution id (AO)")
	name := fs.String("name", "", "library name (AM); with -library slims, SLiMS's own (its library_name setting) when not given; else "+defaultLibraryName)
	backend := fs.String("library", "sqlite", "the library served: sqlite (the embedded one, -db) or slims (a SLiMS database, -slims-host …)")
	var sf slimsFlags
	sf.register(fs, "slims-")
	uid := fs.Int("uid", 0, "with -library slims: the SLiMS user (user.user_id) the loans are recorded as, as a librarian's at the desk")
	login := fs.String("login", "password", "with -library slims: how patrons prove the card theirs: password (SLiMS's), pin (kioskctl slims pin) or card")
	crlf := fs.Bool("crlf", false, "end answers with CR LF")
	charset := fs.String("charset", "utf-8", "utf-8, cp850 or iso-8859-1")
	lang := fs.String("lang", "id", "language of screen messages (AF) when a request names none: id or en")
	currency := fs.String("currency", "IDR", "currency of fee amounts (BH), ISO 4217")
	certFile := fs.String("cert", "", "serve TLS with this certificate (PEM)")
	keyFile := fs.String("key", "", "and this private key (PEM)")
	loginTimeout := fs.Duration("login-timeout", sip2.DefaultLoginTimeout, "close a connection that has not logged in by then")
	idleTimeout := fs.Duration("idle-timeout", sip2.DefaultIdleTimeout, "close a connection quiet this long")
	maxConns := fs.Int("max-conns", sip2.DefaultMaxConns, "most connections open at once; more are closed at once")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if (*certFile == "") != (*keyFile == "") {
		return errors.New("sip2 serve: TLS needs both -cert and -key")
	}
	if *lang != kiosk.LangID && *lang != kiosk.LangEN {
		return fmt.Errorf("sip2 serve: -lang %q: want id or en", *lang)
	}
	if *loginTimeout <= 0 || *idleTimeout <= 0 || *maxConns <= 0 {
		return errors.New("sip2 serve: -login-timeout, -idle-timeout and -max-conns must be positive")
	}
	if len(*currency) != 3 {
		return fmt.Errorf("sip2 serve: -currency %q: want a three-letter code such as IDR", *currency)
	}
	cs, err := sip2.ParseCharset(*charset)
	if err != nil {
		return err
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return fmt.Errorf("-tz: %w", err)
	}
	var lib *servedLibrary
	switch *backend {
	case "sqlite":
		if set, ok := sf.isSet(fs, "uid", "login"); ok {
			return fmt.Errorf("sip2 serve: -%s is for -library slims", set)
		}
		lib, err = openSQLiteLibrary(ctx, dbPath, loc)
	case "slims":
		lib, err = openSLiMSLibrary(ctx, &sf, *uid, *login, loc)
	default:
		return fmt.Errorf("sip2 serve: -library %q: want sqlite or slims (the library's name, AM, is -name)", *backend)
	}
	if err != nil {
		return err
	}
	defer lib.close()
	if lib.run != nil {
		runCtx, stop := context.WithCancel(ctx)
		ran := make(chan struct{})
		go func() { defer close(ran); lib.run(runCtx) }()
		defer func() { stop(); <-ran }()
	}
	if *name == "" {
		*name = lib.libraryName(ctx, out)
	}
	srv := &sip2.Server{Circ: lib.circ, Institution: *inst, Library: *name, Options: sip2.Options{CRLF: *crlf, Charset: cs},
		Catalog: assets.Catalog(), Lang: *lang, Currency: strings.ToUpper(*currency),
		LoginTimeout: *loginTimeout, IdleTimeout: *idleTimeout, MaxConns: *maxConns, Loc: loc}
	if *user != "" {
		if *password == "" {
			return errors.New("sip2 serve: -user needs a password (-password or ANJUNGAN_SIP2_PASSWORD)")
		}
		srv.Users = map[string]string{*user: *password}
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return err
	}
	proto := "SIP2"
	if *certFile != "" {
		cert, err := tls.LoadX509KeyPair(*certFile, *keyFile)
		if err != nil {
			ln.Close()
			return fmt.Errorf("sip2 serve: %w", err)
		}
		ln, proto = tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}), "SIP2 over TLS"
	}
	if lib.warning != "" {
		fmt.Fprintf(out, "warning: %s\n", lib.warning)
	}
	fmt.Fprintf(out, "serving %s over %s on %s (Ctrl-C to stop)\n", lib.name, proto, ln.Addr())
	return srv.Serve(ctx, ln)
}

// servedLibrary is the library sip2 serve answers from.
type servedLibrary struct {
	circ    kiosk.Circulation
	name    string // what is served, for staff
	warning string // something staff should know before it serves
	close   func() error
	// run, when set, watches the library's link until its context ends
	// (SLiMS's: it finishes Open's work once a database that was away
	// answers).
	run func(context.Context) error
	// ownName, when set, reads the library's own name ("" when it has
	// none).
	ownName func(context.Context) (string, error)
}

// defaultLibraryName is the name announced (AM) when neither -name nor
// the library gives one.
const defaultLibraryName = "Perpustakaan"

// libraryName is the name to announce: the library's own, else
// defaultLibraryName (saying why on out when reading it failed).
func (l *servedLibrary) libraryName(ctx context.Context, out io.Writer) string {
	if l.ownName == nil {
		return defaultLibraryName
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	name, err := l.ownName(ctx)
	if err != nil {
		fmt.Fprintf(out, "warning: the library's name not read (%v): announcing %q; give -name\n", err, defaultLibraryName)
	}
	if name == "" {
		return defaultLibraryName
	}
	return name
}

// openSQLiteLibrary opens the embedded library in its file.
func openSQLiteLibrary(ctx context.Context, path string, loc *time.Location) (*servedLibrary, error) {
	db := sqlite.NewDB(path)
	db.Location = loc
	db.Kiosk = "sip2"
	if err := db.Open(ctx); err != nil {
		return nil, err
	}
	lib := &servedLibrary{circ: db, name: path, close: db.Close}
	if empty, err := db.Empty(ctx); err == nil && empty {
		lib.warning = fmt.Sprintf("%s has no items and no patrons: import them (kioskctl import) or start the kiosk once for the demo library", path)
	}
	return lib, nil
}
