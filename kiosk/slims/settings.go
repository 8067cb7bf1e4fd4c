package slims

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
)

// settings are the values of SLiMS's setting table the kiosk follows.
type settings struct {
	// IgnoreHolidays: ignore_holidays_fine_calc, holidays are not fined.
	IgnoreHolidays bool
	// Lang is default_lang ("id_ID", "en_US"): the language SLiMS writes
	// fine descriptions in.
	Lang string
	// Zone is SLiMS's timezone setting, Asia/Jakarta when unset: the zone
	// its desk dates loans in.
	Zone string
	// VisitLimit is time_visitor_limitation in minutes when
	// enable_visitor_limitation is on (0: off): SLiMS's visitor page
	// records no second check-in of the same visitor within it.
	VisitLimit int
}

// phpValue reads a PHP serialize()d scalar as SLiMS stores its settings:
// b:1; i:5; d:1.5; s:5:"en_US"; N; — as the text SLiMS would see (true is
// "1", false and null ""). SLiMS recomputes string lengths before reading,
// so a wrong length is tolerated here too. Arrays are not settings the
// kiosk reads: an error.
func phpValue(v string) (string, error) {
	v = strings.TrimSpace(v)
	switch {
	case v == "N;":
		return "", nil
	case strings.HasPrefix(v, "b:") && strings.HasSuffix(v, ";"):
		switch v[2 : len(v)-1] {
		case "1":
			return "1", nil
		case "0":
			return "", nil
		}
	case (strings.HasPrefix(v, "i:") || strings.HasPrefix(v, "d:")) && strings.HasSuffix(v, ";"):
		n := v[2 : len(v)-1]
		if _, err := strconv.ParseFloat(n, 64); err == nil {
			return n, nil
		}
	case strings.HasPrefix(v, "s:") && strings.HasSuffix(v, "\";"):
		rest := v[2:]
		i := strings.IndexByte(rest, ':')
		if i < 0 || len(rest) < i+3 || rest[i+1] != '"' {
			break
		}
		if _, err := strconv.Atoi(rest[:i]); err != nil {
			break
		}
		return rest[i+2 : len(rest)-2], nil
	}
	return "", fmt.Errorf("setting value %.40q: not a PHP serialized scalar", v)
}

// truthy is SLiMS's test of a setting: true, or a number above 0.
func truthy(s string) bool {
	if s == "1" {
		return true
	}
	f, err := strconv.ParseFloat(s, 64)
	return err == nil && f > 0
}

// readSettings reads the settings the kiosk follows; a missing one has
// SLiMS's default, an unreadable one is logged and has the default.
func (db *DB) readSettings(ctx context.Context, q querier) (settings, error) {
	st := settings{Lang: "en_US", Zone: "Asia/Jakarta"}
	rows, err := q.QueryContext(ctx, `SELECT setting_name, setting_value FROM setting WHERE setting_name IN ('ignore_holidays_fine_calc', 'default_lang', 'timezone',
		'enable_visitor_limitation', 'time_visitor_limitation')`)
	if err != nil {
		return st, err
	}
	limit, minutes := false, 60 // SLiMS's defaults: off, 60 minutes
	defer rows.Close()
	for rows.Next() {
		var name string
		var raw sql.NullString
		if err := rows.Scan(&name, &raw); err != nil {
			return st, err
		}
		v, err := phpValue(raw.String)
		if err != nil {
			db.Logger.Warn("SLiMS setting unreadable; its default applies", "setting", name, "err", err)
			continue
		}
		switch name {
		case "ignore_holidays_fine_calc":
			st.IgnoreHolidays = truthy(v)
		case "default_lang":
			if v != "" {
				st.Lang = v
			}
		case "timezone":
			if v != "" {
				st.Zone = v
			}
		case "enable_visitor_limitation":
			limit = truthy(v)
		case "time_visitor_limitation":
			// PHP's DateInterval('PT'.$v.'M') wants a whole number.
			if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && n >= 0 {
				minutes = n
			} else {
				db.Logger.Warn("SLiMS setting unreadable; its default applies", "setting", name, "value", v)
			}
		}
	}
	if limit {
		st.VisitLimit = minutes
	}
	return st, rows.Err()
}

// querier is a pool, a connection or a transaction.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// fineText is how SLiMS describes an overdue fine, in its default_lang.
func fineText(lang, item string) string {
	if strings.HasPrefix(lang, "id") {
		return "Denda terlambat untuk eksemplar " + item
	}
	return "Overdue fines for item " + item
}
