package guestbook

import (
	"context"
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

// Load adds rows as they are — times, kiosks, no once-a-day rule — in
// one transaction: a report's working copy of a site's shared store. A
// member's visit needs a Card (any text).
func (s *Store) Load(ctx context.Context, visits []kiosk.Visit, ratings []kiosk.Rating, tallies []kiosk.Tally, answers []SurveyAnswer) error {
	tx, err := s.db.W.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("guest book: load: %w", err)
	}
	defer tx.Rollback()
	for _, v := range visits {
		g := v.Guest
		if _, err := tx.ExecContext(ctx, `INSERT INTO visits (at, day, kiosk, card, name, origin, gender, age_group, education, occupation, purpose)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, v.At.Unix(), v.At.In(s.Location).Format(time.DateOnly), v.Kiosk, v.Card,
			g.Name, g.Origin, g.Gender, g.AgeGroup, g.Education, g.Occupation, v.Purpose); err != nil {
			return fmt.Errorf("guest book: load: %w", err)
		}
	}
	for _, r := range ratings {
		if _, err := tx.ExecContext(ctx, `INSERT INTO ratings (at, kiosk, score, comment) VALUES (?, ?, ?, ?)`, r.At.Unix(), r.Kiosk, r.Score, r.Comment); err != nil {
			return fmt.Errorf("guest book: load: %w", err)
		}
	}
	for _, t := range tallies {
		if _, err := tx.ExecContext(ctx, `INSERT INTO circulation (at, kiosk, op) VALUES (?, ?, ?)`, t.At.Unix(), t.Kiosk, t.Op); err != nil {
			return fmt.Errorf("guest book: load: %w", err)
		}
	}
	for _, a := range answers {
		sc, r := a.Scores, a.Respondent
		if _, err := tx.ExecContext(ctx, `INSERT INTO skm_responses (at, kiosk, u1, u2, u3, u4, u5, u6, u7, u8, u9,
			gender, age, education, occupation, service, comment) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			a.At.Unix(), a.Kiosk, sc[0], sc[1], sc[2], sc[3], sc[4], sc[5], sc[6], sc[7], sc[8],
			r.Gender, r.Age, r.Education, r.Occupation, r.Service, a.Comment); err != nil {
			return fmt.Errorf("guest book: load: %w", err)
		}
	}
	return tx.Commit()
}
