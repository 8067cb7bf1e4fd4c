package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// tables are the makerspace's tables in the order a copy fills them
// (what a row refers to comes first), with the columns a copy moves.
var tables = []struct{ name, columns string }{
	{"settings", "key, value"},
	{"resources", `id, kind, name, location, description, photo, out_of_service, note, slot_min, min_min, max_min, buffer_min,
		lead_min, advance_days, certification, min_age, cancel_before_min, checkin_before_min, checkin_after_min`},
	{"resource_hours", "resource_id, weekday, open_min, close_min"},
	{"closures", "id, resource_id, first_day, last_day, reason"},
	{"quotas", "kind, per_day_min, per_week_min"},
	{"certifications", "patron, name, expires"},
	{"bookings", `id, code, resource_id, patron, category, start_at, end_at, block_end, state, created_at, checked_in_at,
		closed_at, closed_by, kiosk`},
}

// Copy moves a whole makerspace — resources and their hours, closures,
// quotas, certificates, settings (the token secret too, so that issued QR
// codes stay valid) and every booking with its id and code — from one
// store into another that holds none yet, in one transaction of the
// destination: all or nothing. Before it commits, each table's rows are
// counted on both sides; it returns the counts.
func Copy(ctx context.Context, from, to *Store) (map[string]int, error) {
	tx, err := to.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	for _, t := range tables {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+t.name).Scan(&n); err != nil {
			return nil, fmt.Errorf("%s: %w", t.name, err)
		}
		if n > 0 {
			return nil, fmt.Errorf("the destination already holds a makerspace (%d rows in %s): copy only into an empty one", n, t.name)
		}
	}
	counts := map[string]int{}
	for _, t := range tables {
		if t.name == "bookings" {
			// A booking keeps the buffer of its day: a resource whose
			// buffer was raised since has older bookings with shorter
			// blocks, which the insert check (made for new bookings)
			// would refuse. The buffers go to 0 while they move.
			if _, err := tx.ExecContext(ctx, `UPDATE resources SET buffer_min = 0`); err != nil {
				return nil, err
			}
		}
		n, err := copyTable(ctx, from, tx, t.name, t.columns)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", t.name, err)
		}
		counts[t.name] = n
	}
	if err := restoreBuffers(ctx, from, tx); err != nil {
		return nil, err
	}
	if err := to.dialect.Resequence(ctx, tx, "closures", "bookings"); err != nil {
		return nil, err
	}
	for _, t := range tables {
		var src, dst int
		if err := from.rdb.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+t.name).Scan(&src); err != nil {
			return nil, err
		}
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+t.name).Scan(&dst); err != nil {
			return nil, err
		}
		if src != dst || dst != counts[t.name] {
			return nil, fmt.Errorf("%s: %d rows in the source, %d copied, %d in the destination: nothing copied", t.name, src, counts[t.name], dst)
		}
	}
	return counts, tx.Commit()
}

// copyTable copies every row of table, in the order of its first
// column, and returns how many.
func copyTable(ctx context.Context, from *Store, tx *sql.Tx, table, columns string) (int, error) {
	cols := strings.Split(columns, ",")
	rows, err := from.rdb.QueryContext(ctx, `SELECT `+columns+` FROM `+table+` ORDER BY 1`)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	insert := `INSERT INTO ` + table + ` (` + columns + `) VALUES (?` + strings.Repeat(", ?", len(cols)-1) + `)`
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return n, err
		}
		for i, v := range vals {
			if b, ok := v.([]byte); ok {
				vals[i] = string(b) // text, whatever the source driver hands over
			}
		}
		if _, err := tx.ExecContext(ctx, insert, vals...); err != nil {
			return n, fmt.Errorf("row %d: %w", n+1, err)
		}
		n++
	}
	return n, rows.Err()
}

// restoreBuffers gives the copied resources their buffers back.
func restoreBuffers(ctx context.Context, from *Store, tx *sql.Tx) error {
	rows, err := from.rdb.QueryContext(ctx, `SELECT id, buffer_min FROM resources`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var buf int
		if err := rows.Scan(&id, &buf); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE resources SET buffer_min = ? WHERE id = ?`, buf, id); err != nil {
			return err
		}
	}
	return rows.Err()
}
