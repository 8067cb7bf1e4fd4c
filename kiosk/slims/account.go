package slims

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/anjungan/anjungan/kiosk"
)

// loansSQL lists a member's open loans with their copies and titles.
const loansSQL = `
	SELECT l.item_code, CAST(l.loan_date AS CHAR), CAST(l.due_date AS CHAR), l.renewed,
		COALESCE(b.title, ''), COALESCE(i.call_number, b.call_number, ''), COALESCE(c.coll_type_name, ''), COALESCE(i.coll_type_id, 0)
	FROM loan l LEFT JOIN item i ON i.item_code = l.item_code LEFT JOIN biblio b ON b.biblio_id = i.biblio_id
		LEFT JOIN mst_coll_type c ON c.coll_type_id = i.coll_type_id
	WHERE l.member_id = ? AND l.is_lent = 1 AND l.is_return = 0`

// memberLoans are the member's open loans, soonest due first.
func (db *DB) memberLoans(ctx context.Context, m *member) ([]kiosk.Loan, error) {
	rows, err := db.db.QueryContext(ctx, loansSQL, m.ID)
	if err != nil {
		return nil, fmt.Errorf("loans: %w", err)
	}
	defer rows.Close()
	limits := map[int]int{}
	type row struct {
		loan kiosk.Loan
		coll int
	}
	var list []row
	for rows.Next() {
		var r row
		var issued, due string
		if err := rows.Scan(&r.loan.Item.Barcode, &issued, &due, &r.loan.Renewals, &r.loan.Item.Title, &r.loan.Item.CallNumber,
			&r.loan.Item.Type, &r.coll); err != nil {
			return nil, fmt.Errorf("loans: %w", err)
		}
		i, err1 := parseDate(issued)
		d, err2 := parseDate(due)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("loan of %s: dates %q %q", r.loan.Item.Barcode, issued, due)
		}
		r.loan.IssuedAt, r.loan.Due, r.loan.Item.Loanable = i.start(db.Location), d.lastMoment(db.Location), true
		list = append(list, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("loans: %w", err)
	}
	rows.Close()
	out := make([]kiosk.Loan, len(list))
	for i, r := range list {
		lim, ok := limits[r.coll]
		if !ok {
			if lim, err = renewLimit(ctx, db.db, m, r.coll); err != nil {
				return nil, err
			}
			limits[r.coll] = lim
		}
		r.loan.MaxRenewals = lim
		out[i] = r.loan
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Due.Before(out[b].Due) })
	return out, nil
}

// memberFines are the member's unpaid fines (debet over credit), oldest
// first, and what they come to.
func (db *DB) memberFines(ctx context.Context, m *member) ([]kiosk.Fine, int64, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT CAST(fines_date AS CHAR), COALESCE(debet, 0) - COALESCE(credit, 0), COALESCE(description, '')
		FROM fines WHERE member_id = ? AND debet > credit ORDER BY fines_date, fines_id`, m.ID)
	if err != nil {
		return nil, 0, fmt.Errorf("fines: %w", err)
	}
	defer rows.Close()
	var out []kiosk.Fine
	var total int64
	for rows.Next() {
		var f kiosk.Fine
		var day string
		if err := rows.Scan(&day, &f.Amount, &f.Description); err != nil {
			return nil, 0, fmt.Errorf("fines: %w", err)
		}
		d, err := parseDate(day)
		if err != nil {
			return nil, 0, err
		}
		f.Created = d.start(db.Location)
		out = append(out, f)
		total += f.Amount
	}
	return out, total, rows.Err()
}

// memberHolds are the member's reservations, oldest first; one is ready
// when its copy is on the shelf.
func (db *DB) memberHolds(ctx context.Context, m *member) ([]kiosk.Hold, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT COALESCE(b.title, ''), r.item_code, CAST(r.reserve_date AS CHAR),
			NOT EXISTS (SELECT 1 FROM loan l WHERE l.item_code = r.item_code AND l.is_lent = 1 AND l.is_return = 0)
		FROM reserve r LEFT JOIN biblio b ON b.biblio_id = r.biblio_id
		WHERE r.member_id = ? ORDER BY r.reserve_date, r.reserve_id`, m.ID)
	if err != nil {
		return nil, fmt.Errorf("reservations: %w", err)
	}
	defer rows.Close()
	var out []kiosk.Hold
	for rows.Next() {
		var h kiosk.Hold
		var placed string
		if err := rows.Scan(&h.Title, &h.Item.Barcode, &placed, &h.Ready); err != nil {
			return nil, fmt.Errorf("reservations: %w", err)
		}
		if t, err := time.ParseInLocation(time.DateTime, placed, db.Location); err == nil {
			h.Placed = t
		}
		h.Item.Title = h.Title
		out = append(out, h)
	}
	return out, rows.Err()
}

// Account implements kiosk.Circulation: open loans with titles and due
// dates, unpaid fines with what each is for, and reservations.
func (db *DB) Account(ctx context.Context, cred kiosk.Credentials) (*kiosk.Account, error) {
	st, err := db.standing(ctx, cred.Card)
	if err != nil {
		return nil, fault("account", err)
	}
	return &kiosk.Account{Patron: st.Patron, Loans: st.Loans, Fines: st.Fines, FinesTotal: st.FinesTotal, Holds: len(st.Holds)}, nil
}

// Standing implements kiosk.PatronStanding. SLiMS blocks borrowing only
// for an expired or pending member, and renewing only for an expired one;
// fines and overdue loans block nothing.
func (db *DB) Standing(ctx context.Context, card string) (*kiosk.Standing, error) {
	st, err := db.standing(ctx, card)
	return st, fault("standing", err)
}

func (db *DB) standing(ctx context.Context, card string) (*kiosk.Standing, error) {
	m, err := db.loadMember(ctx, db.db, card)
	if err != nil {
		return nil, err
	}
	loans, err := db.memberLoans(ctx, m)
	if err != nil {
		return nil, err
	}
	fines, total, err := db.memberFines(ctx, m)
	if err != nil {
		return nil, err
	}
	holds, err := db.memberHolds(ctx, m)
	if err != nil {
		return nil, err
	}
	now, today := db.Now(), db.today()
	st := &kiosk.Standing{Patron: *db.patron(m), Expired: m.expired(today), Loans: loans, Fines: fines, FinesTotal: total,
		Holds: holds, At: now, BorrowBlock: m.borrowBlock(today), AtLimit: len(loans) >= m.terms.Limit}
	if st.Expired {
		st.RenewBlock = kiosk.Errorf(kiosk.EFORBIDDEN, kiosk.KeyPatronExpired)
	}
	return st, nil
}
