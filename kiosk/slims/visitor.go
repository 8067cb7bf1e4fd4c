package slims

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/anjungan/anjungan/kiosk"
)

var _ kiosk.VisitRecorder = (*DB)(nil)

// RecordLibraryVisit implements kiosk.VisitRecorder: a guest-book visit
// goes into visitor_count as SLiMS's own visitor page (lib/Visitor.php)
// writes it —
//   - a member by member_id, with member_name and institution from the
//     member row (an expired member too; a NULL inst_name stays NULL);
//   - a guest with member_id NULL, the name typed and the institution,
//     which SLiMS requires: a guest without one is not recorded;
//   - with enable_visitor_limitation on, nobody is recorded again within
//     time_visitor_limitation minutes of their last check-in (a member by
//     member_id, a guest by name).
//
// An unknown card is not recorded (SLiMS would take it for a guest's
// name; a card number is not a name). Nothing is written with
// [slims] record_visits off.
func (db *DB) RecordLibraryVisit(ctx context.Context, v kiosk.Visit) (bool, error) {
	if !db.RecordVisits {
		return false, nil
	}
	_, st, err := db.library(ctx, db.db)
	if err != nil {
		return false, fault("visit", err)
	}
	var id, name, inst any // NULL unless set
	key, by := "", "member_name"
	if v.Member() {
		m, err := db.loadMember(ctx, db.db, v.Card)
		if kiosk.ErrorCode(err) == kiosk.ENOTFOUND {
			return false, nil
		}
		if err != nil {
			return false, fault("visit", err)
		}
		id, name, key, by = m.ID, m.Name, m.ID, "member_id"
		if !m.instNull {
			inst = m.Inst
		}
	} else {
		g := strings.TrimSpace(v.Guest.Name)
		o := strings.TrimSpace(v.Guest.Origin)
		if g == "" || o == "" {
			return false, nil
		}
		name, inst, key = cut(g, 255), cut(o, 100), cut(g, 255)
	}
	at := v.At
	if at.IsZero() {
		at = db.Now()
	}
	stamp := at.In(db.Location).Format(time.DateTime)
	if st.VisitLimit > 0 {
		// SLiMS compares the last check-in plus the limit with now; one
		// statement, so that two kiosks do not both find none.
		since := at.In(db.Location).Add(-time.Duration(st.VisitLimit) * time.Minute).Format(time.DateTime)
		res, err := db.db.ExecContext(ctx, `INSERT INTO visitor_count (member_id, member_name, institution, checkin_date)
			SELECT ?, ?, ?, ? FROM DUAL WHERE NOT EXISTS (
				SELECT 1 FROM visitor_count WHERE `+by+` = ? AND checkin_date > ?)`,
			id, name, inst, stamp, key, since)
		if err != nil {
			return false, fault("visit", err)
		}
		n, _ := res.RowsAffected()
		return n == 1, nil
	}
	if _, err := db.db.ExecContext(ctx, `INSERT INTO visitor_count (member_id, member_name, institution, checkin_date) VALUES (?, ?, ?, ?)`,
		id, name, inst, stamp); err != nil {
		return false, fault("visit", err)
	}
	return true, nil
}

// cut keeps the first n characters of s, as SLiMS's columns hold them.
func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}
