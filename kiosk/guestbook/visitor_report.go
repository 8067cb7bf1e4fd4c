package guestbook

import (
	"context"
	"fmt"
	"sort"
	"time"
)

// Field is a visit's field the library's numbers count visitors by.
type Field string

// Fields, as the guest book's columns name them.
const (
	FieldPurpose    Field = "purpose"
	FieldGender     Field = "gender"
	FieldAgeGroup   Field = "age_group"
	FieldEducation  Field = "education"
	FieldOccupation Field = "occupation"
)

// Demographic are the fields a library may ask guests about, in the
// order reports show them.
var Demographic = []Field{FieldGender, FieldAgeGroup, FieldEducation, FieldOccupation}

// ValueRow is the visits with one value of a field: members' and
// guests'. An empty Value is "not asked or not answered" (a member's
// visit by card asks nothing).
type ValueRow struct {
	Value   string
	Members int
	Guests  int
}

// Total is members and guests.
func (r ValueRow) Total() int { return r.Members + r.Guests }

// Visitors are the visits of a period counted by each field.
type Visitors map[Field][]ValueRow

// VisitorCounts counts the visits of [from, to) by purpose and by each
// demographic field, each field's values most visits first (ties by
// value), in one pass over the period.
func (s *Store) VisitorCounts(ctx context.Context, from, to time.Time) (Visitors, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT card <> '', purpose, gender, age_group, education, occupation, sum(n)
		FROM visits WHERE at >= ? AND at < ? GROUP BY 1, 2, 3, 4, 5, 6`, from.Unix(), to.Unix())
	if err != nil {
		return nil, fmt.Errorf("guest book: visitors: %w", err)
	}
	defer rows.Close()
	fields := append([]Field{FieldPurpose}, Demographic...)
	sums := make([]map[string]*ValueRow, len(fields))
	for i := range sums {
		sums[i] = map[string]*ValueRow{}
	}
	var v [5]string
	for rows.Next() {
		var member bool
		var n int
		if err := rows.Scan(&member, &v[0], &v[1], &v[2], &v[3], &v[4], &n); err != nil {
			return nil, fmt.Errorf("guest book: visitors: %w", err)
		}
		for i := range fields {
			r := sums[i][v[i]]
			if r == nil {
				r = &ValueRow{Value: v[i]}
				sums[i][v[i]] = r
			}
			if member {
				r.Members += n
			} else {
				r.Guests += n
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("guest book: visitors: %w", err)
	}
	out := Visitors{}
	for i, f := range fields {
		rs := make([]ValueRow, 0, len(sums[i]))
		for _, r := range sums[i] {
			rs = append(rs, *r)
		}
		SortValues(rs)
		out[f] = rs
	}
	return out, nil
}

// SortValues puts rows most visits first, ties by value.
func SortValues(rs []ValueRow) {
	sort.Slice(rs, func(i, j int) bool {
		if rs[i].Total() != rs[j].Total() {
			return rs[i].Total() > rs[j].Total()
		}
		return rs[i].Value < rs[j].Value
	})
}
