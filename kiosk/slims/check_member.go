package slims

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/anjungan/anjungan/kiosk"
)

// checkMember looks the card up as the kiosk does and says what the
// kiosk would make of the member: the first name only, never the
// password or its hash.
func (db *DB) checkMember(ctx context.Context, conn *sql.Conn, s *dbSchema, card string, r *Report) {
	if !s.hasAll("member", "mst_member_type") {
		r.add(Fail, "member", "card %q not looked up: the member tables lack columns the kiosk reads (above)", card)
		return
	}
	m, err := db.loadMember(ctx, conn, card)
	if kiosk.ErrorKey(err) == kiosk.KeyPatronUnknown {
		r.add(Warn, "member", "card %q: no member with that ID (member.member_id)", card)
		return
	}
	if err != nil {
		r.add(Fail, "member", "card %q: %v", card, err)
		return
	}
	found := fmt.Sprintf("card %q: %s", card, maskedName(m.Name))
	if m.ID != strings.TrimSpace(card) {
		found += fmt.Sprintf(" (member_id %q)", m.ID)
	}
	r.add(OK, "member", "%s", found)
	if m.TypeName == "" {
		r.add(Warn, "member", "member type %d does not exist: a loan limit of 0, as in SLiMS; every loan is refused", m.Type)
	} else {
		t := m.terms
		r.add(OK, "member", "member type %s: loan limit %d, loan period %d days, renewal limit %d, fine %d a day, grace %d days (loan rules may differ by collection)",
			m.TypeName, t.Limit, t.Period, t.Renewal, t.Fine, t.Grace)
	}
	db.checkStanding(m, r)
	switch db.Login {
	case LoginPIN:
		db.reportKioskPIN(ctx, conn, s, m, r)
	case LoginCard:
		r.add(OK, "member", "login = \"card\": the card alone logs this member in")
	default:
		checkPassword(m, r)
	}
	if !s.hasAll("loan", "item", "biblio", "mst_coll_type", "mst_loan_rules") {
		return
	}
	loans, err := db.memberLoans(ctx, m)
	if err != nil {
		r.add(Fail, "member", "open loans: %v", err)
		return
	}
	late := 0
	for _, l := range loans {
		if l.Due.Before(db.Now()) {
			late++
		}
	}
	r.add(OK, "member", "open loans: %d (%d overdue)", len(loans), late)
}

// maskedName is a member's first name alone, for a report staff may
// paste into a ticket.
func maskedName(name string) string {
	first := kiosk.FirstName(name)
	if first == "" {
		return "(no name)"
	}
	if len(strings.Fields(name)) > 1 {
		first += " …"
	}
	return first
}

// checkStanding says whether the member may borrow today.
func (db *DB) checkStanding(m *member, r *Report) {
	today := db.today()
	switch {
	case m.Expires.isZero():
		r.add(Warn, "member", "expire_date is empty or 0000-00-00: expired, as SLiMS counts it; may return, not borrow or renew")
	case m.expired(today):
		r.add(Warn, "member", "expired: valid through %s only; may return, not borrow or renew", m.Expires)
	default:
		r.add(OK, "member", "valid through %s", m.Expires)
	}
	if m.Pending {
		r.add(Warn, "member", "pending (member.is_pending): may return and renew, not borrow, until staff approve the membership")
	} else {
		r.add(OK, "member", "not pending")
	}
}

var md5Hex = regexp.MustCompile(`^[0-9a-f]{32}$`)

// checkPassword says what kind of SLiMS password the member has, never
// the value (login = "password").
func checkPassword(m *member, r *Report) {
	p := m.password.String
	switch {
	case !m.password.Valid || p == "":
		r.add(Warn, "member", "no SLiMS password: this member cannot log in at the kiosk until staff set a SLiMS password "+
			"(SLiMS's Membership screen; it is the OPAC's too)")
	case strings.HasPrefix(p, "$2"):
		r.add(OK, "member", "has a SLiMS password (bcrypt)")
	case md5Hex.MatchString(p):
		r.add(OK, "member", "has a legacy MD5 SLiMS password: accepted, and stored as bcrypt at the first login when slims.upgrade_passwords is on")
	default:
		r.add(Warn, "member", "the SLiMS password is stored in no form SLiMS reads (neither bcrypt nor MD5): the member cannot log in with it; "+
			"set it again in SLiMS")
	}
}

// reportKioskPIN says whether the member has a kiosk PIN (login = "pin").
func (db *DB) reportKioskPIN(ctx context.Context, conn *sql.Conn, s *dbSchema, m *member, r *Report) {
	if !s.has("anjungan_pin") {
		r.add(Warn, "member", "no kiosk PINs yet: the kiosk makes their table at its first start; then staff set this member's: "+
			"kioskctl slims pin set %s", m.ID)
		return
	}
	var one int
	err := conn.QueryRowContext(ctx, `SELECT 1 FROM anjungan_pin WHERE member_id = ?`, m.ID).Scan(&one)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		r.add(Warn, "member", "no kiosk PIN: this member cannot log in at the kiosk until staff set one: kioskctl slims pin set %s", m.ID)
	case err != nil:
		r.add(Warn, "member", "kiosk PIN table unreadable: %v", err)
	default:
		r.add(OK, "member", "has a kiosk PIN")
	}
}
