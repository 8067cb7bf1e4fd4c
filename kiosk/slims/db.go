package slims

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/anjungan/anjungan/kiosk"
)

// Login is how a patron proves the card is theirs at the kiosk.
type Login string

// Logins.
const (
	// LoginPassword: the member's SLiMS password (member.mpasswd), typed
	// on the kiosk's letters keyboard.
	LoginPassword Login = "password"
	// LoginPIN: a numeric kiosk PIN kept by Anjungan in its own table in
	// SLiMS's database (anjungan_pin), set by staff with `kioskctl slims
	// pin`.
	LoginPIN Login = "pin"
	// LoginCard: the card alone, where the library's policy allows it.
	LoginCard Login = "card"
)

// ParseLogin checks a [slims] login value; empty is LoginPassword.
func ParseLogin(s string) (Login, error) {
	switch l := Login(strings.ToLower(s)); l {
	case "":
		return LoginPassword, nil
	case LoginPassword, LoginPIN, LoginCard:
		return l, nil
	}
	return "", fmt.Errorf("%q: want \"password\" (the member's SLiMS password), \"pin\" (a kiosk PIN set with kioskctl slims pin) or \"card\" (no PIN)", s)
}

// DB is a SLiMS library's database. Set the fields, then Open.
type DB struct {
	// Config is the MySQL driver's connection (address, user, password,
	// database, TLS).
	Config *mysql.Config
	// UID is the SLiMS user (user.user_id) recorded on the kiosk's loans.
	UID int
	// Login is how patrons log in; LoginPassword when empty.
	Login Login
	// UpgradePasswords: a legacy MD5 password that matched is rewritten
	// as bcrypt, as SLiMS's own login does. Off unless the library lets
	// the kiosk write member rows.
	UpgradePasswords bool
	// RecordVisits: a member's first visit of the day goes into
	// visitor_count, as SLiMS's circulation desk records it.
	RecordVisits bool
	// Location is the library's zone (library.timezone), in which SLiMS
	// keeps its dates.
	Location *time.Location
	// LockWait bounds the wait for another kiosk's lock on an item or a
	// member (5 s when zero).
	LockWait time.Duration
	Now      func() time.Time
	Logger   *slog.Logger
	// OnLink hears when the database stops or starts answering (Run).
	OnLink func(kiosk.LinkStatus)

	db *sql.DB
	// innodb: the loan table takes transactions.
	innodb   bool
	mu       sync.Mutex
	probed   bool // the engine is known (and the PIN table made)
	link     kiosk.LinkStatus
	visitDay date            // the day visited is for
	visited  map[string]bool // members whose visit this kiosk recorded that day
	cal      *calendar       // days off and settings, read at calAt
	calAt    time.Time
	settings settings
}

// Open connects, checks that the tables the kiosk uses are there, and
// reads the engine. It does not fail on an unreachable server: the kiosk
// starts, says "offline", and the first request that reaches the server
// works (the driver reconnects).
func (db *DB) Open(ctx context.Context) error {
	if db.Config == nil {
		return errors.New("slims: no database configured")
	}
	if db.Now == nil {
		db.Now = time.Now
	}
	if db.Location == nil {
		db.Location = time.Local
	}
	if db.Logger == nil {
		db.Logger = slog.Default()
	}
	if db.Login == "" {
		db.Login = LoginPassword
	}
	if db.LockWait <= 0 {
		db.LockWait = 5 * time.Second
	}
	c := db.Config.Clone()
	// SLiMS's tables are utf8 (utf8mb3); the connection speaks utf8mb4,
	// which MariaDB converts. Dates stay text: they are calendar days in
	// the library's zone, not instants.
	c.ParseTime = false
	c.Collation = "utf8mb4_unicode_ci"
	// Parameters are escaped by the driver (safe with utf8mb4): one round
	// trip a statement instead of prepare, execute and close.
	c.InterpolateParams = true
	if c.Timeout == 0 {
		c.Timeout = 5 * time.Second
	}
	// The driver's own notes (a stale pooled connection replaced) go to
	// the kiosk's log at debug level, not to stderr.
	c.Logger = driverLog{db.Logger}
	conn, err := mysql.NewConnector(c)
	if err != nil {
		return fmt.Errorf("slims: %w", err)
	}
	db.db = sql.OpenDB(conn)
	db.db.SetMaxOpenConns(16)
	db.db.SetMaxIdleConns(4)
	db.db.SetConnMaxLifetime(10 * time.Minute)
	db.db.SetConnMaxIdleTime(time.Minute)
	if err := db.probe(ctx); err != nil {
		if isDown(err) {
			db.Logger.Warn("SLiMS database unreachable; the kiosk says offline until it answers", "addr", c.Addr, "err", err)
			return nil
		}
		db.db.Close()
		return err
	}
	return nil
}

// probe reads the engine of the loan table and, for LoginPIN, makes the
// kiosk PIN table.
func (db *DB) probe(ctx context.Context) error {
	var engine sql.NullString
	err := db.db.QueryRowContext(ctx, `SELECT ENGINE FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'loan'`).Scan(&engine)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("slims: database %q has no loan table: is it SLiMS's? (kioskctl slims test says what is missing)", db.Config.DBName)
	}
	if err != nil {
		return err
	}
	db.mu.Lock()
	db.innodb = strings.EqualFold(engine.String, "InnoDB")
	db.mu.Unlock()
	if db.Login == LoginPIN {
		if err := db.migratePINs(ctx); err != nil {
			return err
		}
	}
	if st, err := db.readSettings(ctx, db.db); err == nil && st.Zone != db.Location.String() {
		// A loan near midnight would be dated a day apart from the desk's.
		db.Logger.Warn("SLiMS dates loans in another time zone than library.timezone: set them alike",
			"slims", st.Zone, "library.timezone", db.Location.String())
	}
	db.mu.Lock()
	db.probed = true
	db.mu.Unlock()
	return nil
}

// Close closes the connections.
func (db *DB) Close() error {
	if db.db == nil {
		return nil
	}
	return db.db.Close()
}

// SQL is the connection pool, for diagnostics and tests.
func (db *DB) SQL() *sql.DB { return db.db }

func (db *DB) today() date { return dayOf(db.Now(), db.Location) }

// stamp is now as SLiMS writes a DATETIME: local "2006-01-02 15:04:05".
func (db *DB) stamp() string { return db.Now().In(db.Location).Format(time.DateTime) }

// isDown reports whether err means the database could not be reached
// or the connection was lost (as opposed to a statement it refused).
func isDown(err error) bool {
	var me *mysql.MySQLError
	if errors.As(err, &me) {
		// too many connections, shutdown in progress, connection killed
		switch me.Number {
		case 1040, 1053, 1927:
			return true
		}
		return false
	}
	var ne net.Error
	return errors.As(err, &ne) || errors.Is(err, driver.ErrBadConn) || errors.Is(err, mysql.ErrInvalidConn) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) || errors.Is(err, sql.ErrConnDone)
}

// fault turns a database error into what the kiosk tells patrons: the
// library offline when the server cannot be reached, else an internal
// fault. Refusals (*kiosk.Error) pass through.
func fault(op string, err error) error {
	if err == nil {
		return nil
	}
	var ke *kiosk.Error
	if errors.As(err, &ke) {
		return err
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return kiosk.Errorf(kiosk.EUNAVAILABLE, kiosk.KeyLibraryTimedOut).Wrap(fmt.Errorf("slims %s: %w", op, err))
	}
	if isDown(err) {
		return kiosk.Errorf(kiosk.EUNAVAILABLE, kiosk.KeyLibraryOffline).Wrap(fmt.Errorf("slims %s: %w", op, err))
	}
	return kiosk.Errorf(kiosk.EINTERNAL, kiosk.KeyInternal).Wrap(fmt.Errorf("slims %s: %w", op, err))
}

// driverLog is the MySQL driver's logger, into slog at debug level.
type driverLog struct{ l *slog.Logger }

func (d driverLog) Print(v ...any) {
	d.l.Debug("mysql driver", "msg", strings.TrimSpace(fmt.Sprint(v...)))
}
