package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/anjungan/anjungan/kiosk"
)

// querier is what *sql.DB and *sql.Tx share.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// KeyNoRule is the refusal when no loan rule covers a category and type:
// a set-up mistake that staff must fix.
const KeyNoRule = "item.no_rule"

// Rule is the loan rule for one patron category and item type.
type Rule struct {
	Category    string
	ItemType    string
	LoanDays    int
	MaxRenewals int
	FinePerDay  int64
	FineMax     int64
}

// rule finds the loan rule for category and itemType in the cached
// configuration.
func (db *DB) rule(ctx context.Context, q querier, category, itemType string) (Rule, *calendar, error) {
	c, err := db.config(ctx, q)
	if err != nil {
		return Rule{}, nil, err
	}
	r, ok := c.rule(category, itemType)
	if !ok {
		return r, nil, kiosk.Errorf(kiosk.EFORBIDDEN, KeyNoRule).Wrap(fmt.Errorf("no loan rule for category %q, item type %q", category, itemType))
	}
	return r, c.cal, nil
}

// calendar is the library's opening days.
type calendar struct {
	loc    *time.Location
	closes map[time.Weekday][2]int // hour, minute of closing; absent = closed
	closed map[string]bool         // holidays, 'YYYY-MM-DD'
}

func loadCalendar(ctx context.Context, q querier, loc *time.Location, from time.Time) (*calendar, error) {
	c := &calendar{loc: loc, closes: map[time.Weekday][2]int{}, closed: map[string]bool{}}
	rows, err := q.QueryContext(ctx, `SELECT weekday, closes FROM opening_hours`)
	if err != nil {
		return nil, fmt.Errorf("opening hours: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var wd int
		var closes string
		if err := rows.Scan(&wd, &closes); err != nil {
			return nil, fmt.Errorf("opening hours: %w", err)
		}
		var h, m int
		if _, err := fmt.Sscanf(closes, "%d:%d", &h, &m); err != nil {
			return nil, fmt.Errorf("opening hours: weekday %d closes %q: %w", wd, closes, err)
		}
		c.closes[time.Weekday(wd)] = [2]int{h, m}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("opening hours: %w", err)
	}
	rows, err = q.QueryContext(ctx, `SELECT day FROM closed_days WHERE day >= ?`, from.In(loc).Format(time.DateOnly))
	if err != nil {
		return nil, fmt.Errorf("closed days: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var d string
		if err := rows.Scan(&d); err != nil {
			return nil, fmt.Errorf("closed days: %w", err)
		}
		c.closed[d] = true
	}
	return c, rows.Err()
}

// closing returns the closing time of the library day d (any time on that
// local date) and whether the library opens that day.
func (c *calendar) closing(d time.Time) (time.Time, bool) {
	d = d.In(c.loc)
	hm, ok := c.closes[d.Weekday()]
	if !ok || c.closed[d.Format(time.DateOnly)] {
		return time.Time{}, false
	}
	return time.Date(d.Year(), d.Month(), d.Day(), hm[0], hm[1], 0, 0, c.loc), true
}

// due returns when a loan of days library days made at now falls due: at
// closing time of the first open day on or after now+days, and never at or
// before now. With no opening hours at all it falls back to 23:59.
func (c *calendar) due(now time.Time, days int) time.Time {
	local := now.In(c.loc)
	day := time.Date(local.Year(), local.Month(), local.Day()+days, 12, 0, 0, 0, c.loc)
	for i := 0; i < 366; i++ {
		d := time.Date(day.Year(), day.Month(), day.Day()+i, 12, 0, 0, 0, c.loc)
		if t, ok := c.closing(d); ok && t.After(now) {
			return t
		}
	}
	return time.Date(day.Year(), day.Month(), day.Day(), 23, 59, 0, 0, c.loc)
}

// lateDays counts the library-zone calendar days from the due date to the
// return date: returning later on the due day itself costs nothing.
func lateDays(due, returned time.Time, loc *time.Location) int {
	if !returned.After(due) {
		return 0
	}
	a, b := due.In(loc), returned.In(loc)
	da := time.Date(a.Year(), a.Month(), a.Day(), 0, 0, 0, 0, time.UTC)
	db := time.Date(b.Year(), b.Month(), b.Day(), 0, 0, 0, 0, time.UTC)
	return int(db.Sub(da) / (24 * time.Hour))
}

// fine is what days late cost under r.
func (r Rule) fine(days int) int64 {
	if days <= 0 || r.FinePerDay <= 0 {
		return 0
	}
	f := int64(days) * r.FinePerDay
	if r.FineMax > 0 && f > r.FineMax {
		f = r.FineMax
	}
	return f
}
