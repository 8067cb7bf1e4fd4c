package sitebook

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"
)

// Quarter is the length of the quarter hours the counts are grouped by:
// every library zone's offset is a whole number of them, so a report
// groups them into the library's hours, days, weeks and months as it
// would single rows.
const Quarter = 15 * time.Minute

// quarterSeconds is Quarter in the seconds the store's times are kept in.
var quarterSeconds = strconv.Itoa(int(Quarter / time.Second))

// VisitQuarter is how many visits of members (or of guests) one quarter
// hour of [from, to) had, over the kiosks of a prefix.
type VisitQuarter struct {
	At     time.Time // the quarter's start
	Member bool
	N      int
}

// VisitQuarters counts the visits of [from, to) by quarter hour, members
// and guests apart, counted by PostgreSQL: what a report of visits by
// time needs, in a few thousand rows for a busy year.
func (s *Store) VisitQuarters(ctx context.Context, from, to time.Time, prefix string, fn func(VisitQuarter) error) error {
	return s.counts(ctx, `SELECT at / `+quarterSeconds+`, member, count(*) FROM site_visits
		WHERE at >= $1 AND at < $2 AND kiosk LIKE $3 GROUP BY 1, 2 ORDER BY 1, 2`, from, to, prefix, func(rows *sql.Rows) error {
		var q VisitQuarter
		var at int64
		if err := rows.Scan(&at, &q.Member, &q.N); err != nil {
			return err
		}
		q.At = time.Unix(at*int64(Quarter/time.Second), 0)
		return fn(q)
	})
}

// VisitorGroup is how many visits of [from, to) had one purpose and one
// set of demographic answers.
type VisitorGroup struct {
	Member                                           bool
	Purpose, Gender, AgeGroup, Education, Occupation string
	N                                                int
}

// VisitorGroups counts the visits of [from, to) by member or guest,
// purpose and demographics over the whole period: what a report of
// purposes and visitors needs.
func (s *Store) VisitorGroups(ctx context.Context, from, to time.Time, prefix string, fn func(VisitorGroup) error) error {
	return s.counts(ctx, `SELECT member, purpose, gender, age_group, education, occupation, count(*) FROM site_visits
		WHERE at >= $1 AND at < $2 AND kiosk LIKE $3 GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6`, from, to, prefix, func(rows *sql.Rows) error {
		var g VisitorGroup
		if err := rows.Scan(&g.Member, &g.Purpose, &g.Gender, &g.AgeGroup, &g.Education, &g.Occupation, &g.N); err != nil {
			return err
		}
		return fn(g)
	})
}

// TallyQuarter is how many circulations of one kind (kiosk.OpCheckout,
// …) one quarter hour had.
type TallyQuarter struct {
	At time.Time
	Op string
	N  int
}

// TallyQuarters counts the circulations of [from, to) by quarter hour
// and kind.
func (s *Store) TallyQuarters(ctx context.Context, from, to time.Time, prefix string, fn func(TallyQuarter) error) error {
	return s.counts(ctx, `SELECT at / `+quarterSeconds+`, op, count(*) FROM site_circulation
		WHERE at >= $1 AND at < $2 AND kiosk LIKE $3 GROUP BY 1, 2 ORDER BY 1, 2`, from, to, prefix, func(rows *sql.Rows) error {
		var q TallyQuarter
		var at int64
		if err := rows.Scan(&at, &q.Op, &q.N); err != nil {
			return err
		}
		q.At = time.Unix(at*int64(Quarter/time.Second), 0)
		return fn(q)
	})
}

// counts runs a counting query over [from, to) and the kiosks of prefix.
func (s *Store) counts(ctx context.Context, q string, from, to time.Time, prefix string, scan func(*sql.Rows) error) error {
	rows, err := s.db.QueryContext(ctx, q, from.Unix(), to.Unix(), likePrefix(prefix))
	if err != nil {
		return fmt.Errorf("site store: %w", err)
	}
	for rows.Next() {
		if err := scan(rows); err != nil {
			rows.Close()
			return fmt.Errorf("site store: %w", err)
		}
	}
	return closeRows(rows)
}
