package guestbooktest

import (
	"context"
	"time"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/guestbook"
)

// Write puts the year's events of one kiosk (all kiosks' for "") into
// the guest book file at path, creating it, in one transaction (the
// store's Load).
func Write(ctx context.Context, path string, loc *time.Location, y Year, kioskID string) error {
	s := &guestbook.Store{Path: path, Location: loc}
	if err := s.Open(ctx); err != nil {
		return err
	}
	defer s.Close()
	return s.Load(ctx, mine(y.Visits, kioskID, func(v kiosk.Visit) string { return v.Kiosk }),
		mine(y.Ratings, kioskID, func(r kiosk.Rating) string { return r.Kiosk }),
		mine(y.Tallies, kioskID, func(t kiosk.Tally) string { return t.Kiosk }),
		mine(y.Answers, kioskID, func(a guestbook.SurveyAnswer) string { return a.Kiosk }))
}

// mine is the rows of kioskID (all for "").
func mine[T any](rows []T, kioskID string, kioskOf func(T) string) []T {
	if kioskID == "" {
		return rows
	}
	var out []T
	for _, r := range rows {
		if kioskOf(r) == kioskID {
			out = append(out, r)
		}
	}
	return out
}
