package guestbook

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/anjungan/anjungan/kiosk"
)

var _ kiosk.RatingCommenter = (*Store)(nil)

// comment tidies a visitor's comment: trimmed, at most kiosk.MaxComment
// characters.
func comment(c string) string {
	c = strings.TrimSpace(c)
	if rr := []rune(c); len(rr) > kiosk.MaxComment {
		c = string(rr[:kiosk.MaxComment])
	}
	return c
}

// RecordRating implements kiosk.GuestBook.
func (s *Store) RecordRating(ctx context.Context, r kiosk.Rating) error {
	_, err := s.RecordRatingID(ctx, r)
	return err
}

// RecordRatingID implements kiosk.RatingCommenter.
func (s *Store) RecordRatingID(ctx context.Context, r kiosk.Rating) (int64, error) {
	if r.Score < 1 || r.Score > 5 {
		return 0, fmt.Errorf("guest book: a rating of %d: want 1 to 5", r.Score)
	}
	if r.At.IsZero() {
		r.At = s.Now()
	}
	res, err := s.db.W.ExecContext(ctx, `INSERT INTO ratings (at, kiosk, score, comment) VALUES (?, ?, ?, ?)`, r.At.Unix(), r.Kiosk, r.Score, comment(r.Comment))
	if err != nil {
		return 0, fmt.Errorf("guest book: %w", err)
	}
	return res.LastInsertId()
}

// CommentRating implements kiosk.RatingCommenter.
func (s *Store) CommentRating(ctx context.Context, id int64, c string) error {
	res, err := s.db.W.ExecContext(ctx, `UPDATE ratings SET comment = ? WHERE id = ?`, comment(c), id)
	if err != nil {
		return fmt.Errorf("guest book: %w", err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return fmt.Errorf("guest book: no rating %d", id)
	}
	return nil
}

// Ratings lists the ratings of [from, to), oldest first.
func (s *Store) Ratings(ctx context.Context, from, to time.Time) ([]kiosk.Rating, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT id, at, kiosk, score, comment FROM ratings WHERE at >= ? AND at < ? ORDER BY at, id`, from.Unix(), to.Unix())
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
