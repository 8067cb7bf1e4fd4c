package session

import (
	"context"
	"strings"

	"github.com/anjungan/anjungan/kiosk"
)

// IntentVisit: a member signs the guest book with their card alone.
const IntentVisit Intent = "visit"

// Guest book message keys.
const (
	KeyVisitCounted = "visit.counted"
	KeyVisitAgain   = "visit.again"
	KeyRated        = "visit.rated"
)

// visit records a member's visit by card — no PIN: being counted needs
// none — and shows the summary with the rating faces.
func (s *Session) visit(ctx context.Context, card string) {
	card = strings.TrimSpace(card)
	if card == "" || s.GuestBook == nil {
		return
	}
	var counted bool
	err := s.call(func() (err error) {
		counted, err = s.GuestBook.RecordVisit(ctx, kiosk.Visit{Card: card, Kiosk: s.Config.Kiosk, At: s.Now()})
		return err
	})
	if err != nil {
		s.Logger.Error("guest book", "err", err)
		s.update(func(v *View) { v.Message = kiosk.Msg(kiosk.LevelError, kiosk.KeyInternal) })
		return
	}
	s.Logger.Info("visit", "counted", counted) // never the card
	s.update(func(v *View) {
		v.Screen, v.Rate, v.Receipt = ScreenFinish, true, nil
		v.Message = kiosk.Msg(kiosk.LevelSuccess, KeyVisitCounted)
		if !counted {
			v.Message = kiosk.Msg(kiosk.LevelInfo, KeyVisitAgain)
		}
		s.finishAt = s.Now().Add(s.Config.FinishDelay)
	})
}

// Rate records a visitor's one-tap rating (1 to 5) from the summary,
// once.
func (s *Session) Rate(ctx context.Context, score int) {
	s.op.Lock()
	defer s.op.Unlock()
	if v := s.View(); v.Screen != ScreenFinish || !v.Rate || s.GuestBook == nil || score < 1 || score > 5 {
		return
	}
	r := kiosk.Rating{At: s.Now(), Kiosk: s.Config.Kiosk, Score: score}
	var id int64
	commenter, suggest := s.GuestBook.(kiosk.RatingCommenter)
	err := s.call(func() (err error) {
		if suggest { // its id, for a comment written next
			id, err = commenter.RecordRatingID(ctx, r)
			return err
		}
		return s.GuestBook.RecordRating(ctx, r)
	})
	if err != nil {
		s.Logger.Error("rating", "err", err)
	}
	s.update(func(v *View) {
		v.Rate, v.Suggest, s.ratingID = false, suggest && id != 0, id
		v.Message = kiosk.Msg(kiosk.LevelSuccess, KeyRated)
		s.finishAt = s.Now().Add(s.Config.FinishDelay)
	})
}
