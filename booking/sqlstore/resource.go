package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/anjungan/anjungan/booking"
	"github.com/anjungan/anjungan/kiosk"
)

// querier is what *sql.DB and *sql.Tx have in common.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

const resourceColumns = `id, kind, name, location, description, photo, out_of_service, note,
	slot_min, min_min, max_min, buffer_min, lead_min, advance_days, certification, min_age,
	cancel_before_min, checkin_before_min, checkin_after_min`

func scanResource(sc interface{ Scan(...any) error }) (booking.Resource, error) {
	var r booking.Resource
	var slot, minD, maxD, buf, lead, cancel, before, after int64
	err := sc.Scan(&r.ID, &r.Kind, &r.Name, &r.Location, &r.Description, &r.Photo, &r.OutOfService, &r.Note,
		&slot, &minD, &maxD, &buf, &lead, &r.Rules.AdvanceDays, &r.Rules.Certification, &r.Rules.MinAge,
		&cancel, &before, &after)
	r.Rules.Slot, r.Rules.MinDuration, r.Rules.MaxDuration = mins(slot), mins(minD), mins(maxD)
	r.Rules.Buffer, r.Rules.LeadTime, r.Rules.CancelBefore = mins(buf), mins(lead), mins(cancel)
	r.Rules.CheckinBefore, r.Rules.CheckinAfter = mins(before), mins(after)
	return r, err
}

// resources loads resources with their hours: all of them, or those named.
func resources(ctx context.Context, q querier, ids ...string) ([]booking.Resource, error) {
	query := `SELECT ` + resourceColumns + ` FROM resources`
	var args []any
	if len(ids) > 0 {
		query += ` WHERE id IN (?` + repeat(",?", len(ids)-1) + `)`
		for _, id := range ids {
			args = append(args, id)
		}
	}
	rows, err := q.QueryContext(ctx, query+` ORDER BY kind, name, id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []booking.Resource
	index := map[string]int{}
	for rows.Next() {
		r, err := scanResource(rows)
		if err != nil {
			return nil, err
		}
		index[r.ID] = len(out)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	hq := `SELECT resource_id, weekday, open_min, close_min FROM resource_hours`
	if len(ids) > 0 {
		hq += ` WHERE resource_id IN (?` + repeat(",?", len(ids)-1) + `)`
	}
	hrows, err := q.QueryContext(ctx, hq+` ORDER BY resource_id, weekday, open_min`, args...)
	if err != nil {
		return nil, err
	}
	defer hrows.Close()
	for hrows.Next() {
		var id string
		var wd, o, c int
		if err := hrows.Scan(&id, &wd, &o, &c); err != nil {
			return nil, err
		}
		if i, ok := index[id]; ok {
			out[i].Rules.Hours[wd] = append(out[i].Rules.Hours[wd], booking.Span{Open: o, Close: c})
		}
	}
	return out, hrows.Err()
}

func repeat(s string, n int) string {
	out := ""
	for range n {
		out += s
	}
	return out
}

// resource loads one resource or returns ENOTFOUND.
func resource(ctx context.Context, q querier, id string) (booking.Resource, error) {
	rs, err := resources(ctx, q, id)
	if err != nil {
		return booking.Resource{}, err
	}
	if len(rs) == 0 {
		return booking.Resource{}, kiosk.Errorf(kiosk.ENOTFOUND, booking.KeyResourceUnknown, "resource", id)
	}
	return rs[0], nil
}

// Resources lists every resource.
func (s *Store) Resources(ctx context.Context) ([]booking.Resource, error) {
	rs, err := resources(ctx, s.rdb)
	if err != nil {
		return nil, s.fault("resources", err)
	}
	return rs, nil
}

// Resource returns one resource.
func (s *Store) Resource(ctx context.Context, id string) (booking.Resource, error) {
	r, err := resource(ctx, s.rdb, id)
	if err != nil {
		return booking.Resource{}, s.fault("resource", err)
	}
	return r, nil
}

// closures loads the closures that meet days first..last and apply to the
// resource (or to every resource when id is empty).
func closures(ctx context.Context, q querier, id string, first, last booking.Date) ([]booking.Closure, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, COALESCE(resource_id, ''), first_day, last_day, reason FROM closures
		WHERE last_day >= ? AND first_day <= ? AND (resource_id IS NULL OR ? = '' OR resource_id = ?)
		ORDER BY first_day, id`, string(first), string(last), id, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []booking.Closure
	for rows.Next() {
		var c booking.Closure
		var f, l string
		if err := rows.Scan(&c.ID, &c.Resource, &f, &l, &c.Reason); err != nil {
			return nil, err
		}
		c.First, c.Last = booking.Date(f), booking.Date(l)
		out = append(out, c)
	}
	return out, rows.Err()
}

func quota(ctx context.Context, q querier, kind string) (booking.Quota, error) {
	var day, week int64
	err := q.QueryRowContext(ctx, `SELECT per_day_min, per_week_min FROM quotas WHERE kind = ?`, kind).Scan(&day, &week)
	if errors.Is(err, sql.ErrNoRows) {
		return booking.Quota{Kind: kind}, nil
	}
	return booking.Quota{Kind: kind, PerDay: mins(day), PerWeek: mins(week)}, err
}

func maxActive(ctx context.Context, q querier) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'max_active'`).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return n, err
}

func certs(ctx context.Context, q querier, patron string) ([]booking.Certification, error) {
	rows, err := q.QueryContext(ctx, `SELECT name, expires FROM certifications WHERE patron = ? ORDER BY name`, patron)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []booking.Certification
	for rows.Next() {
		c := booking.Certification{Patron: patron}
		var exp sql.NullInt64
		if err := rows.Scan(&c.Name, &exp); err != nil {
			return nil, err
		}
		c.Expires = fromNull(exp)
		out = append(out, c)
	}
	return out, rows.Err()
}

// errNotFound is ENOTFOUND for a booking.
func errNotFound(what string) error {
	return kiosk.Errorf(kiosk.ENOTFOUND, booking.KeyNotFound).Wrap(fmt.Errorf("booking %s", what))
}
