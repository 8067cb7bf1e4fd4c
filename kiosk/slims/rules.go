package slims

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

const ruleColumns = `loan_rules_id, COALESCE(loan_limit, 0), COALESCE(loan_periode, 0), COALESCE(reborrow_limit, 0),
	COALESCE(fine_each_day, 0), COALESCE(grace_periode, 0)`

// loanTerms are the terms a member borrows a copy on, found as SLiMS's
// desk finds them: with neither a collection type nor a GMD, the member
// type's; else the first rule of the member type matching both, then the
// collection type alone, then the GMD alone — where a value of 0 adds no
// condition, so with one of them 0 a fallback matches any rule of the
// member type, exactly as in SLiMS. A rule's values are taken whole, 0s
// included. (SLiMS takes the first row the server returns; here, the
// lowest rule id, which is what MyISAM and InnoDB return for these
// tables in practice.)
func loanTerms(ctx context.Context, q querier, m *member, collType, gmd int) (terms, error) {
	if collType == 0 && gmd == 0 {
		return m.terms, nil
	}
	cond := func(coll, g bool) (string, []any) {
		w, args := "member_type_id = ?", []any{m.Type}
		if coll && collType != 0 {
			w, args = w+" AND coll_type_id = ?", append(args, collType)
		}
		if g && gmd != 0 {
			w, args = w+" AND gmd_id = ?", append(args, gmd)
		}
		return w, args
	}
	for _, try := range [][2]bool{{true, true}, {true, false}, {false, true}} {
		w, args := cond(try[0], try[1])
		t, err := scanTerms(q.QueryRowContext(ctx, `SELECT `+ruleColumns+` FROM mst_loan_rules WHERE `+w+` ORDER BY loan_rules_id LIMIT 1`, args...))
		if err == nil {
			return t, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return terms{}, fmt.Errorf("loan rules: %w", err)
		}
	}
	return m.terms, nil
}

func scanTerms(row *sql.Row) (terms, error) {
	var t terms
	err := row.Scan(&t.Rule, &t.Limit, &t.Period, &t.Renewal, &t.Fine, &t.Grace)
	return t, err
}

// ruleByID is a loan's rule as it is now (SLiMS reads it at return and
// renewal, not as it was at loan time); ok is false when the loan has
// none or the rule was deleted.
func ruleByID(ctx context.Context, q querier, id int) (t terms, ok bool, err error) {
	if id == 0 {
		return terms{}, false, nil
	}
	t, err = scanTerms(q.QueryRowContext(ctx, `SELECT `+ruleColumns+` FROM mst_loan_rules WHERE loan_rules_id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return terms{}, false, nil
	}
	if err != nil {
		return terms{}, false, fmt.Errorf("loan rule %d: %w", id, err)
	}
	return t, true, nil
}

// openLoans counts the member's open loans as SLiMS counts them against
// a limit: under a rule, only the loans made under that rule; else all.
func openLoans(ctx context.Context, q querier, member string, rule int) (int, error) {
	query, args := `SELECT COUNT(*) FROM loan WHERE member_id = ? AND is_lent = 1 AND is_return = 0`, []any{member}
	if rule != 0 {
		query, args = query+` AND loan_rules_id = ?`, append(args, rule)
	}
	var n int
	err := q.QueryRowContext(ctx, query, args...).Scan(&n)
	return n, err
}

// renewLimit is how often a copy of collection type collType may be
// renewed, as SLiMS's loan list decides: the rules of the member type for
// that collection type, any GMD (the most any of them allows), else the
// member type's.
func renewLimit(ctx context.Context, q querier, m *member, collType int) (int, error) {
	var n sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT MAX(COALESCE(reborrow_limit, 0)) FROM mst_loan_rules WHERE member_type_id = ? AND coll_type_id = ?`,
		m.Type, collType).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("renewal limit: %w", err)
	}
	if !n.Valid {
		return m.terms.Renewal, nil
	}
	return int(n.Int64), nil
}

// fineTerms are what a loan's late return costs, as SLiMS reads them at
// return: the rate of the loan's rule when it has one (0 if deleted), else
// the member type's; the member type's grace, and the rule's too.
func fineTerms(ctx context.Context, q querier, m *member, l *openLoan) (rate int64, graces []int, err error) {
	rate, graces = m.terms.Fine, []int{m.terms.Grace}
	if l.Rule == 0 {
		return rate, graces, nil
	}
	r, _, err := ruleByID(ctx, q, l.Rule) // a deleted rule: rate 0, as in SLiMS
	if err != nil {
		return 0, nil, err
	}
	return r.Fine, append(graces, r.Grace), nil
}

// calendarRefresh is how long the days off and settings read are used
// before they are read again.
const calendarRefresh = time.Minute

// library returns the days off and settings, read again after a minute.
func (db *DB) library(ctx context.Context, q querier) (*calendar, settings, error) {
	db.mu.Lock()
	cal, st, at := db.cal, db.settings, db.calAt
	db.mu.Unlock()
	if cal != nil && db.Now().Sub(at) < calendarRefresh && db.Now().Sub(at) >= 0 {
		return cal, st, nil
	}
	cal = &calendar{}
	// Weekly days off, and the 365 latest dated holidays (SLiMS reads no
	// more).
	rows, err := q.QueryContext(ctx, `(SELECT holiday_dayname, NULL FROM holiday WHERE holiday_date IS NULL)
		UNION ALL (SELECT holiday_dayname, CAST(holiday_date AS CHAR) FROM holiday WHERE holiday_date IS NOT NULL ORDER BY holiday_date DESC LIMIT 365)`)
	if err != nil {
		return nil, st, fmt.Errorf("holidays: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		var day sql.NullString
		if err := rows.Scan(&name, &day); err != nil {
			return nil, st, fmt.Errorf("holidays: %w", err)
		}
		if !day.Valid {
			cal.addRow(name, nil)
			continue
		}
		d, err := parseDate(day.String)
		if err != nil {
			return nil, st, fmt.Errorf("holidays: %w", err)
		}
		cal.addRow(name, &d)
	}
	if err := rows.Err(); err != nil {
		return nil, st, fmt.Errorf("holidays: %w", err)
	}
	if st, err = db.readSettings(ctx, q); err != nil {
		return nil, st, fmt.Errorf("settings: %w", err)
	}
	db.mu.Lock()
	db.cal, db.settings, db.calAt = cal, st, db.Now()
	db.mu.Unlock()
	return cal, st, nil
}
