package session

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/anjungan/anjungan/kiosk"
)

// IntentVisit: a member signs the guest book with their card alone.
const IntentVisit Intent = "visit"

// Guest book message keys.
const (
	KeyVisitCounted = "visit.counted"
	KeyVisitAgain   = "visit.again"
	KeyRated        = "visit.rated"
	// KeyVisitUnknown: a code that is no member's card (offers the
	// guest form).
	KeyVisitUnknown = "visit.unknown"
	// KeyVisitExpired and KeyVisitPending: counted, and to see staff.
	KeyVisitExpired = "visit.expired"
	KeyVisitPending = "visit.pending"
)

// visit records a member's visit by card — no PIN: being counted needs
// none — and shows the summary with the rating faces.
func (s *Session) visit(ctx context.Context, card string) {
	card = strings.TrimSpace(card)
	if card == "" || s.GuestBook == nil {
		return
	}
	notice, ok, away := s.member(ctx, card)
	if !ok { // told on the guest book's screen, with the guest form's button
		s.update(func(v *View) { v.Screen, v.Intent, v.Message = ScreenIdentify, IntentVisit, notice })
		return
	}
	s.memberVisit(ctx, card, notice, away)
}

// memberVisit records the visit of a card member found a member's
// (notice and away as member returned them) and shows the summary; with
// the library away, not a second wait for its visitor counter.
func (s *Session) memberVisit(ctx context.Context, card string, notice kiosk.Message, away bool) {
	if counted, ok := s.signBook(ctx, kiosk.Visit{Card: card, Kiosk: s.Config.Kiosk, At: s.Now()}, !away, notice); ok {
		s.Logger.Info("visit", "counted", counted) // never the card
	}
}

// signBook records v — and in the library system's own visitor counter
// too when library — and shows the summary with notice (an expired
// member's) or the thanks; a fault is told, and the screen stays.
func (s *Session) signBook(ctx context.Context, v kiosk.Visit, library bool, notice kiosk.Message) (counted, ok bool) {
	err := s.call(func() (err error) {
		counted, err = s.recordVisit(ctx, v, library)
		return err
	})
	if err != nil {
		s.Logger.Error("guest book", "err", err)
		s.update(func(v *View) { v.Message = kiosk.Msg(kiosk.LevelError, kiosk.KeyInternal) })
		return false, false
	}
	s.update(func(v *View) {
		v.Screen, v.Intent, v.Rate, v.Receipt, v.Guest, v.Countdown = ScreenFinish, IntentVisit, true, nil, nil, 0
		v.Message = kiosk.Msg(kiosk.LevelSuccess, KeyVisitCounted)
		if !counted {
			v.Message = kiosk.Msg(kiosk.LevelInfo, KeyVisitAgain)
		}
		if !notice.IsZero() { // counted, and to see staff
			v.Message = notice
		}
		s.finishAt = s.Now().Add(s.Config.FinishDelay)
	})
	return counted, true
}

// member tells whether card is a member's, to be counted: not an item's
// barcode, nor a card the library does not know or has blocked. An
// expired or pending member is counted and told to see staff (notice).
// Where the library cannot tell — no library system that checks cards,
// or one out of reach (away) — the kiosk's card patterns decide: a visit
// is not lost to a network fault, nor is any text typed counted.
func (s *Session) member(ctx context.Context, card string) (notice kiosk.Message, ok, away bool) {
	cls := s.Config.Classifier
	kind := cls.Classify(card)
	if kind == kiosk.ScanItem {
		return kiosk.Msg(kiosk.LevelWarning, kiosk.KeyCardNotPatron), false, false
	}
	byPattern := func() (kiosk.Message, bool) {
		if len(cls.Patron) > 0 && kind != kiosk.ScanPatron {
			return kiosk.Msg(kiosk.LevelWarning, KeyVisitUnknown), false
		}
		return kiosk.Message{}, true
	}
	mc, can := s.Circ.(kiosk.MemberChecker)
	if !can {
		notice, ok = byPattern()
		return notice, ok, false
	}
	err := s.call(func() error {
		lctx, cancel := context.WithTimeout(ctx, libraryVisitTimeout)
		defer cancel()
		return mc.CheckMember(lctx, card)
	})
	if err == nil || !errors.Is(err, kiosk.ErrNoMemberCheck) && kiosk.ErrorCode(err) != kiosk.EINTERNAL && kiosk.ErrorCode(err) != kiosk.EUNAVAILABLE {
		s.memberCheckUp()
	}
	switch key := kiosk.ErrorKey(err); {
	case err == nil:
		return kiosk.Message{}, true, false
	case errors.Is(err, kiosk.ErrNoMemberCheck):
		notice, ok = byPattern()
		return notice, ok, false
	case key == kiosk.KeyPatronUnknown:
		return kiosk.Msg(kiosk.LevelWarning, KeyVisitUnknown), false, false
	case key == kiosk.KeyPatronBlocked:
		return kiosk.Msg(kiosk.LevelError, kiosk.KeyPatronBlocked), false, false
	case key == kiosk.KeyPatronExpired:
		return kiosk.Msg(kiosk.LevelWarning, KeyVisitExpired), true, false
	case key == kiosk.KeyPatronPending:
		return kiosk.Msg(kiosk.LevelWarning, KeyVisitPending), true, false
	}
	s.memberCheckDown(err)
	notice, ok = byPattern()
	return notice, ok, true
}

// memberCheckDown logs once that the library stopped telling members'
// cards; memberCheckUp once that it tells them again.
func (s *Session) memberCheckDown(err error) {
	if !s.checkDown {
		s.checkDown = true
		s.Logger.Warn("guest book: the library does not answer whether cards are members'; the card patterns decide until it does", "err", err)
	}
}

func (s *Session) memberCheckUp() {
	if s.checkDown {
		s.checkDown = false
		s.Logger.Info("guest book: the library tells members' cards again")
	}
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
	} else {
		s.countRating()
	}
	s.ratedAt = s.Now()
	s.update(func(v *View) {
		v.Rate, v.Suggest, s.ratingID = false, suggest && id != 0, id
		v.Message = kiosk.Msg(kiosk.LevelSuccess, KeyRated)
		s.finishAt = s.Now().Add(s.Config.FinishDelay)
	})
}

// doubleTap is how soon after a rating a tap on "Tulis saran" — drawn
// where the faces were — is taken for the face tapped twice.
const doubleTap = 800 * time.Millisecond

// libraryVisitTimeout bounds the library system's part of a visit: the
// guest book has the visit already.
const libraryVisitTimeout = 3 * time.Second

// recordVisit signs the guest book and counts the visit for staff; with
// library, and a library system that keeps its own visitor counter
// (SLiMS's visitor_count), the visit goes there too, by that system's
// rules. The library system's failure is logged: the guest book has the
// visit.
func (s *Session) recordVisit(ctx context.Context, v kiosk.Visit, library bool) (bool, error) {
	counted, err := s.GuestBook.RecordVisit(ctx, v)
	if err != nil {
		return false, err
	}
	if counted {
		s.countVisit(!v.Member())
	}
	if r, ok := s.Circ.(kiosk.VisitRecorder); ok && library {
		lctx, cancel := context.WithTimeout(ctx, libraryVisitTimeout)
		recorded, err := r.RecordLibraryVisit(lctx, v)
		cancel()
		if err != nil {
			s.Logger.Warn("visit not recorded in the library system", "err", err)
		} else {
			s.Logger.Debug("library visitor counter", "recorded", recorded)
		}
	}
	return counted, nil
}
