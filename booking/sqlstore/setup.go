package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/anjungan/anjungan/booking"
)

// Apply loads a setup in one transaction: everything or, on the first
// invalid entry, nothing. Resources and quotas are created or replaced,
// certificates granted or renewed; a closure identical to one already
// stored is not added twice, so loading the same file again changes
// nothing.
func (s *Store) Apply(ctx context.Context, su booking.Setup) error {
	for _, r := range su.Resources {
		if err := r.Validate(); err != nil {
			return err
		}
	}
	return s.write(ctx, "apply setup", func(tx *sql.Tx) error {
		for _, r := range su.Resources {
			if err := putResource(ctx, tx, r); err != nil {
				return fmt.Errorf("resource %s: %w", r.ID, err)
			}
		}
		for _, q := range su.Quotas {
			if q.Kind == "" || q.PerDay < 0 || q.PerWeek < 0 {
				return fmt.Errorf("quota %q: needs a kind and limits of 0 or more", q.Kind)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO quotas (kind, per_day_min, per_week_min) VALUES (?, ?, ?)
				ON CONFLICT (kind) DO UPDATE SET per_day_min = excluded.per_day_min, per_week_min = excluded.per_week_min`,
				q.Kind, minutes(q.PerDay), minutes(q.PerWeek)); err != nil {
				return fmt.Errorf("quota %s: %w", q.Kind, err)
			}
		}
		for _, c := range su.Closures {
			if _, err := addClosure(ctx, tx, c, true); err != nil {
				return err
			}
		}
		for _, c := range su.Certifications {
			if err := grant(ctx, tx, c); err != nil {
				return err
			}
		}
		if su.MaxActive != nil {
			if *su.MaxActive < 0 {
				return fmt.Errorf("max_active %d: negative", *su.MaxActive)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('max_active', ?)
				ON CONFLICT (key) DO UPDATE SET value = excluded.value`, fmt.Sprint(*su.MaxActive)); err != nil {
				return err
			}
		}
		return nil
	})
}
