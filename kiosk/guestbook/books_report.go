package guestbook

import (
	"context"
	"sort"
	"time"

	"github.com/anjungan/anjungan/kiosk/survey"
)

// Books are several kiosks' guest books, a site's: their numbers add up.
type Books []*Store

// VisitCounts adds up the books' VisitCounts.
func (b Books) VisitCounts(ctx context.Context, from, to time.Time, by By) ([]VisitRow, error) {
	sum := map[string]*VisitRow{}
	for _, s := range b {
		rows, err := s.VisitCounts(ctx, from, to, by)
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			t := sum[r.Group]
			if t == nil {
				t = &VisitRow{Group: r.Group}
				sum[r.Group] = t
			}
			t.Members += r.Members
			t.Guests += r.Guests
		}
	}
	return sorted(sum, func(r VisitRow) string { return r.Group }), nil
}

// CirculationCounts adds up the books' CirculationCounts.
func (b Books) CirculationCounts(ctx context.Context, from, to time.Time, by By) ([]CirculationRow, error) {
	sum := map[string]*CirculationRow{}
	for _, s := range b {
		rows, err := s.CirculationCounts(ctx, from, to, by)
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			t := sum[r.Group]
			if t == nil {
				t = &CirculationRow{Group: r.Group}
				sum[r.Group] = t
			}
			t.Loans += r.Loans
			t.Returns += r.Returns
			t.Renewals += r.Renewals
		}
	}
	return sorted(sum, func(r CirculationRow) string { return r.Group }), nil
}

// RatingCounts adds up the books' RatingCounts.
func (b Books) RatingCounts(ctx context.Context, from, to time.Time, by By) ([]RatingRow, error) {
	sum := map[string]*RatingRow{}
	for _, s := range b {
		rows, err := s.RatingCounts(ctx, from, to, by)
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			t := sum[r.Group]
			if t == nil {
				t = &RatingRow{Group: r.Group}
				sum[r.Group] = t
			}
			for i, n := range r.Scores {
				t.Scores[i] += n
			}
		}
	}
	return sorted(sum, func(r RatingRow) string { return r.Group }), nil
}

// VisitorCounts adds up the books' VisitorCounts.
func (b Books) VisitorCounts(ctx context.Context, from, to time.Time) (Visitors, error) {
	sum := map[Field]map[string]*ValueRow{}
	for _, s := range b {
		v, err := s.VisitorCounts(ctx, from, to)
		if err != nil {
			return nil, err
		}
		for f, rows := range v {
			if sum[f] == nil {
				sum[f] = map[string]*ValueRow{}
			}
			for _, r := range rows {
				t := sum[f][r.Value]
				if t == nil {
					t = &ValueRow{Value: r.Value}
					sum[f][r.Value] = t
				}
				t.Members += r.Members
				t.Guests += r.Guests
			}
		}
	}
	out := Visitors{}
	for f, m := range sum {
		rs := make([]ValueRow, 0, len(m))
		for _, r := range m {
			rs = append(rs, *r)
		}
		SortValues(rs)
		out[f] = rs
	}
	return out, nil
}

// SKMProfile adds up the books' SKMProfile.
func (b Books) SKMProfile(ctx context.Context, from, to time.Time) (Profile, error) {
	var p Profile
	for _, s := range b {
		q, err := s.SKMProfile(ctx, from, to)
		if err != nil {
			return Profile{}, err
		}
		p.Add(q)
	}
	return p, nil
}

// Comments are the books' comments together, newest first.
func (b Books) Comments(ctx context.Context, from, to time.Time) ([]Comment, error) {
	var all []Comment
	for _, s := range b {
		cs, err := s.Comments(ctx, from, to)
		if err != nil {
			return nil, err
		}
		all = append(all, cs...)
	}
	SortComments(all)
	return all, nil
}

// SKMResponses are the books' SKM answers together; with none, nil.
func (b Books) SKMResponses(ctx context.Context, from, to time.Time) ([]survey.Response, error) {
	var all []survey.Response
	for _, s := range b {
		answers, err := s.Survey(ctx, from, to)
		if err != nil {
			return nil, err
		}
		for _, a := range answers {
			all = append(all, a.Scores)
		}
	}
	return all, nil
}

func sorted[T any](m map[string]*T, key func(T) string) []T {
	out := make([]T, 0, len(m))
	for _, v := range m {
		out = append(out, *v)
	}
	sort.Slice(out, func(i, j int) bool { return key(out[i]) < key(out[j]) })
	return out
}
