package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"github.com/anjungan/anjungan/booking"
)

// PutResource creates or replaces a resource and its opening hours.
// Existing bookings keep the times and buffer they were made with.
func (s *Store) PutResource(ctx context.Context, r booking.Resource) error {
	if err := r.Validate(); err != nil {
		return err
	}
	return s.write(ctx, "put resource", func(tx *sql.Tx) error { return putResource(ctx, tx, r) })
}

func putResource(ctx context.Context, tx *sql.Tx, r booking.Resource) error {
	ru := r.Rules
	_, err := tx.ExecContext(ctx, `INSERT INTO resources (`+resourceColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name, location = excluded.location,
			description = excluded.description, photo = excluded.photo, out_of_service = excluded.out_of_service,
			note = excluded.note, slot_min = excluded.slot_min, min_min = excluded.min_min, max_min = excluded.max_min,
			buffer_min = excluded.buffer_min, lead_min = excluded.lead_min, advance_days = excluded.advance_days,
			certification = excluded.certification, min_age = excluded.min_age,
			cancel_before_min = excluded.cancel_before_min, checkin_before_min = excluded.checkin_before_min,
			checkin_after_min = excluded.checkin_after_min`,
		r.ID, r.Kind, r.Name, r.Location, r.Description, r.Photo, flag(r.OutOfService), r.Note,
		minutes(ru.Slot), minutes(ru.MinDuration), minutes(ru.MaxDuration), minutes(ru.Buffer), minutes(ru.LeadTime),
		ru.AdvanceDays, ru.Certification, ru.MinAge, minutes(ru.CancelBefore), minutes(ru.CheckinBefore), minutes(ru.CheckinAfter))
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM resource_hours WHERE resource_id = ?`, r.ID); err != nil {
		return err
	}
	for wd, spans := range ru.Hours {
		for _, sp := range spans {
			if _, err := tx.ExecContext(ctx, `INSERT INTO resource_hours (resource_id, weekday, open_min, close_min) VALUES (?, ?, ?, ?)`,
				r.ID, wd, sp.Open, sp.Close); err != nil {
				return err
			}
		}
	}
	return nil
}

// SetOutOfService takes a resource out of service with a note for
// patrons, or puts it back. Existing bookings stay; staff decide.
func (s *Store) SetOutOfService(ctx context.Context, id string, out bool, note string) error {
	return s.write(ctx, "out of service", func(tx *sql.Tx) error {
		r, err := tx.ExecContext(ctx, `UPDATE resources SET out_of_service = ?, note = ? WHERE id = ?`, flag(out), note, id)
		return mustChange(r, err, "resource "+id)
	})
}

// DeleteResource removes a resource that has never been booked; one with
// bookings must be taken out of service instead, so history stays whole.
func (s *Store) DeleteResource(ctx context.Context, id string) error {
	return s.write(ctx, "delete resource", func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM bookings WHERE resource_id = ?`, id).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return fmt.Errorf("resource %s has %d bookings: take it out of service instead", id, n)
		}
		r, err := tx.ExecContext(ctx, `DELETE FROM resources WHERE id = ?`, id)
		return mustChange(r, err, "resource "+id)
	})
}

// AddClosure records a closure and returns its id.
func (s *Store) AddClosure(ctx context.Context, c booking.Closure) (int64, error) {
	var id int64
	err := s.write(ctx, "add closure", func(tx *sql.Tx) error {
		var err error
		id, err = addClosure(ctx, tx, c, false)
		return err
	})
	return id, err
}

// addClosure checks and inserts a closure and returns its id; with once,
// an identical closure already stored is left alone (id 0).
func addClosure(ctx context.Context, tx *sql.Tx, c booking.Closure, once bool) (int64, error) {
	if _, err := booking.ParseDate(string(c.First)); err != nil {
		return 0, err
	}
	if _, err := booking.ParseDate(string(c.Last)); err != nil {
		return 0, err
	}
	if c.Last < c.First {
		return 0, fmt.Errorf("closure ends %s before it starts %s", c.Last, c.First)
	}
	var res any
	if c.Resource != "" {
		res = c.Resource
	}
	if once {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM closures WHERE COALESCE(resource_id, '') = ? AND first_day = ? AND last_day = ? AND reason = ?`,
			c.Resource, string(c.First), string(c.Last), c.Reason).Scan(&n); err != nil || n > 0 {
			return 0, err
		}
	}
	var id int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO closures (resource_id, first_day, last_day, reason) VALUES (?, ?, ?, ?) RETURNING id`,
		res, string(c.First), string(c.Last), c.Reason).Scan(&id); err != nil {
		return 0, fmt.Errorf("closure %s..%s of %q: %w", c.First, c.Last, c.Resource, err)
	}
	return id, nil
}

// DeleteClosure removes a closure.
func (s *Store) DeleteClosure(ctx context.Context, id int64) error {
	return s.write(ctx, "delete closure", func(tx *sql.Tx) error {
		r, err := tx.ExecContext(ctx, `DELETE FROM closures WHERE id = ?`, id)
		return mustChange(r, err, "closure "+strconv.FormatInt(id, 10))
	})
}

// Closures lists closures that meet first..last.
func (s *Store) Closures(ctx context.Context, first, last booking.Date) ([]booking.Closure, error) {
	return closures(ctx, s.rdb, "", first, last)
}

// PutQuota sets the quota of a resource kind; zero limits remove it.
func (s *Store) PutQuota(ctx context.Context, q booking.Quota) error {
	if q.PerDay < 0 || q.PerWeek < 0 {
		return fmt.Errorf("quota %s: negative", q.Kind)
	}
	return s.write(ctx, "put quota", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO quotas (kind, per_day_min, per_week_min) VALUES (?, ?, ?)
			ON CONFLICT (kind) DO UPDATE SET per_day_min = excluded.per_day_min, per_week_min = excluded.per_week_min`,
			q.Kind, minutes(q.PerDay), minutes(q.PerWeek))
		return err
	})
}

// Quotas lists the quotas.
func (s *Store) Quotas(ctx context.Context) ([]booking.Quota, error) {
	rows, err := s.rdb.QueryContext(ctx, `SELECT kind, per_day_min, per_week_min FROM quotas ORDER BY kind`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []booking.Quota
	for rows.Next() {
		var q booking.Quota
		var d, w int64
		if err := rows.Scan(&q.Kind, &d, &w); err != nil {
			return nil, err
		}
		q.PerDay, q.PerWeek = mins(d), mins(w)
		out = append(out, q)
	}
	return out, rows.Err()
}

// SetMaxActive limits each patron's confirmed future bookings; 0 removes
// the limit.
func (s *Store) SetMaxActive(ctx context.Context, n int) error {
	if n < 0 {
		return fmt.Errorf("max active %d: negative", n)
	}
	return s.write(ctx, "max active", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('max_active', ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, strconv.Itoa(n))
		return err
	})
}

// MaxActive returns the limit SetMaxActive set.
func (s *Store) MaxActive(ctx context.Context) (int, error) { return maxActive(ctx, s.rdb) }

// Grant gives a patron a certificate, replacing an older one of the same
// name; a zero expiry never expires.
func (s *Store) Grant(ctx context.Context, c booking.Certification) error {
	return s.write(ctx, "grant", func(tx *sql.Tx) error { return grant(ctx, tx, c) })
}

func grant(ctx context.Context, tx *sql.Tx, c booking.Certification) error {
	if c.Patron == "" || c.Name == "" {
		return fmt.Errorf("certificate needs a patron and a name")
	}
	var exp any
	if !c.Expires.IsZero() {
		exp = unix(c.Expires)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO certifications (patron, name, expires) VALUES (?, ?, ?)
		ON CONFLICT (patron, name) DO UPDATE SET expires = excluded.expires`, c.Patron, c.Name, exp)
	return err
}

// Revoke removes a patron's certificate.
func (s *Store) Revoke(ctx context.Context, patron, name string) error {
	return s.write(ctx, "revoke", func(tx *sql.Tx) error {
		r, err := tx.ExecContext(ctx, `DELETE FROM certifications WHERE patron = ? AND name = ?`, patron, name)
		return mustChange(r, err, "certificate "+name)
	})
}

// Certifications lists a patron's certificates.
func (s *Store) Certifications(ctx context.Context, patron string) ([]booking.Certification, error) {
	return certs(ctx, s.rdb, patron)
}

// write runs fn in one IMMEDIATE transaction.
func (s *Store) write(ctx context.Context, op string, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("booking store: %s: %w", op, err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return fmt.Errorf("booking store: %s: %w", op, err)
	}
	return tx.Commit()
}

func mustChange(r sql.Result, err error, what string) error {
	if err != nil {
		return err
	}
	if n, _ := r.RowsAffected(); n == 0 {
		return fmt.Errorf("%s: not found", what)
	}
	return nil
}

// Day is a helper for tools: the local day of t.
func (s *Store) Day(t time.Time) booking.Date { return booking.DateOf(t, s.Location) }
