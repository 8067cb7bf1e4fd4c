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
// by sex, age band, education, occupation and the service received.
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
// their profile: most first (ties by value), ages by band.
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
	p.Gender, p.Age, p.Education, p.Occupation, p.Service = counts(sums[0]), ageCounts(sums[1]), counts(sums[2]), counts(sums[3]), counts(sums[4])
	return p, nil
}

// Add adds another file's profile to p.
func (p *Profile) Add(q Profile) {
	p.Respondents += q.Respondents
	p.Gender = addCounts(p.Gender, q.Gender, false)
	p.Age = addCounts(p.Age, q.Age, true)
	p.Education = addCounts(p.Education, q.Education, false)
	p.Occupation = addCounts(p.Occupation, q.Occupation, false)
	p.Service = addCounts(p.Service, q.Service, false)
}

func addCounts(a, b []Count, ages bool) []Count {
	m := map[string]int{}
	for _, c := range append(append([]Count(nil), a...), b...) {
		m[c.Value] += c.N
	}
	if ages {
		return ageCounts(m)
	}
	return counts(m)
}

// counts sorts most first, ties by value.
func counts(m map[string]int) []Count {
	out := make([]Count, 0, len(m))
	for v, n := range m {
		out = append(out, Count{v, n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].N != out[j].N {
			return out[i].N > out[j].N
		}
		return out[i].Value < out[j].Value
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
