package guestbook

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/anjungan/anjungan/kiosk"
)

// SurveyRow is an SKM answer with the store's id, for a site's shared
// store.
type SurveyRow struct {
	ID int64
	SurveyAnswer
}

// VisitsAfter returns up to limit visits with an id above after, in id
// order: what a site's shared store has not had yet.
func (s *Store) VisitsAfter(ctx context.Context, after int64, limit int) ([]kiosk.Visit, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT id, at, kiosk, card, name, origin, gender, age_group, education, occupation, purpose
		FROM visits WHERE id > ? ORDER BY id LIMIT ?`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("guest book: %w", err)
	}
	defer rows.Close()
	var out []kiosk.Visit
	for rows.Next() {
		var v kiosk.Visit
		var at int64
		if err := rows.Scan(&v.ID, &at, &v.Kiosk, &v.Card, &v.Guest.Name, &v.Guest.Origin, &v.Guest.Gender, &v.Guest.AgeGroup,
			&v.Guest.Education, &v.Guest.Occupation, &v.Purpose); err != nil {
			return nil, fmt.Errorf("guest book: %w", err)
		}
		v.At = time.Unix(at, 0).In(s.Location)
		out = append(out, v)
	}
	return out, rows.Err()
}

// RatingsAfter returns up to limit ratings with an id above after, given
// before settled: a rating's comment may follow it (kiosk.RatingCommenter)
// while the visitor is still at the kiosk.
func (s *Store) RatingsAfter(ctx context.Context, after int64, settled time.Time, limit int) ([]kiosk.Rating, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT id, at, kiosk, score, comment FROM ratings WHERE id > ? AND at < ? ORDER BY id LIMIT ?`,
		after, settled.Unix(), limit)
	if err != nil {
		return nil, fmt.Errorf("guest book: %w", err)
	}
	defer rows.Close()
	var out []kiosk.Rating
	for rows.Next() {
		var r kiosk.Rating
		var at int64
		if err := rows.Scan(&r.ID, &at, &r.Kiosk, &r.Score, &r.Comment); err != nil {
			return nil, fmt.Errorf("guest book: %w", err)
		}
		r.At = time.Unix(at, 0).In(s.Location)
		out = append(out, r)
	}
	return out, rows.Err()
}

// TalliesAfter returns up to limit circulation counts with an id above
// after.
func (s *Store) TalliesAfter(ctx context.Context, after int64, limit int) ([]kiosk.Tally, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT id, at, kiosk, op FROM circulation WHERE id > ? ORDER BY id LIMIT ?`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("guest book: %w", err)
	}
	defer rows.Close()
	var out []kiosk.Tally
	for rows.Next() {
		var t kiosk.Tally
		var at int64
		if err := rows.Scan(&t.ID, &at, &t.Kiosk, &t.Op); err != nil {
			return nil, fmt.Errorf("guest book: %w", err)
		}
		t.At = time.Unix(at, 0).In(s.Location)
		out = append(out, t)
	}
	return out, rows.Err()
}

// SurveyAfter returns up to limit SKM answers with an id above after.
func (s *Store) SurveyAfter(ctx context.Context, after int64, limit int) ([]SurveyRow, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT id, at, kiosk, u1, u2, u3, u4, u5, u6, u7, u8, u9, gender, age, education, occupation, service, comment
		FROM skm_responses WHERE id > ? ORDER BY id LIMIT ?`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("guest book: SKM: %w", err)
	}
	defer rows.Close()
	var out []SurveyRow
	for rows.Next() {
		var a SurveyRow
		var at int64
		sc := &a.Scores
		if err := rows.Scan(&a.ID, &at, &a.Kiosk, &sc[0], &sc[1], &sc[2], &sc[3], &sc[4], &sc[5], &sc[6], &sc[7], &sc[8],
			&a.Respondent.Gender, &a.Respondent.Age, &a.Respondent.Education, &a.Respondent.Occupation, &a.Respondent.Service, &a.Comment); err != nil {
			return nil, fmt.Errorf("guest book: SKM: %w", err)
		}
		a.At = time.Unix(at, 0).In(s.Location)
		out = append(out, a)
	}
	return out, rows.Err()
}

// Loader adds rows as they are — times, kiosks, no once-a-day rule — in
// one transaction with prepared statements: a report's working copy of a
// site's shared store, filled row by row. A member's visit needs a Card
// (any text). Commit or Rollback ends it.
type Loader struct {
	tx                           *sql.Tx
	visit, rating, tally, answer *sql.Stmt
	loc                          *time.Location
}

// Loader starts a load.
func (s *Store) Loader(ctx context.Context) (*Loader, error) {
	tx, err := s.db.W.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("guest book: load: %w", err)
	}
	l := &Loader{tx: tx, loc: s.Location}
	for _, p := range []struct {
		st **sql.Stmt
		q  string
	}{
		{&l.visit, `INSERT INTO visits (at, day, kiosk, card, name, origin, gender, age_group, education, occupation, purpose, n)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`},
		{&l.rating, `INSERT INTO ratings (at, kiosk, score, comment) VALUES (?, ?, ?, ?)`},
		{&l.tally, `INSERT INTO circulation (at, kiosk, op, n) VALUES (?, ?, ?, ?)`},
		{&l.answer, `INSERT INTO skm_responses (at, kiosk, u1, u2, u3, u4, u5, u6, u7, u8, u9,
			gender, age, education, occupation, service, comment) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`},
	} {
		if *p.st, err = tx.PrepareContext(ctx, p.q); err != nil {
			tx.Rollback()
			return nil, fmt.Errorf("guest book: load: %w", err)
		}
	}
	return l, nil
}

// Visit adds a visit.
func (l *Loader) Visit(ctx context.Context, v kiosk.Visit) error { return l.Visits(ctx, v, 1) }

// Visits adds n visits alike (a site store's count of a quarter hour's):
// the reports count them as n.
func (l *Loader) Visits(ctx context.Context, v kiosk.Visit, n int) error {
	if n < 1 {
		return fmt.Errorf("guest book: load: %d visits", n)
	}
	g := v.Guest
	if _, err := l.visit.ExecContext(ctx, v.At.Unix(), v.At.In(l.loc).Format(time.DateOnly), v.Kiosk, v.Card,
		g.Name, g.Origin, g.Gender, g.AgeGroup, g.Education, g.Occupation, v.Purpose, n); err != nil {
		return fmt.Errorf("guest book: load: %w", err)
	}
	return nil
}

// Rating adds a rating.
func (l *Loader) Rating(ctx context.Context, r kiosk.Rating) error {
	if _, err := l.rating.ExecContext(ctx, r.At.Unix(), r.Kiosk, r.Score, r.Comment); err != nil {
		return fmt.Errorf("guest book: load: %w", err)
	}
	return nil
}

// Tally adds a circulation count.
func (l *Loader) Tally(ctx context.Context, t kiosk.Tally) error { return l.Tallies(ctx, t, 1) }

// Tallies adds n circulations alike (a site store's count).
func (l *Loader) Tallies(ctx context.Context, t kiosk.Tally, n int) error {
	if n < 1 {
		return fmt.Errorf("guest book: load: %d circulations", n)
	}
	if _, err := l.tally.ExecContext(ctx, t.At.Unix(), t.Kiosk, t.Op, n); err != nil {
		return fmt.Errorf("guest book: load: %w", err)
	}
	return nil
}

// Answer adds an SKM answer.
func (l *Loader) Answer(ctx context.Context, a SurveyAnswer) error {
	sc, r := a.Scores, a.Respondent
	if _, err := l.answer.ExecContext(ctx, a.At.Unix(), a.Kiosk, sc[0], sc[1], sc[2], sc[3], sc[4], sc[5], sc[6], sc[7], sc[8],
		r.Gender, r.Age, r.Education, r.Occupation, r.Service, a.Comment); err != nil {
		return fmt.Errorf("guest book: load: %w", err)
	}
	return nil
}

// Commit keeps what was added.
func (l *Loader) Commit() error { return l.tx.Commit() }

// Rollback drops what was added.
func (l *Loader) Rollback() error { return l.tx.Rollback() }

// Load adds rows as they are, in one transaction (a Loader's).
func (s *Store) Load(ctx context.Context, visits []kiosk.Visit, ratings []kiosk.Rating, tallies []kiosk.Tally, answers []SurveyAnswer) error {
	l, err := s.Loader(ctx)
	if err != nil {
		return err
	}
	defer l.Rollback()
	for _, v := range visits {
		if err := l.Visit(ctx, v); err != nil {
			return err
		}
	}
	for _, r := range ratings {
		if err := l.Rating(ctx, r); err != nil {
			return err
		}
	}
	for _, t := range tallies {
		if err := l.Tally(ctx, t); err != nil {
			return err
		}
	}
	for _, a := range answers {
		if err := l.Answer(ctx, a); err != nil {
			return err
		}
	}
	return l.Commit()
}
