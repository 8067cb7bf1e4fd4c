package slims

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/anjungan/anjungan/kiosk"
)

// Renew implements kiosk.Circulation with the checks of SLiMS's loan
// list, which SLiMS's own extend does not make: the member expired; the
// loan renewed today already; renewed as often as the rules allow;
// reserved by another member. A late loan is fined first, as SLiMS
// does; the new due date counts from today.
func (db *DB) Renew(ctx context.Context, cred kiosk.Credentials, barcode string) (*kiosk.Loan, error) {
	m, err := db.loadMember(ctx, db.db, cred.Card)
	if err != nil {
		return nil, fault("renew", err)
	}
	loan, err := db.renew(ctx, m, barcode)
	return loan, fault("renew", err)
}

func (db *DB) renew(ctx context.Context, m *member, barcode string) (*kiosk.Loan, error) {
	today := db.today()
	if m.expired(today) {
		return nil, kiosk.Errorf(kiosk.EFORBIDDEN, kiosk.KeyPatronExpired)
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
	err = db.locked(ctx, []string{"item:" + it.Barcode}, func(q querier) error {
		l, err := loadOpenLoan(ctx, q, it.Barcode)
		if err != nil {
			return err
		}
		switch {
		case l == nil:
			return kiosk.Errorf(kiosk.ECONFLICT, kiosk.KeyItemNotOnLoan)
		case !sameCard(l.Member, m.ID):
			return kiosk.Errorf(kiosk.EFORBIDDEN, kiosk.KeyItemNotYours)
		}
		limit, err := renewLimit(ctx, q, m, it.CollType)
		if err != nil {
			return err
		}
		// SLiMS refuses both; the patron hears the one that lasts: at the
		// limit, tomorrow will not do either.
		switch {
		case limit == 0:
			return kiosk.Errorf(kiosk.EFORBIDDEN, kiosk.KeyRenewNone)
		case l.Renewed >= limit:
			return kiosk.Errorf(kiosk.EFORBIDDEN, kiosk.KeyRenewLimit, "max", strconv.Itoa(limit))
		case l.Returned.sameDay(today):
			return kiosk.Errorf(kiosk.EFORBIDDEN, kiosk.KeyRenewToday)
		}
		if _, others, err := reservedFor(ctx, q, it.Barcode, m.ID); err != nil {
			return err
		} else if others > 0 {
			return kiosk.Errorf(kiosk.EFORBIDDEN, kiosk.KeyRenewHold)
		}
		fine, err := db.chargeFine(ctx, q, m, l, today)
		if err != nil {
			return err
		}
		period := m.terms.Period
		if r, ok, err := ruleByID(ctx, q, l.Rule); err != nil {
			return err
		} else if ok {
			period = r.Period
		}
		due := cal.due(today, period, m.Expires)
		// SLiMS returns the loan and lends it again in two updates; one
		// here leaves the same row (return_date today, which is how
		// "renewed today" is told) and nothing half-done if the kiosk
		// stops.
		res, err := q.ExecContext(ctx, `UPDATE loan SET renewed = renewed + 1, due_date = ?, is_return = 0, return_date = ?, last_update = ?
			WHERE loan_id = ? AND is_lent = 1 AND is_return = 0 AND renewed = ?`,
			due.String(), today.String(), db.stamp(), l.ID, l.Renewed)
		if err != nil {
			return fmt.Errorf("renew: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fmt.Errorf("renewal of loan %d changed %d rows", l.ID, n)
		}
		loan = &kiosk.Loan{Item: it.Item, IssuedAt: l.Issued.start(db.Location), Due: due.lastMoment(db.Location),
			Renewals: l.Renewed + 1, MaxRenewals: limit, Fine: fine}
		return nil
	})
	if err != nil {
		return nil, err
	}
	db.Logger.Info("SLiMS renewal", "card", kiosk.MaskCard(m.ID), "item", it.Barcode, "due", loan.Due.Format(time.DateOnly), "fine", loan.Fine)
	return loan, nil
}

// RenewAll implements kiosk.Circulation: each open loan of the patron's,
// soonest due first.
func (db *DB) RenewAll(ctx context.Context, cred kiosk.Credentials) ([]kiosk.RenewResult, error) {
	m, err := db.loadMember(ctx, db.db, cred.Card)
	if err != nil {
		return nil, fault("renew all", err)
	}
	loans, err := db.memberLoans(ctx, m)
	if err != nil {
		return nil, fault("renew all", err)
	}
	out := make([]kiosk.RenewResult, 0, len(loans))
	for _, l := range loans {
		r := kiosk.RenewResult{Barcode: l.Item.Barcode, Title: l.Item.Title}
		r.Loan, r.Err = db.renew(ctx, m, l.Item.Barcode)
		r.Err = fault("renew", r.Err)
		out = append(out, r)
	}
	return out, nil
}
