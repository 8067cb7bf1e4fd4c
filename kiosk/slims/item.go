package slims

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/anjungan/anjungan/kiosk"
)

// item is a SLiMS copy (item) with its title (biblio).
type item struct {
	kiosk.Item
	Biblio     int
	CollType   int
	GMD        int
	Status     string // item_status_id; "" or "0" is available
	StatusName string
	NoLoan     bool
}

// itemSQL reads a copy by code, case-insensitively as SLiMS does. A copy
// whose title (biblio) is gone is unknown, as at SLiMS's desk. An unknown
// status counts as loanable, as in SLiMS.
const itemSQL = `
	SELECT i.item_code, b.biblio_id, b.title,
		COALESCE((SELECT a.author_name FROM biblio_author ba JOIN mst_author a ON a.author_id = ba.author_id
			WHERE ba.biblio_id = b.biblio_id ORDER BY ba.level, a.author_id LIMIT 1), b.sor, ''),
		COALESCE(i.call_number, b.call_number, ''), COALESCE(l.location_name, ''),
		COALESCE(i.coll_type_id, 0), COALESCE(c.coll_type_name, ''), COALESCE(b.gmd_id, 0),
		COALESCE(i.item_status_id, ''), COALESCE(s.item_status_name, ''), COALESCE(s.no_loan, 0)
	FROM item i JOIN biblio b ON b.biblio_id = i.biblio_id
		LEFT JOIN mst_location l ON l.location_id = i.location_id
		LEFT JOIN mst_coll_type c ON c.coll_type_id = i.coll_type_id
		LEFT JOIN mst_item_status s ON s.item_status_id = i.item_status_id
	WHERE i.item_code = ?`

func (db *DB) loadItem(ctx context.Context, q querier, code string) (*item, error) {
	code = strings.TrimSpace(code)
	if code == "" || utf8.RuneCountInString(code) > 20 {
		return nil, kiosk.Errorf(kiosk.ENOTFOUND, kiosk.KeyItemUnknown)
	}
	var it item
	err := q.QueryRowContext(ctx, itemSQL, code).Scan(&it.Barcode, &it.Biblio, &it.Title, &it.Author, &it.CallNumber, &it.Location,
		&it.CollType, &it.Type, &it.GMD, &it.Status, &it.StatusName, &it.NoLoan)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, kiosk.Errorf(kiosk.ENOTFOUND, kiosk.KeyItemUnknown)
	}
	if err != nil {
		return nil, fmt.Errorf("item: %w", err)
	}
	it.Loanable = !it.NoLoan
	return &it, nil
}

// Item implements kiosk.Circulation.
func (db *DB) Item(ctx context.Context, barcode string) (*kiosk.Item, error) {
	it, err := db.loadItem(ctx, db.db, barcode)
	if err != nil {
		return nil, fault("item", err)
	}
	return &it.Item, nil
}

// openLoan is a loan not yet returned.
type openLoan struct {
	ID       int64
	Item     string
	Member   string
	Issued   date
	Due      date
	Renewed  int
	Rule     int
	Returned date // return_date: set by a renewal (SLiMS keeps it)
}

const openLoanSQL = `
	SELECT loan_id, item_code, member_id, CAST(loan_date AS CHAR), CAST(due_date AS CHAR), renewed, loan_rules_id,
		COALESCE(CAST(return_date AS CHAR), '')
	FROM loan WHERE item_code = ? AND is_lent = 1 AND is_return = 0 ORDER BY loan_id LIMIT 1`

// loadOpenLoan is the copy's open loan, nil when it is on the shelf.
func loadOpenLoan(ctx context.Context, q querier, code string) (*openLoan, error) {
	var l openLoan
	var issued, due, ret string
	err := q.QueryRowContext(ctx, openLoanSQL, code).Scan(&l.ID, &l.Item, &l.Member, &issued, &due, &l.Renewed, &l.Rule, &ret)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("open loan: %w", err)
	}
	if l.Issued, err = parseDate(issued); err == nil {
		if l.Due, err = parseDate(due); err == nil {
			l.Returned, err = parseDate(ret)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("loan %d: %w", l.ID, err)
	}
	return &l, nil
}

// sameCard compares member ids as SLiMS's collation does.
func sameCard(a, b string) bool {
	return strings.EqualFold(strings.TrimRight(a, " "), strings.TrimRight(b, " "))
}

// reservedFor is the member of the copy's earliest reservation, "" when
// none; others counts the reservations by anyone but member.
func reservedFor(ctx context.Context, q querier, code, member string) (first string, others int, err error) {
	rows, err := q.QueryContext(ctx, `SELECT member_id FROM reserve WHERE item_code = ? ORDER BY reserve_date, reserve_id`, code)
	if err != nil {
		return "", 0, fmt.Errorf("reservations: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var m string
		if err := rows.Scan(&m); err != nil {
			return "", 0, err
		}
		if first == "" {
			first = m
		}
		if !sameCard(m, member) {
			others++
		}
	}
	return first, others, rows.Err()
}

var _ kiosk.ItemStatuser = (*DB)(nil)

// ItemStatus implements kiosk.ItemStatuser.
func (db *DB) ItemStatus(ctx context.Context, barcode string) (*kiosk.ItemState, error) {
	it, err := db.loadItem(ctx, db.db, barcode)
	if err != nil {
		return nil, fault("item status", err)
	}
	l, err := loadOpenLoan(ctx, db.db, it.Barcode)
	if err != nil {
		return nil, fault("item status", err)
	}
	_, holds, err := reservedFor(ctx, db.db, it.Barcode, "")
	if err != nil {
		return nil, fault("item status", err)
	}
	st := &kiosk.ItemState{Item: it.Item, Status: kiosk.CircAvailable, Holds: holds}
	switch {
	case l != nil:
		st.Status, st.Due = kiosk.CircOnLoan, l.Due.lastMoment(db.Location)
	case strings.EqualFold(it.Status, "MIS"):
		st.Status = kiosk.CircMissing
	case strings.EqualFold(it.Status, "R"):
		st.Status = kiosk.CircInProcess
	}
	return st, nil
}
