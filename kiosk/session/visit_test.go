package session_test

import (
	"context"
	"testing"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/session"
)

// book is a guest book in memory.
type book struct {
	visits  []kiosk.Visit
	ratings []kiosk.Rating
	seen    map[string]bool
}

func (b *book) RecordVisit(_ context.Context, v kiosk.Visit) (bool, error) {
	if b.seen == nil {
		b.seen = map[string]bool{}
	}
	key := v.Card + "|" + v.Pass + "|" + v.Guest.Name // once a day each
	if b.seen[key] {
		return false, nil
	}
	b.seen[key] = true
	b.visits = append(b.visits, v)
	return true, nil
}

func (b *book) RecordRating(_ context.Context, r kiosk.Rating) error {
	b.ratings = append(b.ratings, r)
	return nil
}

// TestMemberVisit: Kunjungan, the card — no PIN (a library that cannot
// tell members' cards: the patterns decide) — the visit counted once,
// then a one-tap rating, once.
func TestMemberVisit(t *testing.T) {
	lib := library()
	s, _ := newSession(t, lib)
	gb := &book{}
	s.GuestBook = gb
	s.Start(session.IntentVisit)
	wantScreen(t, s, session.ScreenIdentify)
	scan(s, siti.Card)
	v := wantScreen(t, s, session.ScreenFinish)
	if !v.Rate || v.Message.Key != session.KeyVisitCounted || len(gb.visits) != 1 || gb.visits[0].Card != siti.Card {
		t.Fatalf("visit: %+v, book %+v", v, gb.visits)
	}
	if lib.Calls("Authenticate") != 0 {
		t.Fatal("a visit asked the library for a PIN")
	}
	s.Rate(ctx, 9)
	s.Rate(ctx, 4)
	s.Rate(ctx, 5)
	if len(gb.ratings) != 1 || gb.ratings[0].Score != 4 || s.View().Rate || s.View().Message.Key != session.KeyRated {
		t.Fatalf("ratings %+v, view %+v", gb.ratings, s.View())
	}
	s.Done()
	s.Start(session.IntentVisit)
	scan(s, siti.Card)
	if v := s.View(); v.Message.Key != session.KeyVisitAgain || len(gb.visits) != 1 {
		t.Fatalf("a second visit the same day: %+v", v.Message)
	}
}

// TestEntranceKiosk: at the entrance a card scanned on the home screen
// signs the guest book; elsewhere it starts borrowing.
func TestEntranceKiosk(t *testing.T) {
	for _, entrance := range []bool{true, false} {
		s, _ := newSession(t, library())
		gb := &book{}
		s.GuestBook, s.Config.Entrance = gb, entrance
		scan(s, siti.Card)
		if got := len(gb.visits) == 1; got != entrance {
			t.Fatalf("entrance %v: visits %d, screen %s", entrance, len(gb.visits), s.View().Screen)
		}
		if !entrance {
			wantScreen(t, s, session.ScreenPIN)
		}
	}
}
