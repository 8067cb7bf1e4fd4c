package slims

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"time"
)

// slimsZone is the zone SLiMS keeps its dates in when its setting table
// names none (sysconfig.inc.php).
const slimsZone = "Asia/Jakarta"

// checkSettings reads the settings the kiosk follows as the kiosk reads
// them, and SLiMS's timezone, which must be the library's.
func (db *DB) checkSettings(ctx context.Context, q querier, r *Report) {
	rows, err := q.QueryContext(ctx, `SELECT setting_name, setting_value FROM setting
		WHERE setting_name IN ('ignore_holidays_fine_calc', 'default_lang', 'timezone')`)
	if err != nil {
		r.add(Fail, "settings", "the setting table cannot be read: %v%s", err, Hint(err, db.Config))
		return
	}
	raw := map[string]string{}
	for rows.Next() {
		var name string
		var v sql.NullString
		if err := rows.Scan(&name, &v); err != nil {
			rows.Close()
			r.add(Fail, "settings", "the setting table cannot be read: %v", err)
			return
		}
		raw[name] = v.String
	}
	if err := rows.Close(); err != nil {
		r.add(Fail, "settings", "the setting table cannot be read: %v", err)
		return
	}
	setting := func(name, def string) (string, bool) {
		s, ok := raw[name]
		if !ok {
			r.add(OK, "settings", "%s not set: SLiMS's default, %s", name, def)
			return "", false
		}
		v, err := phpValue(s)
		if err != nil {
			r.add(Warn, "settings", "%s is unreadable (%v): the kiosk uses SLiMS's default, %s; SLiMS may read it otherwise", name, err, def)
			return "", false
		}
		return v, true
	}
	if v, ok := setting("ignore_holidays_fine_calc", "off: every late day is fined, holidays too"); ok {
		if truthy(v) {
			r.add(OK, "settings", "ignore_holidays_fine_calc on: holidays between the due date and the return are not fined")
		} else {
			r.add(OK, "settings", "ignore_holidays_fine_calc off: every late day is fined, holidays too")
		}
	}
	if v, ok := setting("default_lang", "en_US"); ok {
		if v == "" {
			v = "en_US"
		}
		r.add(OK, "settings", "default_lang %s: fines are described as SLiMS describes them, %q", v, fineText(v, "B0001"))
	}
	zone, ok := setting("timezone", slimsZone)
	if !ok || zone == "" {
		zone = slimsZone
	}
	db.checkZone(zone, r)
}

// checkZone compares SLiMS's zone with the library's: SLiMS's desk dates
// loans in its own, the kiosk in the library's.
func (db *DB) checkZone(zone string, r *Report) {
	lib := db.Location.String()
	if zone == lib {
		r.add(OK, "settings", "SLiMS keeps its dates in %s, as the library's zone says", zone)
		return
	}
	sz, err := time.LoadLocation(zone)
	if err != nil {
		r.add(Warn, "settings", "SLiMS's timezone %q is no zone known here (%v): its dates and the kiosk's (%s) may differ", zone, err, lib)
		return
	}
	now := db.Now()
	_, a := now.In(sz).Zone()
	_, b := now.In(db.Location).Zone()
	if a == b {
		r.add(Note, "settings", "SLiMS keeps its dates in %s, the kiosk in %s: the same time now, so the same days", zone, lib)
		return
	}
	r.add(Warn, "settings", "SLiMS keeps its dates in %s (%s), the kiosk in %s (%s): near midnight a loan at the kiosk is dated a day apart from "+
		"one at the desk; make them the same (library.timezone, or SLiMS's System > timezone)", zone, utcOffset(a), lib, utcOffset(b))
}

// checkHolidays reports the days off due dates are moved over, and
// weekly ones SLiMS ignores.
func (db *DB) checkHolidays(ctx context.Context, q querier, r *Report) {
	rows, err := q.QueryContext(ctx, `SELECT holiday_dayname FROM holiday WHERE holiday_date IS NULL`)
	if err != nil {
		r.add(Fail, "holidays", "the holiday table cannot be read: %v", err)
		return
	}
	var weekly, ignored []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			r.add(Fail, "holidays", "the holiday table cannot be read: %v", err)
			return
		}
		if _, ok := dayNames[name]; ok {
			weekly = append(weekly, name)
		} else {
			ignored = append(ignored, name)
		}
	}
	rows.Close()
	sort.Slice(weekly, func(i, j int) bool { return dayNames[weekly[i]] < dayNames[weekly[j]] })
	var n int
	var next sql.NullString
	today := db.today().String()
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*), CAST(MIN(holiday_date) AS CHAR) FROM holiday WHERE holiday_date >= ?`, today).Scan(&n, &next); err != nil {
		r.add(Fail, "holidays", "the holiday table cannot be read: %v", err)
		return
	}
	days := "no weekly day off"
	if len(weekly) > 0 {
		days = "weekly days off " + strings.Join(weekly, ", ")
	}
	coming := "no dated holiday from today on"
	if n > 0 {
		coming = fmt.Sprintf("%d dated holidays from today on, the first %s", n, next.String)
	}
	r.add(OK, "holidays", "%s; %s: due dates move past them", days, coming)
	if len(ignored) > 0 {
		r.add(Warn, "holidays", "weekly days off %q are not SLiMS's lower-case day names (sun, mon, …): SLiMS ignores them, and so does the kiosk; "+
			"set the days off again on SLiMS's holiday screen", ignored)
	}
}
