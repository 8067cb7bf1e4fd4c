package offline

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/anjungan/anjungan/internal/migrate"
	"github.com/anjungan/anjungan/internal/sqlitedb"
	"github.com/anjungan/anjungan/kiosk"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Policy is what the library allows while its system is away.
type Policy struct {
	Checkout bool // lend; patrons are then known by their card alone
	Checkin  bool // take back
	// MaxPerPatron limits a patron's offline loans not yet sent; 0 = 5.
	MaxPerPatron int
	// MaxAge: once the oldest unsent entry is older, no more are taken
	// (staff must look); 0 = 24 h.
	MaxAge time.Duration
	// LoanDays gives the offline due date: the end of the day this many
	// days on; 0 = 14.
	LoanDays int
}

// Entry is one queued transaction.
type Entry struct {
	ID       int64
	Kind     string // "checkout" or "checkin"
	Card     string // checkouts only
	Barcode  string
	At       time.Time
	Due      time.Time // checkouts only
	State    string    // pending, done, refused, resolved
	Attempts int
	Result   string // the library's words on a refusal
	Done     time.Time
}

// Queue is the offline-capable circulation. Set the fields, then Open.
type Queue struct {
	Online   kiosk.Circulation
	Replayer kiosk.Replayer
	Path     string
	Policy   Policy
	// Every is how often Run tries to replay; 10 s when zero.
	Every    time.Duration
	Now      func() time.Time
	Location *time.Location
	Logger   *slog.Logger
	// OnRefused hears of an entry the library refused on replay, for
	// staff (it carries a card number: report its id and reason only).
	OnRefused func(Entry)

	h     *sqlitedb.DB
	db    *sql.DB    // h's write handle: the queue reads on it too
	mu    sync.Mutex // one replay at a time
	nudge chan struct{}
	// pending: the queue may hold unsent entries. Set on every enqueue,
	// cleared by a replay that finds none, so that a transaction with
	// nothing queued costs no query.
	pending atomic.Bool
}

var _ kiosk.Circulation = (*Queue)(nil)

// Open opens (creating) the queue file.
func (q *Queue) Open(ctx context.Context) error {
	if q.Now == nil {
		q.Now = time.Now
	}
	if q.Location == nil {
		q.Location = time.Local
	}
	if q.Logger == nil {
		q.Logger = slog.Default()
	}
	if q.Policy.MaxPerPatron <= 0 {
		q.Policy.MaxPerPatron = 5
	}
	if q.Policy.MaxAge <= 0 {
		q.Policy.MaxAge = 24 * time.Hour
	}
	if q.Policy.LoanDays <= 0 {
		q.Policy.LoanDays = 14
	}
	q.nudge = make(chan struct{}, 1)
	h, err := sqlitedb.Open(ctx, sqlitedb.Options{
		Path:       q.Path,
		Sync:       sqlitedb.SyncFull,
		Migrations: &migrate.Migrator{FS: migrations, Pattern: "migrations/*.sql", Now: q.Now},
	})
	if err != nil {
		return fmt.Errorf("offline queue: %w", err)
	}
	db := h.W
	var pending bool
	if err := db.QueryRow(`SELECT EXISTS (SELECT 1 FROM queue WHERE state = 'pending')`).Scan(&pending); err != nil {
		h.Close()
		return fmt.Errorf("offline queue %s: %w", q.Path, err)
	}
	q.pending.Store(pending)
	q.h, q.db = h, db
	return nil
}

// Close closes the queue file.
func (q *Queue) Close() error {
	if q.h == nil {
		return nil
	}
	return q.h.Close()
}

// offlineOK asks the library system's last word on off-line work (SIP2:
// the 98's off-line flag), when it has one.
func (q *Queue) offlineOK() bool {
	if o, ok := q.Online.(interface{ OfflineAllowed() bool }); ok {
		return o.OfflineAllowed()
	}
	return true
}

// away reports whether err means the library system is unreachable.
func away(err error) bool {
	k := kiosk.ErrorKey(err)
	return kiosk.ErrorCode(err) == kiosk.EUNAVAILABLE && (k == kiosk.KeyLibraryOffline || k == kiosk.KeyLibraryTimedOut)
}

// Authenticate asks the library; while it is away and offline lending is
// allowed, the card alone identifies the patron (no PIN can be checked).
func (q *Queue) Authenticate(ctx context.Context, cred kiosk.Credentials) (*kiosk.Patron, error) {
	p, err := q.Online.Authenticate(ctx, cred)
	if err == nil || !away(err) || !q.Policy.Checkout || !q.offlineOK() {
		return p, err
	}
	if cred.Card == "" {
		return nil, kiosk.Errorf(kiosk.ENOTFOUND, kiosk.KeyPatronUnknown)
	}
	q.Logger.Warn("library system away: patron identified by card alone", "card", kiosk.MaskCard(cred.Card))
	return &kiosk.Patron{Card: cred.Card, Status: kiosk.PatronActive}, nil
}

// catchUp sends what is queued before a new transaction goes online, so
// the library sees every loan and return in the order it happened (a
// book borrowed offline and returned online must not end up on loan).
// While the library is still away it fails fast and the new transaction
// queues behind the others.
func (q *Queue) catchUp(ctx context.Context) {
	if !q.pending.Load() {
		return
	}
	if n, err := q.Replay(ctx); n > 0 || (err != nil && !away(err)) {
		q.Logger.Info("offline queue replayed before a new transaction", "settled", n, "err", err)
	}
}

// Checkout lends online, or records the loan while the library is away.
func (q *Queue) Checkout(ctx context.Context, cred kiosk.Credentials, barcode string) (*kiosk.Loan, error) {
	q.catchUp(ctx)
	now := q.Now() // when the patron acted, not when the library stopped answering
	loan, err := q.Online.Checkout(ctx, cred, barcode)
	if err == nil || !away(err) || !q.Policy.Checkout || !q.offlineOK() {
		return loan, err
	}
	due := dueAt(now, q.Policy.LoanDays, q.Location)
	if err := q.enqueue(ctx, Entry{Kind: "checkout", Card: cred.Card, Barcode: barcode, At: now, Due: due, Attempts: sent(err)}); err != nil {
		return nil, err
	}
	return &kiosk.Loan{Item: kiosk.Item{Barcode: barcode}, IssuedAt: now, Due: due, MaxRenewals: -1, Offline: true}, nil
}

// Checkin returns online, or records the return while the library is
// away.
func (q *Queue) Checkin(ctx context.Context, barcode string) (*kiosk.Return, error) {
	q.catchUp(ctx)
	now := q.Now()
	ret, err := q.Online.Checkin(ctx, barcode)
	if err == nil || !away(err) || !q.Policy.Checkin || !q.offlineOK() {
		return ret, err
	}
	if err := q.enqueue(ctx, Entry{Kind: "checkin", Barcode: barcode, At: now, Attempts: sent(err)}); err != nil {
		return nil, err
	}
	return &kiosk.Return{Item: kiosk.Item{Barcode: barcode}, Offline: true}, nil
}

// Renew, RenewAll, Account and Item need the library system; the first
// three catch up first, so that loans made offline are there.
func (q *Queue) Renew(ctx context.Context, cred kiosk.Credentials, barcode string) (*kiosk.Loan, error) {
	q.catchUp(ctx)
	return q.Online.Renew(ctx, cred, barcode)
}

func (q *Queue) RenewAll(ctx context.Context, cred kiosk.Credentials) ([]kiosk.RenewResult, error) {
	q.catchUp(ctx)
	return q.Online.RenewAll(ctx, cred)
}

func (q *Queue) Account(ctx context.Context, cred kiosk.Credentials) (*kiosk.Account, error) {
	q.catchUp(ctx)
	return q.Online.Account(ctx, cred)
}

func (q *Queue) Item(ctx context.Context, barcode string) (*kiosk.Item, error) {
	return q.Online.Item(ctx, barcode)
}

// sent counts a request that may have reached the library (it timed
// out, or the link broke after it was written) as sent once, so that
// replay asks the library whether it took effect before sending it
// again: a hung library that did the work must not lend twice.
func sent(err error) int {
	if errors.Is(err, kiosk.ErrMaybeApplied) {
		return 1
	}
	return 0
}

// dueAt is the end of the day n days after now.
func dueAt(now time.Time, n int, loc *time.Location) time.Time {
	y, m, d := now.In(loc).Date()
	return time.Date(y, m, d+n, 23, 59, 59, 0, loc)
}

// Limits reached while offline.
const (
	KeyOfflineLimit = "offline.limit"
	KeyOfflineFull  = "offline.full"
)

// enqueue records an entry in one IMMEDIATE, fsynced transaction, within
// the limits.
func (q *Queue) enqueue(ctx context.Context, e Entry) error {
	tx, err := q.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("offline queue: %w", err)
	}
	defer tx.Rollback()
	var oldest sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT MIN(at) FROM queue WHERE state = 'pending'`).Scan(&oldest); err != nil {
		return fmt.Errorf("offline queue: %w", err)
	}
	if oldest.Valid && q.Now().Sub(time.Unix(oldest.Int64, 0)) > q.Policy.MaxAge {
		return kiosk.Errorf(kiosk.EUNAVAILABLE, KeyOfflineFull)
	}
	if e.Kind == "checkout" {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM queue WHERE state = 'pending' AND kind = 'checkout' AND card = ?`, e.Card).Scan(&n); err != nil {
			return fmt.Errorf("offline queue: %w", err)
		}
		if n >= q.Policy.MaxPerPatron {
			return kiosk.Errorf(kiosk.EFORBIDDEN, KeyOfflineLimit, "max", strconv.Itoa(q.Policy.MaxPerPatron))
		}
	}
	var due int64
	if !e.Due.IsZero() {
		due = e.Due.Unix()
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO queue (kind, card, barcode, at, due, attempts) VALUES (?, ?, ?, ?, ?, ?)`,
		e.Kind, e.Card, e.Barcode, e.At.Unix(), due, e.Attempts); err != nil {
		return fmt.Errorf("offline queue: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("offline queue: %w", err)
	}
	q.pending.Store(true)
	q.Logger.Info("recorded offline", "kind", e.Kind, "item", e.Barcode)
	return nil
}

// Entries lists the queue, newest first; state "" is every state.
func (q *Queue) Entries(ctx context.Context, state string) ([]Entry, error) {
	rows, err := q.db.QueryContext(ctx, `SELECT id, kind, card, barcode, at, due, state, attempts, result, done_at FROM queue
		WHERE ? = '' OR state = ? ORDER BY id DESC`, state, state)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		var e Entry
		var at, due, done int64
		if err := rows.Scan(&e.ID, &e.Kind, &e.Card, &e.Barcode, &at, &due, &e.State, &e.Attempts, &e.Result, &done); err != nil {
			return nil, err
		}
		e.At = time.Unix(at, 0)
		if due > 0 {
			e.Due = time.Unix(due, 0)
		}
		if done > 0 {
			e.Done = time.Unix(done, 0)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Resolve marks a refused entry as dealt with by staff.
func (q *Queue) Resolve(ctx context.Context, id int64) error {
	r, err := q.db.ExecContext(ctx, `UPDATE queue SET state = 'resolved' WHERE id = ? AND state = 'refused'`, id)
	if err != nil {
		return err
	}
	if n, _ := r.RowsAffected(); n == 0 {
		return fmt.Errorf("entry %d is not a refused entry", id)
	}
	return nil
}

// Replay sends the pending entries in order until one cannot be sent
// because the library is away. It returns how many it settled.
func (q *Queue) Replay(ctx context.Context) (int, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	settled := 0
	for ctx.Err() == nil {
		var e Entry
		var at, due int64
		// Cleared before looking, so that an entry recorded meanwhile
		// (enqueue sets it after its commit) is never missed.
		q.pending.Store(false)
		err := q.db.QueryRowContext(ctx, `SELECT id, kind, card, barcode, at, due, attempts FROM queue WHERE state = 'pending' ORDER BY id LIMIT 1`).
			Scan(&e.ID, &e.Kind, &e.Card, &e.Barcode, &at, &due, &e.Attempts)
		if errors.Is(err, sql.ErrNoRows) {
			return settled, nil
		}
		q.pending.Store(true)
		if err != nil {
			return settled, err
		}
		e.At, e.Due = time.Unix(at, 0), time.Unix(due, 0)
		applied := false
		if e.Attempts > 0 { // sent before; did it get there?
			if applied, err = q.applied(ctx, e); away(err) {
				return settled, err
			}
		}
		if _, err := q.db.ExecContext(ctx, `UPDATE queue SET attempts = attempts + 1 WHERE id = ?`, e.ID); err != nil {
			return settled, err
		}
		switch {
		case applied:
			err = nil
			q.Logger.Info("offline transaction already at the library", "id", e.ID, "kind", e.Kind)
		case e.Kind == "checkout":
			_, err = q.Replayer.ReplayCheckout(ctx, e.Card, e.Barcode, e.At, e.Due)
		default:
			_, err = q.Replayer.ReplayCheckin(ctx, e.Barcode, e.At)
		}
		if away(err) || (err != nil && kiosk.ErrorCode(err) == kiosk.EINTERNAL) {
			return settled, err // try again later, in the same order
		}
		state, result := "done", ""
		if err != nil {
			state, result = "refused", kiosk.ErrorArg(err, "message")
			if result == "" {
				result = kiosk.ErrorKey(err)
			}
		}
		if _, err := q.db.ExecContext(ctx, `UPDATE queue SET state = ?, result = ?, done_at = ? WHERE id = ?`,
			state, result, q.Now().Unix(), e.ID); err != nil {
			return settled, err
		}
		settled++
		if state == "refused" {
			e.State, e.Result = state, result
			q.Logger.Warn("offline transaction refused on replay", "id", e.ID, "kind", e.Kind, "reason", result)
			if q.OnRefused != nil {
				q.OnRefused(e)
			}
		}
	}
	return settled, ctx.Err()
}

// Nudge asks Run to replay now (the link to the library came back).
func (q *Queue) Nudge() {
	select {
	case q.nudge <- struct{}{}:
	default:
	}
}

// applied asks the library whether an entry sent before already took
// effect; a library that cannot tell gets it again.
func (q *Queue) applied(ctx context.Context, e Entry) (bool, error) {
	v, ok := q.Replayer.(kiosk.ReplayVerifier)
	if !ok {
		return false, nil
	}
	var yes bool
	var err error
	if e.Kind == "checkout" {
		yes, err = v.CheckedOutTo(ctx, e.Card, e.Barcode)
	} else {
		yes, err = v.CheckedIn(ctx, e.Barcode)
	}
	if err != nil && !away(err) {
		q.Logger.Warn("cannot tell whether an offline transaction reached the library; sending it again", "id", e.ID, "err", err)
		return false, nil
	}
	return yes, err
}

// Run replays every Every, and when nudged, until ctx ends.
func (q *Queue) Run(ctx context.Context) error {
	every := q.Every
	if every <= 0 {
		every = 10 * time.Second
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if n, err := q.Replay(ctx); n > 0 || (err != nil && !away(err) && ctx.Err() == nil) {
			q.Logger.Info("offline queue replayed", "settled", n, "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		case <-q.nudge:
		}
	}
}

var _ kiosk.SessionEnder = (*Queue)(nil)

// EndSession passes the end of a visit on, when the library is there to
// hear it.
func (q *Queue) EndSession(ctx context.Context, cred kiosk.Credentials) error {
	if e, ok := q.Online.(kiosk.SessionEnder); ok {
		return e.EndSession(ctx, cred)
	}
	return nil
}

var _ kiosk.VisitRecorder = (*Queue)(nil)

// RecordLibraryVisit passes a guest-book visit on to a library system
// that keeps its own visitor counter; the guest book itself has it
// already, so nothing is queued.
func (q *Queue) RecordLibraryVisit(ctx context.Context, v kiosk.Visit) (bool, error) {
	if r, ok := q.Online.(kiosk.VisitRecorder); ok {
		return r.RecordLibraryVisit(ctx, v)
	}
	return false, nil
}

var _ kiosk.MemberChecker = (*Queue)(nil)

// CheckMember asks the library whether a card is a member's; a library
// system that cannot tell answers kiosk.ErrNoMemberCheck.
func (q *Queue) CheckMember(ctx context.Context, card string) error {
	if m, ok := q.Online.(kiosk.MemberChecker); ok {
		return m.CheckMember(ctx, card)
	}
	return kiosk.ErrNoMemberCheck
}
