package guestbook

import (
	"context"
	"fmt"
	"sort"
	"time"
)

// CirculationRow is the loans, returns and renewals of one group.
type CirculationRow struct {
	Group                    string // as VisitRow's
	Loans, Returns, Renewals int
}

// CirculationCounts counts the loans, returns and renewals done at the
// kiosk in [from, to) by group, in the library's zone, in order.
func (s *Store) CirculationCounts(ctx context.Context, from, to time.Time, by By) ([]CirculationRow, error) {
	groups := map[string]*CirculationRow{}
	err := s.buckets(ctx, `SELECT at / 900, sum(CASE WHEN op = 'checkout' THEN n ELSE 0 END), sum(CASE WHEN op = 'checkin' THEN n ELSE 0 END),
		sum(CASE WHEN op = 'renew' THEN n ELSE 0 END)
		FROM circulation WHERE at >= ? AND at < ? GROUP BY 1`,
		from, to, by, 3, func(key string, n []int) {
			g := groups[key]
			if g == nil {
				g = &CirculationRow{Group: key}
				groups[key] = g
			}
			g.Loans += n[0]
			g.Returns += n[1]
			g.Renewals += n[2]
		})
	if err != nil {
		return nil, fmt.Errorf("guest book: circulation: %w", err)
	}
	out := make([]CirculationRow, 0, len(groups))
	for _, g := range groups {
		out = append(out, *g)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Group < out[j].Group })
	return out, nil
}
