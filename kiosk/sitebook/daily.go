package sitebook

import (
	"context"
	"fmt"
	"sort"
	"time"
)

// KioskDay is one kiosk's counts of one library day.
type KioskDay struct {
	Kiosk, Day                        string // Day: YYYY-MM-DD in the library's zone
	Visits, Guests, Ratings           int
	Loans, Returns, Renewals, Answers int
}

// Daily counts [from, to) per kiosk per library day in loc, counted by
// the server.
func (s *Store) Daily(ctx context.Context, from, to time.Time, loc *time.Location) ([]KioskDay, error) {
	rows, err := s.db.QueryContext(ctx, `
		SELECT kiosk, to_char(to_timestamp(at) AT TIME ZONE $3, 'YYYY-MM-DD') AS day, kind, count(*) FROM (
			SELECT kiosk, at, CASE WHEN member THEN 'v' ELSE 'g' END AS kind FROM site_visits WHERE at >= $1 AND at < $2
			UNION ALL SELECT kiosk, at, 'r' FROM site_ratings WHERE at >= $1 AND at < $2
			UNION ALL SELECT kiosk, at, 's' FROM site_skm WHERE at >= $1 AND at < $2
			UNION ALL SELECT kiosk, at, op FROM site_circulation WHERE at >= $1 AND at < $2) AS x
		GROUP BY 1, 2, 3`, from.Unix(), to.Unix(), loc.String())
	if err != nil {
		return nil, fmt.Errorf("site store: daily: %w", err)
	}
	defer rows.Close()
	type key struct{ kiosk, day string }
	days := map[key]*KioskDay{}
	for rows.Next() {
		var k key
		var kind string
		var n int
		if err := rows.Scan(&k.kiosk, &k.day, &kind, &n); err != nil {
			return nil, fmt.Errorf("site store: daily: %w", err)
		}
		d := days[k]
		if d == nil {
			d = &KioskDay{Kiosk: k.kiosk, Day: k.day}
			days[k] = d
		}
		switch kind {
		case "v":
			d.Visits += n
		case "g":
			d.Visits += n
			d.Guests += n
		case "r":
			d.Ratings += n
		case "s":
			d.Answers += n
		case "checkout":
			d.Loans += n
		case "checkin":
			d.Returns += n
		case "renew":
			d.Renewals += n
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("site store: daily: %w", err)
	}
	out := make([]KioskDay, 0, len(days))
	for _, d := range days {
		out = append(out, *d)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Day != out[j].Day {
			return out[i].Day < out[j].Day
		}
		return out[i].Kiosk < out[j].Kiosk
	})
	return out, nil
}
