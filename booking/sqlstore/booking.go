package sqlstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/anjungan/anjungan/booking"
	"github.com/anjungan/anjungan/kiosk"
)

const bookingColumns = `id, code, resource_id, patron, category, start_at, end_at, block_end, state,
	created_at, checked_in_at, closed_at, closed_by, kiosk`

func scanBooking(sc interface{ Scan(...any) error }) (booking.Booking, error) {
	var b booking.Booking
	var start, end, block, created int64
	var checked, closed sql.NullInt64
	var state string
	err := sc.Scan(&b.ID, &b.Code, &b.Resource, &b.Patron, &b.Category, &start, &end, &block, &state,
		&created, &checked, &closed, &b.ClosedBy, &b.Kiosk)
	b.Start, b.End, b.BlockEnd, b.Created = fromUnix(start), fromUnix(end), fromUnix(block), fromUnix(created)
	b.CheckedIn, b.Closed, b.State = fromNull(checked), fromNull(closed), booking.State(state)
	return b, err
}

func queryBookings(ctx context.Context, q querier, where string, args ...any) ([]booking.Booking, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+bookingColumns+` FROM bookings WHERE `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []booking.Booking
	for rows.Next() {
		b, err := scanBooking(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

func getBooking(ctx context.Context, q querier, where string, arg any) (booking.Booking, error) {
	bs, err := queryBookings(ctx, q, where, arg)
	if err != nil {
		return booking.Booking{}, err
	}
	if len(bs) == 0 {
		return booking.Booking{}, errNotFound(fmt.Sprint(arg))
	}
	return bs[0], nil
}

// codeAlphabet has no letters or digits people confuse (0/O, 1/I/L, 2/Z,
// 5/S, 8/B).
const codeAlphabet = "ACDEFGHJKMNPQRTUVWXY34679"

func newCode() string {
	var b [6]byte
	rand.Read(b[:])
	for i := range b {
		b[i] = codeAlphabet[int(b[i])%len(codeAlphabet)]
	}
	return string(b[:])
}

// NormalizeCode upper-cases a typed booking code and drops spaces and
// dashes.
func NormalizeCode(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		return r
	}, strings.ToUpper(strings.TrimSpace(s)))
}

// Book checks every rule and inserts the booking in one IMMEDIATE
// transaction. The database refuses an overlap even if the Go check were
// wrong; that refusal is the patron's "slot taken".
func (s *Store) Book(ctx context.Context, req booking.Request) (booking.Booking, error) {
	if req.Patron.Card == "" {
		return booking.Booking{}, kiosk.Errorf(kiosk.EUNAUTH, kiosk.KeyPatronUnknown)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return booking.Booking{}, s.fault("book", err)
	}
	defer tx.Rollback()
	if err := s.dialect.Serialize(ctx, tx, req.Resource, req.Patron.Card); err != nil {
		return booking.Booking{}, s.fault("book", err)
	}
	now := s.Now()
	res, err := resource(ctx, tx, req.Resource)
	if err != nil {
		return booking.Booking{}, s.fault("book", err)
	}
	// Taken meanwhile (the patron saw it free): said at once, without
	// the rules' reads. Under the engine's serialization this is exact;
	// the database's own refusal at the insert stays the guarantee.
	if req.Duration > 0 {
		start := req.Start.UTC().Truncate(time.Second)
		var taken int
		err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM bookings WHERE resource_id = ?
			AND state IN ('confirmed', 'checked_in', 'completed') AND block_end > ? AND start_at < ?`,
			res.ID, unix(start), unix(start.Add(req.Duration+res.Rules.Buffer))).Scan(&taken)
		if err != nil {
			return booking.Booking{}, s.fault("book", err)
		}
		if taken > 0 {
			return booking.Booking{}, kiosk.Errorf(kiosk.ECONFLICT, booking.KeySlotTaken)
		}
	}
	f, err := s.facts(ctx, tx, res, req, now)
	if err != nil {
		return booking.Booking{}, s.fault("book", err)
	}
	if err := booking.Check(req, f); err != nil {
		return booking.Booking{}, err
	}
	b := booking.Booking{
		Resource: res.ID, Patron: req.Patron.Card, Category: req.Patron.Category,
		Start: req.Start.UTC().Truncate(time.Second), State: booking.Confirmed,
		Created: now.UTC().Truncate(time.Second), Kiosk: req.Kiosk,
	}
	b.End = b.Start.Add(req.Duration)
	b.BlockEnd = b.End.Add(res.Rules.Buffer)
	for attempt := 0; ; attempt++ {
		b.Code = newCode()
		// A code drawn twice inserts nothing (ON CONFLICT on the code
		// alone: an overlap is still refused) and is drawn again.
		err := tx.QueryRowContext(ctx, `INSERT INTO bookings (code, resource_id, patron, category, start_at, end_at, block_end, state, created_at, kiosk)
			VALUES (?, ?, ?, ?, ?, ?, ?, 'confirmed', ?, ?) ON CONFLICT (code) DO NOTHING RETURNING id`,
			b.Code, b.Resource, b.Patron, b.Category, unix(b.Start), unix(b.End), unix(b.BlockEnd), unix(b.Created), b.Kiosk).Scan(&b.ID)
		switch {
		case err == nil:
		case s.dialect.Overlap(err):
			return booking.Booking{}, kiosk.Errorf(kiosk.ECONFLICT, booking.KeySlotTaken).Wrap(err)
		case errors.Is(err, sql.ErrNoRows) && attempt < 5:
			continue // a code collision: draw again
		default:
			return booking.Booking{}, s.fault("book", err)
		}
		break
	}
	if err := tx.Commit(); err != nil {
		return booking.Booking{}, s.fault("book", err)
	}
	return b, nil
}

// facts loads what Check needs, inside the booking transaction.
func (s *Store) facts(ctx context.Context, q querier, res booking.Resource, req booking.Request, now time.Time) (booking.Facts, error) {
	f := booking.Facts{Now: now, Location: s.Location, Resource: res}
	day := booking.DateOf(req.Start, s.Location)
	var err error
	if f.Closures, err = closures(ctx, q, res.ID, day, day); err != nil {
		return f, err
	}
	if f.Quota, err = quota(ctx, q, res.Kind); err != nil {
		return f, err
	}
	if f.MaxActive, err = maxActive(ctx, q); err != nil {
		return f, err
	}
	if f.Certs, err = certs(ctx, q, req.Patron.Card); err != nil {
		return f, err
	}
	f.Usage, err = usage(ctx, q, req.Patron.Card, res.Kind, req.Start, now, s.Location)
	return f, err
}

// usage sums a patron's blocking bookings of a kind in the request's day
// and week, and counts their active future bookings of any kind.
func usage(ctx context.Context, q querier, patron, kind string, start, now time.Time, loc *time.Location) (booking.Usage, error) {
	day, week := booking.UsageWindows(start, loc)
	var u booking.Usage
	var daySec, weekSec int64
	err := q.QueryRowContext(ctx, `SELECT
			COALESCE(SUM(CASE WHEN b.start_at >= ? AND b.start_at < ? THEN b.end_at - b.start_at END), 0),
			COALESCE(SUM(b.end_at - b.start_at), 0)
		FROM bookings b JOIN resources r ON r.id = b.resource_id
		WHERE b.patron = ? AND r.kind = ? AND b.start_at >= ? AND b.start_at < ?
		  AND b.state IN ('confirmed', 'checked_in', 'completed')`,
		unix(day.Start), unix(day.End), patron, kind, unix(week.Start), unix(week.End)).Scan(&daySec, &weekSec)
	if err != nil {
		return u, err
	}
	u.Day, u.Week = time.Duration(daySec)*time.Second, time.Duration(weekSec)*time.Second
	err = q.QueryRowContext(ctx, `SELECT COUNT(*) FROM bookings WHERE patron = ? AND state = 'confirmed' AND end_at > ?`,
		patron, unix(now)).Scan(&u.Active)
	return u, err
}

// Booking returns a booking by id.
func (s *Store) Booking(ctx context.Context, id int64) (booking.Booking, error) {
	b, err := getBooking(ctx, s.rdb, `id = ?`, id)
	if err != nil {
		return b, s.fault("booking", err)
	}
	return b, nil
}

// ByCode returns a booking by its short code, typed in any case.
func (s *Store) ByCode(ctx context.Context, code string) (booking.Booking, error) {
	b, err := getBooking(ctx, s.rdb, `code = ?`, NormalizeCode(code))
	if err != nil {
		return b, s.fault("booking", err)
	}
	return b, nil
}

// Upcoming lists a patron's confirmed and checked-in bookings that have
// not ended.
func (s *Store) Upcoming(ctx context.Context, patron string) ([]booking.Booking, error) {
	bs, err := queryBookings(ctx, s.rdb, `patron = ? AND state IN ('confirmed', 'checked_in') AND end_at > ? ORDER BY start_at, id`,
		patron, unix(s.Now()))
	if err != nil {
		return nil, s.fault("upcoming", err)
	}
	return bs, nil
}

// Bookings lists every booking that starts on day, in start order.
func (s *Store) Bookings(ctx context.Context, day booking.Date) ([]booking.Booking, error) {
	from, to := day.Midnight(s.Location), day.AddDays(1).Midnight(s.Location)
	bs, err := queryBookings(ctx, s.rdb, `start_at >= ? AND start_at < ? ORDER BY start_at, resource_id, id`, unix(from), unix(to))
	if err != nil {
		return nil, s.fault("bookings", err)
	}
	return bs, nil
}

// Cancel cancels a confirmed booking for a patron (their own, before the
// deadline) or for staff (any confirmed booking).
func (s *Store) Cancel(ctx context.Context, id int64, by booking.Actor) (booking.Booking, error) {
	return s.transition(ctx, id, func(b booking.Booking, r booking.Rules, now time.Time) (booking.State, error) {
		if by.Staff == "" && b.Patron != by.Patron {
			return "", kiosk.Errorf(kiosk.EFORBIDDEN, booking.KeyNotYours)
		}
		if b.State != booking.Confirmed {
			return "", kiosk.Errorf(kiosk.ECONFLICT, booking.KeyNotCancellable, "state", string(b.State))
		}
		if by.Staff == "" && now.After(booking.CancelDeadline(b, r)) {
			return "", kiosk.Errorf(kiosk.EFORBIDDEN, booking.KeyCancelTooLate,
				"time", booking.CancelDeadline(b, r).In(s.Location).Format("15:04"))
		}
		return booking.Cancelled, nil
	}, by.String())
}

// CheckIn checks in a confirmed booking within its check-in window.
func (s *Store) CheckIn(ctx context.Context, id int64, kioskID string) (booking.Booking, error) {
	return s.transition(ctx, id, func(b booking.Booking, r booking.Rules, now time.Time) (booking.State, error) {
		switch b.State {
		case booking.CheckedIn:
			return "", kiosk.Errorf(kiosk.ECONFLICT, booking.KeyAlreadyCheckedIn)
		case booking.Cancelled:
			return "", kiosk.Errorf(kiosk.ECONFLICT, booking.KeyBookingCancelled)
		case booking.NoShow:
			return "", kiosk.Errorf(kiosk.ECONFLICT, booking.KeyBookingReleased)
		case booking.Completed:
			return "", kiosk.Errorf(kiosk.ECONFLICT, booking.KeyBookingOver)
		}
		w := booking.CheckinWindow(b, r)
		if now.Before(w.Start) {
			return "", kiosk.Errorf(kiosk.EFORBIDDEN, booking.KeyCheckinEarly, "time", w.Start.In(s.Location).Format("15:04"))
		}
		if !now.Before(w.End) {
			return "", kiosk.Errorf(kiosk.EFORBIDDEN, booking.KeyCheckinLate)
		}
		return booking.CheckedIn, nil
	}, kioskID)
}

// transition moves one booking to the state decide returns, in one
// IMMEDIATE transaction.
func (s *Store) transition(ctx context.Context, id int64, decide func(booking.Booking, booking.Rules, time.Time) (booking.State, error), by string) (booking.Booking, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return booking.Booking{}, s.fault("update booking", err)
	}
	defer tx.Rollback()
	// Locked while it is decided on: a cancellation on a phone and a
	// check-in at a kiosk at once decide one after the other.
	b, err := getBooking(ctx, tx, `id = ?`+s.dialect.ForUpdate(), id)
	if err != nil {
		return b, s.fault("update booking", err)
	}
	res, err := resource(ctx, tx, b.Resource)
	if err != nil {
		return b, s.fault("update booking", err)
	}
	now := s.Now().UTC().Truncate(time.Second)
	to, err := decide(b, res.Rules, now)
	if err != nil {
		return b, err
	}
	if err := setState(ctx, tx, &b, to, now, by); err != nil {
		return b, s.fault("update booking", err)
	}
	if err := tx.Commit(); err != nil {
		return b, s.fault("update booking", err)
	}
	return b, nil
}

// setState writes a transition; the database's trigger refuses any the
// domain does not allow.
func setState(ctx context.Context, q querier, b *booking.Booking, to booking.State, now time.Time, by string) error {
	if !b.State.CanBecome(to) {
		return fmt.Errorf("booking %d: %s → %s not allowed", b.ID, b.State, to)
	}
	var err error
	if to == booking.CheckedIn {
		_, err = q.ExecContext(ctx, `UPDATE bookings SET state = ?, checked_in_at = ? WHERE id = ?`, string(to), unix(now), b.ID)
		b.CheckedIn = now
	} else {
		_, err = q.ExecContext(ctx, `UPDATE bookings SET state = ?, closed_at = ?, closed_by = ? WHERE id = ?`,
			string(to), unix(now), by, b.ID)
		b.Closed, b.ClosedBy = now, by
	}
	if err != nil {
		return err
	}
	b.State = to
	return nil
}
