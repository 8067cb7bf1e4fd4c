package guestbook

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/anjungan/anjungan/internal/migrate"
	"github.com/anjungan/anjungan/internal/sqlitedb"
	"github.com/anjungan/anjungan/kiosk"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is the guest book on a SQLite file. Set the fields, then Open.
type Store struct {
	Path string
	// OncePerDay counts a member's visits once a library day.
	OncePerDay bool
	// Location is the library's zone: where library days begin.
	Location *time.Location
	Now      func() time.Time

	db *sqlitedb.DB
}

var _ kiosk.GuestBook = (*Store)(nil)

// Open opens the file, creating it, and applies the migrations.
func (s *Store) Open(ctx context.Context) error {
	if s.Now == nil {
		s.Now = time.Now
	}
	if s.Location == nil {
		s.Location = time.Local
	}
	db, err := sqlitedb.Open(ctx, sqlitedb.Options{Path: s.Path,
		Migrations: &migrate.Migrator{FS: migrations, Pattern: "migrations/*.sql", Now: s.Now}})
	if err != nil {
		return fmt.Errorf("guest book: %w", err)
	}
	s.db = db
	return nil
}

// Close closes the file.
func (s *Store) Close() error {
	if s.db == nil {
		return nil
	}
	return s.db.Close()
}

// maxField bounds what a visitor types into one field.
const maxField = 200

func clean(v string) string {
	v = strings.Join(strings.Fields(v), " ")
	if r := []rune(v); len(r) > maxField {
		v = string(r[:maxField])
	}
	return v
}

// RecordVisit implements kiosk.GuestBook.
func (s *Store) RecordVisit(ctx context.Context, v kiosk.Visit) (bool, error) {
	if v.At.IsZero() {
		v.At = s.Now()
	}
	g := v.Guest
	if v.Card == "" && v.Pass == "" && clean(g.Name) == "" {
		return false, errors.New("guest book: a guest's visit needs a name or a pass")
	}
	day := v.At.In(s.Location).Format(time.DateOnly)
	tx, err := s.db.W.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("guest book: %w", err)
	}
	defer tx.Rollback()
	if v.Card != "" && s.OncePerDay {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM visits WHERE card = ? AND day = ?`, v.Card, day).Scan(&n); err != nil {
			return false, fmt.Errorf("guest book: %w", err)
		}
		if n > 0 {
			return false, nil
		}
	}
	if v.Pass != "" { // an event's visitor pass counts once a library day
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM visits WHERE pass = ? AND day = ?`, v.Pass, day).Scan(&n); err != nil {
			return false, fmt.Errorf("guest book: %w", err)
		}
		if n > 0 {
			return false, nil
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO visits (at, day, kiosk, card, name, origin, gender, age_group, education, occupation, purpose, pass)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, v.At.Unix(), day, v.Kiosk, v.Card, clean(g.Name), clean(g.Origin), clean(g.Gender),
		clean(g.AgeGroup), clean(g.Education), clean(g.Occupation), clean(v.Purpose), v.Pass); err != nil {
		return false, fmt.Errorf("guest book: %w", err)
	}
	return true, tx.Commit()
}

// Purge empties guests' names and origins recorded before now − keep:
// the library keeps who came only that long; the visits stay, as counts.
// A visitor pass's visit keeps its origin: the event's name, no one's.
// It returns how many visits it emptied.
func (s *Store) Purge(ctx context.Context, keep time.Duration) (int64, error) {
	before := s.Now().Add(-keep).Unix()
	res, err := s.db.W.ExecContext(ctx, `UPDATE visits SET name = '', origin = '' WHERE at < ? AND card = '' AND pass = '' AND (name <> '' OR origin <> '')`, before)
	if err != nil {
		return 0, fmt.Errorf("guest book: purge: %w", err)
	}
	return res.RowsAffected()
}

// Visits lists the visits of [from, to), oldest first.
func (s *Store) Visits(ctx context.Context, from, to time.Time) ([]kiosk.Visit, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT id, at, kiosk, card, name, origin, gender, age_group, education, occupation, purpose, pass
		FROM visits WHERE at >= ? AND at < ? ORDER BY at, id`, from.Unix(), to.Unix())
	if err != nil {
		return nil, fmt.Errorf("guest book: %w", err)
	}
	defer rows.Close()
	var out []kiosk.Visit
	for rows.Next() {
		var v kiosk.Visit
		var at int64
		if err := rows.Scan(&v.ID, &at, &v.Kiosk, &v.Card, &v.Guest.Name, &v.Guest.Origin, &v.Guest.Gender, &v.Guest.AgeGroup,
			&v.Guest.Education, &v.Guest.Occupation, &v.Purpose, &v.Pass); err != nil {
			return nil, fmt.Errorf("guest book: %w", err)
		}
		v.At = time.Unix(at, 0).In(s.Location)
		out = append(out, v)
	}
	return out, rows.Err()
}
