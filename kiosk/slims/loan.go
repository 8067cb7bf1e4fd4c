package slims

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/anjungan/anjungan/kiosk"
)

// Checkout implements kiosk.Circulation, as SLiMS's desk lends: refused
// when the member is expired or pending, the copy unknown, on loan,
// of a no-loan status, or its earliest reservation is another member's,
// or the member is at the limit; else one loan row, the member's own
// reservation of the copy removed, and the day's visit recorded.
func (db *DB) Checkout(ctx context.Context, cred kiosk.Credentials, barcode string) (*kiosk.Loan, error) {
	loan, err := db.checkout(ctx, cred.Card, barcode, db.Now(), time.Time{}, false)
	return loan, fault("checkout", err)
}

// checkout lends the copy on the day of at; with a zero due, the rules
// give the due date. noBlock (an offline replay: the patron has left
// with the copy) records the loan whatever the member's standing, limit
// or reservations — but never a copy on loan to someone else.
func (db *DB) checkout(ctx context.Context, card, barcode string, at, dueAt time.Time, noBlock bool) (*kiosk.Loan, error) {
	m, err := db.loadMember(ctx, db.db, card)
	if err != nil {
		return nil, err
	}
	today := dayOf(at, db.Location)
	if !noBlock {
		if err := m.borrowBlock(today); err != nil {
			return nil, err
		}
	}
	it, err := db.loadItem(ctx, db.db, barcode)
	if err != nil {
		return nil, err
	}
	cal, _, err := db.library(ctx, db.db)
	if err != nil {
		return nil, err
	}
	var loan *kiosk.Loan
	err = db.locked(ctx, []string{"item:" + it.Barcode, "member:" + m.ID}, func(q querier) error {
		// Under the locks, everything is read again: another kiosk may
		// have lent the copy a moment ago.
		open, err := loadOpenLoan(ctx, q, it.Barcode)
		if err != nil {
			return err
		}
		if open != nil {
			if sameCard(open.Member, m.ID) {
				return kiosk.Errorf(kiosk.ECONFLICT, kiosk.KeyItemAlreadyYours, "title", it.Title)
			}
			return kiosk.Errorf(kiosk.ECONFLICT, kiosk.KeyItemOnLoan)
		}
		if it.NoLoan && !noBlock {
			return kiosk.Errorf(kiosk.EFORBIDDEN, kiosk.KeyItemNotLoanable, "status", statusName(it))
		}
		first, others, err := reservedFor(ctx, q, it.Barcode, m.ID)
		if err != nil {
			return err
		}
		if others > 0 && !sameCard(first, m.ID) && !noBlock {
			return kiosk.Errorf(kiosk.EFORBIDDEN, kiosk.KeyItemOnHold)
		}
		t, err := loanTerms(ctx, q, m, it.CollType, it.GMD)
		if err != nil {
			return err
		}
		n, limit, err := limits(ctx, q, m, t.Rule, it.CollType)
		if err != nil {
			return err
		}
		if n >= t.Limit && !noBlock {
			return kiosk.Errorf(kiosk.EFORBIDDEN, kiosk.KeyPatronOverLimit, "max", strconv.Itoa(t.Limit))
		}
		due := cal.due(today, t.Period, m.Expires)
		if !dueAt.IsZero() {
			due = dayOf(dueAt, db.Location)
		}
		stamp := at.In(db.Location).Format(time.DateTime)
		if _, err := q.ExecContext(ctx, `INSERT INTO loan (item_code, member_id, loan_date, due_date, renewed, loan_rules_id,
				is_lent, is_return, input_date, last_update, uid) VALUES (?, ?, ?, ?, 0, ?, 1, 0, ?, ?, ?)`,
			it.Barcode, m.ID, today.String(), due.String(), t.Rule, stamp, stamp, db.UID); err != nil {
			return fmt.Errorf("loan: %w", err)
		}
		if _, err := q.ExecContext(ctx, `DELETE FROM reserve WHERE member_id = ? AND item_code = ?`, m.ID, it.Barcode); err != nil {
			return fmt.Errorf("reservation: %w", err)
		}
		loan = &kiosk.Loan{Item: it.Item, IssuedAt: at, Due: due.lastMoment(db.Location), MaxRenewals: limit}
		return nil
	})
	if err != nil {
		return nil, err
	}
	db.Logger.Info("SLiMS loan", "card", kiosk.MaskCard(m.ID), "item", it.Barcode, "due", loan.Due.Format(time.DateOnly))
	db.recordVisit(ctx, m)
	return loan, nil
}

// statusName is how the patron hears why a copy cannot be lent: the
// library's name for its status, else its code.
func statusName(it *item) string {
	if it.StatusName != "" {
		return it.StatusName
	}
	return it.Status
}

// recordVisit records the member's first visit of the day in
// visitor_count, as SLiMS's desk does when a transaction ends (once a
// day; a missing institution is ” as SLiMS writes it). A failure is
// logged: the loan stands.
func (db *DB) recordVisit(ctx context.Context, m *member) {
	if !db.RecordVisits {
		return
	}
	today := db.today()
	key := strings.ToUpper(m.ID)
	db.mu.Lock()
	if db.visitDay != today {
		db.visitDay, db.visited = today, map[string]bool{}
	}
	seen := db.visited[key]
	db.mu.Unlock()
	if seen {
		return // recorded by this kiosk today: no round trip to find it again
	}
	// One statement, so that two kiosks do not both find no visit.
	_, err := db.db.ExecContext(ctx, `INSERT INTO visitor_count (member_id, member_name, institution, checkin_date)
		SELECT ?, ?, ?, ? FROM DUAL WHERE NOT EXISTS (
			SELECT 1 FROM visitor_count WHERE member_id = ? AND checkin_date >= ? AND checkin_date < ?)`,
		m.ID, m.Name, m.Inst, db.stamp(), m.ID, today.String(), today.add(1).String())
	if err != nil {
		db.Logger.Warn("SLiMS visit not recorded", "card", kiosk.MaskCard(m.ID), "err", err)
		return
	}
	db.mu.Lock()
	db.visited[key] = true
	db.mu.Unlock()
}

var _ kiosk.SessionEnder = (*DB)(nil)

// EndSession implements kiosk.SessionEnder: the visit is recorded, as
// SLiMS's desk records one for every transaction it finishes (returns
// and renewals only, too).
func (db *DB) EndSession(ctx context.Context, cred kiosk.Credentials) error {
	if !db.RecordVisits || cred.Card == "" {
		return nil
	}
	m, err := db.loadMember(ctx, db.db, cred.Card)
	if err != nil {
		return fault("end session", err)
	}
	db.recordVisit(ctx, m)
	return nil
}
