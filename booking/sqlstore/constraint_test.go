package sqlstore_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/anjungan/anjungan/booking/sqlstore"
	"github.com/anjungan/anjungan/kiosk/mock"
)

// TestConstraintsBypassingGo writes bookings with plain SQL, as a tool or
// a careless code path might: the database itself refuses overlaps
// (buffers included), blocks shorter than the buffer, changed times and
// forbidden transitions.
func TestConstraintsBypassingGo(t *testing.T) {
	forEach(t, func(t *testing.T, e engine) {
		ctx := context.Background()
		s := e.openStore(t, mock.NewClock(monday))
		db := s.SQL()
		// printer-1 has a 15-minute buffer: 09:00-10:00 blocks until 10:15.
		h := func(hh, mm int) int64 { return at(24, hh, mm).Unix() }
		code := 0
		insert := func(res string, start, end, block int64, state string) error {
			code++
			_, err := db.ExecContext(ctx, `INSERT INTO bookings (code, resource_id, patron, start_at, end_at, block_end, state, created_at)
			VALUES (?, ?, 'p', ?, ?, ?, ?, 0)`, fmt.Sprintf("SQL%03d", code), res, start, end, block, state)
			return err
		}
		if err := insert("printer-1", h(9, 0), h(10, 0), h(10, 15), "confirmed"); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name              string
			res               string
			start, end, block int64
			state             string
			refused           string
		}{
			{"same interval", "printer-1", h(9, 0), h(10, 0), h(10, 15), "confirmed", "booking overlap"},
			{"inside", "printer-1", h(9, 15), h(9, 30), h(9, 45), "confirmed", "booking overlap"},
			{"covering", "printer-1", h(8, 0), h(11, 0), h(11, 15), "confirmed", "booking overlap"},
			{"in the buffer", "printer-1", h(10, 0), h(11, 0), h(11, 15), "confirmed", "booking overlap"},
			{"its buffer meets the start", "printer-1", h(8, 0), h(8, 50), h(9, 5), "confirmed", "booking overlap"},
			{"checked in also blocks", "printer-1", h(9, 30), h(10, 0), h(10, 15), "checked_in", "booking overlap"},
			{"completed also blocks", "printer-1", h(9, 30), h(10, 0), h(10, 15), "completed", "booking overlap"},
			{"buffer skipped", "printer-1", h(12, 0), h(13, 0), h(13, 0), "confirmed", "booking buffer"},
			{"ends before it starts", "printer-1", h(14, 0), h(13, 0), h(14, 15), "confirmed", "CHECK"},
			{"unknown state", "printer-1", h(14, 0), h(15, 0), h(15, 15), "maybe", "CHECK"},
			{"unknown resource", "forge-9", h(14, 0), h(15, 0), h(15, 15), "confirmed", "FOREIGN KEY"},
			{"right after the buffer", "printer-1", h(10, 15), h(11, 0), h(11, 15), "confirmed", ""},
			{"buffer ends at its start", "printer-1", h(7, 45), h(8, 45), h(9, 0), "confirmed", ""},
			{"cancelled may overlap", "printer-1", h(9, 0), h(10, 0), h(10, 15), "cancelled", ""},
			{"no-show may overlap", "printer-1", h(9, 0), h(10, 0), h(10, 15), "no_show", ""},
			{"other resource", "printer-2", h(9, 0), h(10, 0), h(10, 15), "confirmed", ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				err := insert(tt.res, tt.start, tt.end, tt.block, tt.state)
				if tt.refused == "" && err != nil {
					t.Fatalf("refused: %v", err)
				}
				if tt.refused != "" && !refusedFor(err, tt.refused) {
					t.Fatalf("err = %v, want %q", err, tt.refused)
				}
			})
		}
		// Allowed transitions pass the trigger: 10:15 is checked in and
		// completed.
		var done int64
		db.QueryRowContext(ctx, `SELECT id FROM bookings WHERE start_at = ?`, h(10, 15)).Scan(&done)
		for _, st := range []string{"checked_in", "completed"} {
			if _, err := db.ExecContext(ctx, `UPDATE bookings SET state = ? WHERE id = ?`, st, done); err != nil {
				t.Fatalf("to %s: %v", st, err)
			}
		}
		// A cancelled booking cannot come back to life over another.
		var cancelled int64
		db.QueryRowContext(ctx, `SELECT id FROM bookings WHERE state = 'cancelled'`).Scan(&cancelled)
		updates := []struct {
			name, sql string
			refused   string
		}{
			{"revive cancelled", `UPDATE bookings SET state = 'confirmed' WHERE id = ?`, "booking transition"},
			{"no-show to checked in", `UPDATE bookings SET state = 'checked_in' WHERE state = 'no_show' AND id > ?`, "booking transition"},
			{"move a booking", `UPDATE bookings SET start_at = start_at + 3600, end_at = end_at + 3600, block_end = block_end + 3600 WHERE id = ?`, "booking immutable"},
			{"shrink the buffer", `UPDATE bookings SET block_end = end_at WHERE state = 'confirmed' AND id <> ?`, "booking immutable"},
			{"completed to confirmed", `UPDATE bookings SET state = 'confirmed' WHERE state = 'completed' AND id <> ?`, "booking transition"},
			{"completed to cancelled", `UPDATE bookings SET state = 'cancelled' WHERE state = 'completed' AND id <> ?`, "booking transition"},
		}
		for _, u := range updates {
			_, err := db.ExecContext(ctx, u.sql, cancelled)
			if !refusedFor(err, u.refused) {
				t.Errorf("%s: err = %v, want %q", u.name, err, u.refused)
			}
		}
		assertNoOverlap(t, s)
	})
}

// assertNoOverlap checks, with SQL independent of the trigger, that no two
// blocking bookings of a resource overlap: in start order, no booking
// starts before an earlier one's block has ended.
func assertNoOverlap(t testing.TB, s *sqlstore.Store) {
	t.Helper()
	var n int
	err := s.SQL().QueryRow(`SELECT COUNT(*) FROM (
		SELECT start_at, MAX(block_end) OVER (PARTITION BY resource_id ORDER BY start_at, id
			ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS earlier_end
		FROM bookings WHERE state IN ('confirmed', 'checked_in', 'completed')) AS ordered
		WHERE start_at < earlier_end`).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatalf("%d bookings overlap an earlier one", n)
	}
}
