package slims

import (
	"context"
	"fmt"
	"time"

	"github.com/anjungan/anjungan/kiosk"
)

// Checkin implements kiosk.Circulation, as SLiMS's quick return: the
// copy's open loan is returned today, with a fine row when it is late
// past any grace period, in SLiMS's words. A reservation by another
// member sends the copy to the desk (Hold); it stays.
func (db *DB) Checkin(ctx context.Context, barcode string) (*kiosk.Return, error) {
	r, err := db.checkin(ctx, barcode, db.Now())
	return r, fault("checkin", err)
}

func (db *DB) checkin(ctx context.Context, barcode string, at time.Time) (*kiosk.Return, error) {
	it, err := db.loadItem(ctx, db.db, barcode)
	if err != nil {
		return nil, err
	}
	var ret *kiosk.Return
	err = db.locked(ctx, []string{"item:" + it.Barcode}, func(q querier) error {
		l, err := loadOpenLoan(ctx, q, it.Barcode)
		if err != nil {
			return err
		}
		if l == nil {
			return kiosk.Errorf(kiosk.ECONFLICT, kiosk.KeyItemNotOnLoan)
		}
		m, err := db.loadMember(ctx, q, l.Member)
		if kiosk.ErrorKey(err) == kiosk.KeyPatronUnknown {
			// The borrower's record is gone: SLiMS would leave the loan
			// open and fine nobody. Staff sort it out.
			db.Logger.Warn("SLiMS loan of a deleted member; return left to staff", "item", it.Barcode, "loan", l.ID)
			return kiosk.Errorf(kiosk.EFORBIDDEN, kiosk.KeyReturnSeeStaff)
		}
		if err != nil {
			return err
		}
		day := dayOf(at, db.Location)
		fine, err := db.chargeFine(ctx, q, m, l, day)
		if err != nil {
			return err
		}
		res, err := q.ExecContext(ctx, `UPDATE loan SET is_return = 1, return_date = ?, last_update = ?
			WHERE loan_id = ? AND is_lent = 1 AND is_return = 0`, day.String(), at.In(db.Location).Format(time.DateTime), l.ID)
		if err != nil {
			return fmt.Errorf("return: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fmt.Errorf("return of loan %d changed %d rows", l.ID, n)
		}
		_, others, err := reservedFor(ctx, q, it.Barcode, m.ID)
		if err != nil {
			return err
		}
		ret = &kiosk.Return{Item: it.Item, Fine: fine, WasDue: l.Due.lastMoment(db.Location), Hold: others > 0}
		return nil
	})
	if err != nil {
		return nil, err
	}
	db.Logger.Info("SLiMS return", "item", it.Barcode, "fine", ret.Fine, "hold", ret.Hold)
	return ret, nil
}

// chargeFine writes the fine a loan owes when returned (or renewed) on
// day, as SLiMS writes it, and returns its amount. The row is written
// before the loan changes and not twice: a kiosk stopped between the two
// finds its row when the return is tried again.
func (db *DB) chargeFine(ctx context.Context, q querier, m *member, l *openLoan, day date) (int64, error) {
	cal, st, err := db.library(ctx, q)
	if err != nil {
		return 0, err
	}
	rate, graces, err := fineTerms(ctx, q, m, l)
	if err != nil {
		return 0, err
	}
	o := cal.fineFor(l.Due, day, rate, st.IgnoreHolidays, graces...)
	if o.Days <= 0 {
		return 0, nil
	}
	text := fineText(st.Lang, l.Item)
	res, err := q.ExecContext(ctx, `INSERT INTO fines (fines_date, member_id, debet, credit, description)
		SELECT ?, ?, ?, 0, ? FROM DUAL WHERE NOT EXISTS (
			SELECT 1 FROM fines WHERE member_id = ? AND fines_date = ? AND description = ?)`,
		day.String(), m.ID, o.Amount, text, m.ID, day.String(), text)
	if err != nil {
		return 0, fmt.Errorf("fine: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		// Written already today (a try before a crash, or a renewal's):
		// the patron hears what SLiMS holds, not a second amount.
		var held int64
		if err := q.QueryRowContext(ctx, `SELECT COALESCE(debet, 0) FROM fines WHERE member_id = ? AND fines_date = ? AND description = ? ORDER BY fines_id LIMIT 1`,
			m.ID, day.String(), text).Scan(&held); err != nil {
			return 0, fmt.Errorf("fine: %w", err)
		}
		return held, nil
	}
	return o.Amount, nil
}
