package slims

import (
	"context"
	"crypto/md5"
	"crypto/subtle"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"

	"github.com/anjungan/anjungan/kiosk"
)

// member is a SLiMS member and the loan terms of their member type.
type member struct {
	ID       string // member_id as stored (the card may be typed in another case)
	Name     string
	Type     int
	TypeName string
	Inst     string // inst_name, '' for NULL
	instNull bool   // inst_name is NULL (the visitor page keeps it so)
	Expires  date
	Pending  bool
	password sql.NullString // mpasswd
	terms    terms          // the member type's
}

// terms are loan terms: a member type's, or a loan rule's.
type terms struct {
	Rule    int // loan_rules_id; 0 for the member type's
	Limit   int
	Period  int
	Renewal int // reborrow_limit
	Fine    int64
	Grace   int
}

// memberSQL reads a member by card, case-insensitively as SLiMS does (its
// column collation), with the member type's terms. A member whose type
// is missing has no terms (limit 0), as in SLiMS.
const memberSQL = `
	SELECT m.member_id, m.member_name, COALESCE(m.member_type_id, 0), COALESCE(t.member_type_name, ''),
		m.inst_name, CAST(m.expire_date AS CHAR), COALESCE(m.is_pending, 0), m.mpasswd,
		COALESCE(t.loan_limit, 0), COALESCE(t.loan_periode, 0), COALESCE(t.reborrow_limit, 0),
		COALESCE(t.fine_each_day, 0), COALESCE(t.grace_periode, 0)
	FROM member m LEFT JOIN mst_member_type t ON t.member_type_id = m.member_type_id
	WHERE m.member_id = ?`

// loadMember reads the member with card; KeyPatronUnknown when none.
func (db *DB) loadMember(ctx context.Context, q querier, card string) (*member, error) {
	card = strings.TrimSpace(card)
	if card == "" || utf8.RuneCountInString(card) > 20 {
		return nil, kiosk.Errorf(kiosk.ENOTFOUND, kiosk.KeyPatronUnknown)
	}
	var m member
	var expires string
	var inst sql.NullString
	err := q.QueryRowContext(ctx, memberSQL, card).Scan(&m.ID, &m.Name, &m.Type, &m.TypeName, &inst, &expires, &m.Pending,
		&m.password, &m.terms.Limit, &m.terms.Period, &m.terms.Renewal, &m.terms.Fine, &m.terms.Grace)
	m.Inst, m.instNull = inst.String, !inst.Valid
	if errors.Is(err, sql.ErrNoRows) {
		return nil, kiosk.Errorf(kiosk.ENOTFOUND, kiosk.KeyPatronUnknown)
	}
	if err != nil {
		return nil, fmt.Errorf("member: %w", err)
	}
	if m.Expires, err = parseDate(expires); err != nil {
		return nil, fmt.Errorf("member %s expire_date: %w", kiosk.MaskCard(m.ID), err)
	}
	return &m, nil
}

// expired: SLiMS counts a member valid through the day of expire_date.
func (m *member) expired(today date) bool { return today.after(m.Expires) }

func (db *DB) patron(m *member) *kiosk.Patron {
	p := &kiosk.Patron{Card: m.ID, Name: m.Name, Category: m.TypeName, Expires: m.Expires.lastMoment(db.Location), Status: kiosk.PatronActive}
	if m.Pending {
		p.Notices = append(p.Notices, kiosk.Msg(kiosk.LevelWarning, kiosk.KeyPatronPending))
	}
	return p
}

// borrowBlock is why the member may not borrow now, by SLiMS's desk:
// expired, or pending. Unpaid fines and overdue loans block nothing in
// SLiMS, nor here.
func (m *member) borrowBlock(today date) error {
	switch {
	case m.expired(today):
		return kiosk.Errorf(kiosk.EFORBIDDEN, kiosk.KeyPatronExpired)
	case m.Pending:
		return kiosk.Errorf(kiosk.EFORBIDDEN, kiosk.KeyPatronPending)
	}
	return nil
}

// checkSecret checks the patron's password or PIN by db.Login; nil when
// it is right.
func (db *DB) checkSecret(ctx context.Context, m *member, secret string) error {
	switch db.Login {
	case LoginCard:
		return nil
	case LoginPIN:
		return db.checkKioskPIN(ctx, m, secret)
	}
	stored := m.password.String
	if !m.password.Valid || stored == "" {
		return kiosk.Errorf(kiosk.EUNAUTH, kiosk.KeyPatronNoSecret)
	}
	if secret == "" {
		return kiosk.Errorf(kiosk.EUNAUTH, kiosk.KeyPINRequired)
	}
	// As SLiMS: the password exactly as typed, against bcrypt (PHP's $2y$
	// is bcrypt's $2b$); else a legacy MD5 value, lower-case hex.
	if strings.HasPrefix(stored, "$2") {
		if bcrypt.CompareHashAndPassword([]byte(stored), []byte(secret)) == nil {
			return nil
		}
		return kiosk.Errorf(kiosk.EUNAUTH, kiosk.KeyPINWrong)
	}
	sum := md5.Sum([]byte(secret))
	if subtle.ConstantTimeCompare([]byte(hex.EncodeToString(sum[:])), []byte(stored)) != 1 {
		return kiosk.Errorf(kiosk.EUNAUTH, kiosk.KeyPINWrong)
	}
	if db.UpgradePasswords {
		db.upgradePassword(ctx, m, secret)
	}
	return nil
}

// upgradePassword rewrites a legacy MD5 password as bcrypt, as SLiMS's
// login does; only if the row still holds the MD5 value. A failure is
// logged: the patron is in either way.
func (db *DB) upgradePassword(ctx context.Context, m *member, secret string) {
	hash, err := bcrypt.GenerateFromPassword([]byte(secret), bcrypt.DefaultCost)
	if err == nil {
		_, err = db.db.ExecContext(ctx, `UPDATE member SET mpasswd = ?, last_update = ? WHERE member_id = ? AND mpasswd = ?`,
			string(hash), db.today().String(), m.ID, m.password.String)
	}
	if err != nil {
		db.Logger.Warn("could not upgrade a member's MD5 password to bcrypt", "card", kiosk.MaskCard(m.ID), "err", err)
		return
	}
	db.Logger.Info("member's MD5 password upgraded to bcrypt", "card", kiosk.MaskCard(m.ID))
}

var (
	_ kiosk.Circulation    = (*DB)(nil)
	_ kiosk.PatronStanding = (*DB)(nil)
)

// Authenticate implements kiosk.Circulation: the card, then the password
// or PIN, then the card's standing (an expired card is refused; a
// pending one may log in, to return and renew, and is told).
func (db *DB) Authenticate(ctx context.Context, cred kiosk.Credentials) (*kiosk.Patron, error) {
	m, err := db.loadMember(ctx, db.db, cred.Card)
	if err != nil {
		return nil, fault("authenticate", err)
	}
	if err := db.checkSecret(ctx, m, cred.PIN); err != nil {
		return nil, fault("authenticate", err)
	}
	if m.expired(db.today()) {
		return nil, kiosk.Errorf(kiosk.EFORBIDDEN, kiosk.KeyPatronExpired)
	}
	return db.patron(m), nil
}

// CheckPIN implements kiosk.PatronStanding.
func (db *DB) CheckPIN(ctx context.Context, cred kiosk.Credentials) error {
	m, err := db.loadMember(ctx, db.db, cred.Card)
	if err != nil {
		return fault("check PIN", err)
	}
	return fault("check PIN", db.checkSecret(ctx, m, cred.PIN))
}
