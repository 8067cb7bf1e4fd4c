package guestbook

import (
	"context"
	"fmt"
	"sort"
	"time"
)

// Comment sources.
const (
	FromRating = "rating" // the kotak saran after a one-tap rating
	FromSKM    = "skm"    // the SKM's saran/masukan
)

// Comment is a visitor's comment, with the rating or the SKM it came
// with. It holds no name.
type Comment struct {
	At     time.Time
	Kiosk  string
	Source string // FromRating or FromSKM
	// Score is the rating (1–5), or the SKM respondent's average over
	// the elements answered (1–4).
	Score float64
	Text  string
}

// Comments lists the comments of [from, to), ratings' and the SKM's,
// newest first.
func (s *Store) Comments(ctx context.Context, from, to time.Time) ([]Comment, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT at, kiosk, 'rating', score, comment FROM ratings
			WHERE at >= ?1 AND at < ?2 AND comment <> ''
		UNION ALL
		SELECT at, kiosk, 'skm',
			(u1 + u2 + u3 + u4 + u5 + u6 + u7 + u8 + u9) * 1.0 /
			((u1 > 0) + (u2 > 0) + (u3 > 0) + (u4 > 0) + (u5 > 0) + (u6 > 0) + (u7 > 0) + (u8 > 0) + (u9 > 0)),
			comment FROM skm_responses WHERE at >= ?1 AND at < ?2 AND comment <> ''
		ORDER BY 1 DESC, 3, 5`, from.Unix(), to.Unix())
	if err != nil {
		return nil, fmt.Errorf("guest book: comments: %w", err)
	}
	defer rows.Close()
	var out []Comment
	for rows.Next() {
		var c Comment
		var at int64
		if err := rows.Scan(&at, &c.Kiosk, &c.Source, &c.Score, &c.Text); err != nil {
			return nil, fmt.Errorf("guest book: comments: %w", err)
		}
		c.At = time.Unix(at, 0).In(s.Location)
		out = append(out, c)
	}
	return out, rows.Err()
}

// SortComments puts comments newest first (ties: ratings before the SKM,
// then by text), as Comments does for one file; for several files added
// up.
func SortComments(cs []Comment) {
	sort.SliceStable(cs, func(i, j int) bool {
		if !cs[i].At.Equal(cs[j].At) {
			return cs[i].At.After(cs[j].At)
		}
		if cs[i].Source != cs[j].Source {
			return cs[i].Source < cs[j].Source
		}
		return cs[i].Text < cs[j].Text
	})
}
