package guestbook

import (
	"context"
	"fmt"
	"sort"
	"time"
)

// RatingRow is the one-tap ratings of one group: how many of each face,
// 1 (worst) to 5 (best).
type RatingRow struct {
	Group  string // as VisitRow's
	Scores [5]int // Scores[0] is the number of 1s
}

// Count is the number of ratings.
func (r RatingRow) Count() int {
	n := 0
	for _, c := range r.Scores {
		n += c
	}
	return n
}

// Mean is the average rating, 0 with none.
func (r RatingRow) Mean() float64 {
	n, sum := 0, 0
	for i, c := range r.Scores {
		n += c
		sum += (i + 1) * c
	}
	if n == 0 {
		return 0
	}
	return float64(sum) / float64(n)
}

// RatingCounts counts the ratings of [from, to) by group and score, in
// the library's zone, in order.
func (s *Store) RatingCounts(ctx context.Context, from, to time.Time, by By) ([]RatingRow, error) {
	groups := map[string]*RatingRow{}
	err := s.buckets(ctx, `SELECT at / 900, sum(score = 1), sum(score = 2), sum(score = 3), sum(score = 4), sum(score = 5)
		FROM ratings WHERE at >= ? AND at < ? GROUP BY 1`,
		from, to, by, 5, func(key string, n []int) {
			g := groups[key]
			if g == nil {
				g = &RatingRow{Group: key}
				groups[key] = g
			}
			for i := range g.Scores {
				g.Scores[i] += n[i]
			}
		})
	if err != nil {
		return nil, fmt.Errorf("guest book: ratings: %w", err)
	}
	out := make([]RatingRow, 0, len(groups))
	for _, g := range groups {
		out = append(out, *g)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Group < out[j].Group })
	return out, nil
}
