package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/anjungan/anjungan/kiosk"
)

// KeyPINNotSet is the refusal for a patron who has no PIN while PINs are
// required: staff must set one.
const KeyPINNotSet = "pin.not_set"

// patron is a patrons row with its category's limits.
type patron struct {
	id int64
	kiosk.Patron
	pinHash        string
	maxItems       int
	fineLimit      int64
	blockOnOverdue bool
}

// patronRowColumns are a patron's and the category's limits (subqueries
// rather than a join: see itemColumns).
const patronRowColumns = `p.id, p.card, p.name, p.category, p.expires, p.status, p.pin_hash, p.birth_date,
	(SELECT max_items FROM patron_categories WHERE code = p.category),
	(SELECT fine_limit FROM patron_categories WHERE code = p.category),
	(SELECT block_on_overdue FROM patron_categories WHERE code = p.category)`

func (db *DB) loadPatron(ctx context.Context, q querier, card string) (*patron, error) {
	return db.scanPatron(q.QueryRowContext(ctx, `SELECT `+patronRowColumns+` FROM patrons p WHERE p.card = ?`, card), card)
}

// loadPatronCounts is loadPatron with the patron's loanCounts at now, in
// one statement: a checkout and a renewal need both.
func (db *DB) loadPatronCounts(ctx context.Context, q querier, card string, now time.Time) (*patron, loanCounts, error) {
	var c loanCounts
	p, err := db.scanPatron(q.QueryRowContext(ctx, loadPatronCountsSQL, card, now.Unix()), card, &c.open, &c.overdue, &c.fines)
	return p, c, err
}

const loadPatronCountsSQL = `SELECT ` + patronRowColumns + `,
	(SELECT COUNT(*) FROM loans WHERE patron_id = p.id AND returned_at IS NULL),
	(SELECT COUNT(*) FROM loans WHERE patron_id = p.id AND returned_at IS NULL AND due_at < ?2),
	(SELECT COALESCE(SUM(amount), 0) FROM fines WHERE patron_id = p.id AND paid_at IS NULL)
	FROM patrons p WHERE p.card = ?1`

// scanPatron reads a row of patronRowColumns, then extra.
func (db *DB) scanPatron(row *sql.Row, card string, extra ...any) (*patron, error) {
	p := &patron{}
	var expires, born string
	err := row.Scan(append([]any{&p.id, &p.Card, &p.Name, &p.Category, &expires, &p.Status, &p.pinHash, &born,
		&p.maxItems, &p.fineLimit, &p.blockOnOverdue}, extra...)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, kiosk.Errorf(kiosk.ENOTFOUND, kiosk.KeyPatronUnknown)
	}
	if err != nil {
		return nil, fmt.Errorf("load patron: %w", err)
	}
	d, err := time.ParseInLocation(time.DateOnly, expires, db.Location)
	if err != nil {
		return nil, fmt.Errorf("patron %s expiry %q: %w", kiosk.MaskCard(card), expires, err)
	}
	p.Expires = d.AddDate(0, 0, 1).Add(-time.Second) // valid through the whole day
	if born != "" {
		p.BirthDate, _ = time.Parse(time.DateOnly, born) // a calendar date, at midnight UTC
	}
	return p, nil
}

// standing refuses a card that is blocked or expired.
func (p *patron) standing(now time.Time) error {
	if p.Status == kiosk.PatronBlocked {
		return kiosk.Errorf(kiosk.EFORBIDDEN, kiosk.KeyPatronBlocked)
	}
	if now.After(p.Expires) {
		return kiosk.Errorf(kiosk.EFORBIDDEN, kiosk.KeyPatronExpired)
	}
	return nil
}

// loanCounts is a patron's open loans, how many of them are overdue, and
// their unpaid fines, read in one statement.
type loanCounts struct {
	open, overdue int
	fines         int64
}

func (p *patron) counts(ctx context.Context, q querier, now time.Time) (loanCounts, error) {
	var c loanCounts
	err := q.QueryRowContext(ctx, `
		SELECT COUNT(*), COALESCE(SUM(due_at < ?2), 0),
		       (SELECT COALESCE(SUM(amount), 0) FROM fines WHERE patron_id = ?1 AND paid_at IS NULL)
		FROM loans WHERE patron_id = ?1 AND returned_at IS NULL`, p.id, now.Unix()).Scan(&c.open, &c.overdue, &c.fines)
	if err != nil {
		return c, fmt.Errorf("loan counts: %w", err)
	}
	return c, nil
}

// circulationBlock refuses new loans to a patron with overdue items (when
// overdue is set and the category says so) or unpaid fines over the
// category's limit.
func (p *patron) circulationBlock(c loanCounts, overdue bool) error {
	if overdue && p.blockOnOverdue && c.overdue > 0 {
		return kiosk.Errorf(kiosk.EFORBIDDEN, kiosk.KeyPatronOverdue, "count", strconv.Itoa(c.overdue))
	}
	if p.fineLimit > 0 && c.fines > p.fineLimit {
		return kiosk.Errorf(kiosk.EFORBIDDEN, kiosk.KeyPatronFines)
	}
	return nil
}

// Authenticate implements kiosk.Circulation. The PIN is checked before the
// card's standing so that a stranger holding a card learns nothing about
// it; an unknown card costs as much time as a wrong PIN.
func (db *DB) Authenticate(ctx context.Context, cred kiosk.Credentials) (*kiosk.Patron, error) {
	p, err := db.pinPatron(ctx, cred)
	if err != nil {
		return nil, internal("authenticate", err)
	}
	if err := p.standing(db.now()); err != nil {
		return nil, err
	}
	pat := p.Patron
	// A block on borrowing is said on arrival, not only at the first
	// item scanned.
	c, err := p.counts(ctx, db.rdb, db.now())
	if err != nil {
		return nil, internal("authenticate", err)
	}
	if b := p.circulationBlock(c, true); b != nil {
		pat.Notices = append(pat.Notices, kiosk.ErrorMessage(b))
	}
	return &pat, nil
}

// CheckPIN implements kiosk.PatronStanding: the PIN alone, whatever the
// card's standing.
func (db *DB) CheckPIN(ctx context.Context, cred kiosk.Credentials) error {
	_, err := db.pinPatron(ctx, cred)
	return internal("check PIN", err)
}

// pinPatron loads the card's patron and checks the PIN. An unknown card
// costs as much time as a wrong PIN.
func (db *DB) pinPatron(ctx context.Context, cred kiosk.Credentials) (*patron, error) {
	p, err := db.loadPatron(ctx, db.rdb, cred.Card)
	if kiosk.ErrorKey(err) == kiosk.KeyPatronUnknown && cred.PIN != "" {
		bcrypt.CompareHashAndPassword(db.dummyHash, []byte(cred.PIN))
	}
	if err != nil {
		return nil, err
	}
	return p, db.checkPIN(p, cred.PIN)
}

func (db *DB) checkPIN(p *patron, pin string) error {
	switch {
	case pin == "" && db.PINRequired:
		return kiosk.Errorf(kiosk.EUNAUTH, kiosk.KeyPINRequired)
	case pin == "":
		return nil
	case p.pinHash == "" && db.PINRequired:
		return kiosk.Errorf(kiosk.EUNAUTH, KeyPINNotSet)
	case p.pinHash == "":
		// No PIN set and none required: a typed PIN proves nothing, but
		// accepting it would teach patrons that any PIN works. Refuse.
		return kiosk.Errorf(kiosk.EUNAUTH, kiosk.KeyPINWrong)
	}
	if err := bcrypt.CompareHashAndPassword([]byte(p.pinHash), []byte(pin)); err != nil {
		return kiosk.Errorf(kiosk.EUNAUTH, kiosk.KeyPINWrong)
	}
	return nil
}

// HashPIN returns the stored form of a PIN. PINs are 4 to 12 digits.
func (db *DB) HashPIN(pin string) (string, error) {
	if err := ValidPIN(pin); err != nil {
		return "", err
	}
	cost := db.PINCost
	if cost == 0 {
		cost = bcrypt.DefaultCost
	}
	h, err := bcrypt.GenerateFromPassword([]byte(pin), cost)
	if err != nil {
		return "", fmt.Errorf("hash pin: %w", err)
	}
	return string(h), nil
}

// ValidPIN checks a PIN's form: 4 to 12 digits.
func ValidPIN(pin string) error {
	if len(pin) < 4 || len(pin) > 12 {
		return errors.New("PIN must be 4 to 12 digits")
	}
	for i := 0; i < len(pin); i++ {
		if pin[i] < '0' || pin[i] > '9' {
			return errors.New("PIN must be digits only")
		}
	}
	return nil
}
