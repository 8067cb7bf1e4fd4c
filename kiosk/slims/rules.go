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
	// SLiMS's three tries in one query: the conditions of each (a 0
	// adds none), the earliest try that matches first.
	cond := func(coll, g bool) (string, []any) {
		w, args := "TRUE", []any{}
		if coll && collType != 0 {
			w, args = w+" AND coll_type_id = ?", append(args, collType)
		}
		if g && gmd != 0 {
			w, args = w+" AND gmd_id = ?", append(args, gmd)
		}
		return "(" + w + ")", args
	}
	c1, a1 := cond(true, true)
	c2, a2 := cond(true, false)
	c3, a3 := cond(false, true)
	args := append([]any{m.Type}, a1...)
	args = append(append(append(args, a2...), a3...), a1...)
	args = append(args, a2...)
	t, err := scanTerms(q.QueryRowContext(ctx, `SELECT `+ruleColumns+` FROM mst_loan_rules
		WHERE member_type_id = ? AND (`+c1+` OR `+c2+` OR `+c3+`)
		ORDER BY CASE WHEN `+c1+` THEN 1 WHEN `+c2+` THEN 2 ELSE 3 END, loan_rules_id LIMIT 1`, args...))
	switch {
	case err == nil:
		return t, nil
	case errors.Is(err, sql.ErrNoRows):
		return m.terms, nil
	}
	return terms{}, fmt.Errorf("loan rules: %w", err)
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

// limits reads, in one query, the member's open loans as SLiMS counts
// them against a limit (under a rule, only the loans made under that
// rule; else all) and how often a copy of collection type collType may
// be renewed (renewLimit).
func limits(ctx context.Context, q querier, m *member, rule, collType int) (open, renewals int, err error) {
	count, args := `SELECT COUNT(*) FROM loan WHERE member_id = ? AND is_lent = 1 AND is_return = 0`, []any{m.ID}
	if rule != 0 {
		count, args = count+` AND loan_rules_id = ?`, append(args, rule)
	}
	var r sql.NullInt64
	err = q.QueryRowContext(ctx, `SELECT (`+count+`), (`+renewLimitSQL+`)`, append(args, m.Type, collType)...).Scan(&open, &r)
	if err != nil {
		return 0, 0, fmt.Errorf("limits: %w", err)
	}
	return open, renewLimitOf(m, r), nil
}

// renewLimitSQL is the most renewals any rule of the member type for a
// collection type allows, NULL when it has none.
const renewLimitSQL = `SELECT MAX(COALESCE(reborrow_limit, 0)) FROM mst_loan_rules WHERE member_type_id = ? AND coll_type_id = ?`

func renewLimitOf(m *member, r sql.NullInt64) int {
	if !r.Valid {
		return m.terms.Renewal
	}
	return int(r.Int64)
}

// renewLimit is how often a copy of collection type collType may be
// renewed, as SLiMS's loan list decides: the rules of the member type for
// that collection type, any GMD (the most any of them allows), else the
// member type's.
func renewLimit(ctx context.Context, q querier, m *member, collType int) (int, error) {
	var n sql.NullInt64
	if err := q.QueryRowContext(ctx, renewLimitSQL, m.Type, collType).Scan(&n); err != nil {
		return 0, fmt.Errorf("renewal limit: %w", err)
	}
	return renewLimitOf(m, n), nil
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
