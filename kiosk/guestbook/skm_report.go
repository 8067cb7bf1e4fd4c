package guestbook

import (
	"context"
	"fmt"
	"sort"
	"time"
)

// Count is how many with one value; an empty Value is "not answered".
type Count struct {
	Value string
	N     int
}

// Profile is who answered the SKM, as published reports show it: counts
// by sex, age band, education, occupation and the service received,
// each in its natural order (NaturalLess: education by level, the
// questionnaire's options in its order), not answered last.
type Profile struct {
	Respondents int
	Gender      []Count
	Age         []Count // by AgeBands, youngest first
	Education   []Count
	Occupation  []Count
	Service     []Count
}

// AgeBands are the age bands the profile counts respondents in.
var AgeBands = []string{"< 20", "20-29", "30-39", "40-49", "50-59", ">= 60"}

// AgeBand is the band of an age; "" for 0 (not given).
func AgeBand(age int) string {
	switch {
	case age <= 0:
		return ""
	case age < 20:
		return AgeBands[0]
	case age >= 60:
		return AgeBands[5]
	}
	return AgeBands[age/10-1]
}

// SKMProfile counts the SKM respondents of [from, to) by each field of
// their profile, in natural order, ages by band.
func (s *Store) SKMProfile(ctx context.Context, from, to time.Time) (Profile, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT gender, age, education, occupation, service, count(*)
		FROM skm_responses WHERE at >= ? AND at < ? GROUP BY 1, 2, 3, 4, 5`, from.Unix(), to.Unix())
	if err != nil {
		return Profile{}, fmt.Errorf("guest book: SKM profile: %w", err)
	}
	defer rows.Close()
	var sums [5]map[string]int
	for i := range sums {
		sums[i] = map[string]int{}
	}
	var p Profile
	for rows.Next() {
		var g, e, o, sv string
		var age, n int
		if err := rows.Scan(&g, &age, &e, &o, &sv, &n); err != nil {
			return Profile{}, fmt.Errorf("guest book: SKM profile: %w", err)
		}
		p.Respondents += n
		for i, v := range []string{g, AgeBand(age), e, o, sv} {
			sums[i][v] += n
		}
	}
	if err := rows.Err(); err != nil {
		return Profile{}, fmt.Errorf("guest book: SKM profile: %w", err)
	}
	p.Gender, p.Age = counts(FieldGender, sums[0]), ageCounts(sums[1])
	p.Education, p.Occupation, p.Service = counts(FieldEducation, sums[2]), counts(FieldOccupation, sums[3]), counts(FieldService, sums[4])
	return p, nil
}

// Add adds another file's profile to p.
func (p *Profile) Add(q Profile) {
	p.Respondents += q.Respondents
	p.Gender = counts(FieldGender, sum(p.Gender, q.Gender))
	p.Age = ageCounts(sum(p.Age, q.Age))
	p.Education = counts(FieldEducation, sum(p.Education, q.Education))
	p.Occupation = counts(FieldOccupation, sum(p.Occupation, q.Occupation))
	p.Service = counts(FieldService, sum(p.Service, q.Service))
}

func sum(a, b []Count) map[string]int {
	m := map[string]int{}
	for _, c := range append(append([]Count(nil), a...), b...) {
		m[c.Value] += c.N
	}
	return m
}

// counts lists a field's values in NaturalLess order: known values in
// the questionnaire's order, others alphabetically, blank last.
func counts(f Field, m map[string]int) []Count {
	out := make([]Count, 0, len(m))
	for v, n := range m {
		out = append(out, Count{v, n})
	}
	less := NaturalLess(f)
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i].Value, out[j].Value
		if less(a, b) != less(b, a) {
			return less(a, b)
		}
		return a < b // "PNS" and "pns": one order every time
	})
	return out
}

// ageCounts orders by band, youngest first, not given last.
func ageCounts(m map[string]int) []Count {
	var out []Count
	for _, b := range append(AgeBands[:len(AgeBands):len(AgeBands)], "") {
		if n := m[b]; n > 0 {
			out = append(out, Count{b, n})
		}
	}
	return out
}
