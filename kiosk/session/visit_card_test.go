package session_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/session"
)

// members is a library that tells members' cards without a PIN.
type members struct {
	kiosk.Circulation
	check func(card string) error
	asked int
}

func (m *members) CheckMember(_ context.Context, card string) error {
	m.asked++
	return m.check(card)
}

// TestVisitNeedsAMembersCard: the guest book counts members' cards, not
// whatever is typed or scanned on Kunjungan — a code the card patterns
// refuse, an item's barcode, a card the library does not know or has
// blocked is told and not counted; an expired or pending member is
// counted and told to see staff; a library out of reach does not lose
// the visit.
func TestVisitNeedsAMembersCard(t *testing.T) {
	const (
		expired = "20001000000046"
		blocked = "20001000000053"
		pending = "20001000000061"
		unknown = "20009999999999"
		faulty  = "20001000000079"
	)
	check := func(card string) error {
		switch card {
		case siti.Card:
			return nil
		case expired:
			return kiosk.Errorf(kiosk.EFORBIDDEN, kiosk.KeyPatronExpired)
		case blocked:
			return kiosk.Errorf(kiosk.EFORBIDDEN, kiosk.KeyPatronBlocked)
		case pending:
			return kiosk.Errorf(kiosk.EFORBIDDEN, kiosk.KeyPatronPending)
		case faulty, "9999":
			return errors.New("connection refused")
		case "M0001": // a SLiMS member id: no pattern of the kiosk's
			return nil
		case "none":
			return kiosk.ErrNoMemberCheck
		}
		return kiosk.Errorf(kiosk.ENOTFOUND, kiosk.KeyPatronUnknown)
	}
	for _, c := range []struct {
		name     string
		patterns bool // the kiosk's card patterns (2…, 14 digits)
		checker  bool // the library tells members' cards
		code     string
		counted  bool
		key      string
		asked    bool
	}{
		{"a member", true, true, siti.Card, true, session.KeyVisitCounted, true},
		{"words", true, true, "hello world", false, session.KeyVisitUnknown, true},
		{"digits not a card", true, true, "12345", false, session.KeyVisitUnknown, true},
		{"an item", true, true, laskr.Barcode, false, kiosk.KeyCardNotPatron, false},
		{"unknown card", true, true, unknown, false, session.KeyVisitUnknown, true},
		{"blocked card", true, true, blocked, false, kiosk.KeyPatronBlocked, true},
		{"expired card", true, true, expired, true, session.KeyVisitExpired, true},
		{"pending member", true, true, pending, true, session.KeyVisitPending, true},
		{"a member's card of no pattern", true, true, "M0001", true, session.KeyVisitCounted, true},
		{"library out of reach: a card by the patterns", true, true, faulty, true, session.KeyVisitCounted, true},
		{"library out of reach: no card by the patterns", true, true, "9999", false, session.KeyVisitUnknown, true},
		{"a library that cannot tell: the patterns", true, true, "none", false, session.KeyVisitUnknown, true},
		{"no patterns: the library says", false, true, "hello world", false, session.KeyVisitUnknown, true},
		{"no patterns: a member", false, true, siti.Card, true, session.KeyVisitCounted, true},
		{"patterns alone: a card", true, false, unknown, true, session.KeyVisitCounted, false},
		{"patterns alone: words", true, false, "hello world", false, session.KeyVisitUnknown, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := &members{Circulation: library(), check: check}
			var circ kiosk.Circulation = m.Circulation
			if c.checker {
				circ = m
			}
			s, _ := newSession(t, circ)
			if !c.patterns {
				s.Config.Classifier = kiosk.Classifier{}
			}
			gb := &book{}
			s.GuestBook = gb
			s.Start(session.IntentVisit)
			s.Submit(ctx, c.code)
			v := s.View()
			if got := len(gb.visits) == 1; got != c.counted || v.Message.Key != c.key {
				t.Fatalf("counted %v, message %q on %s; want %v, %q", got, v.Message.Key, v.Screen, c.counted, c.key)
			}
			if want := map[bool]session.Screen{true: session.ScreenFinish, false: session.ScreenIdentify}[c.counted]; v.Screen != want {
				t.Errorf("screen %s, want %s", v.Screen, want)
			}
			if (m.asked > 0) != c.asked {
				t.Errorf("library asked %d times", m.asked)
			}
		})
	}
}

// TestEntranceRefusesUnknownOnHome: at the entrance a code that is no
// member's card, scanned on the home screen, is told on the guest book's
// screen (with the guest form's button), not counted.
func TestEntranceRefusesUnknownOnHome(t *testing.T) {
	m := &members{Circulation: library(), check: func(string) error { return kiosk.Errorf(kiosk.ENOTFOUND, kiosk.KeyPatronUnknown) }}
	s, _ := newSession(t, m)
	gb := &book{}
	s.GuestBook, s.Config.Entrance = gb, true
	scan(s, "20009999999999")
	v := wantScreen(t, s, session.ScreenIdentify)
	if v.Intent != session.IntentVisit || v.Message.Key != session.KeyVisitUnknown || len(gb.visits) != 0 {
		t.Fatalf("view %+v, visits %d", v, len(gb.visits))
	}
}

// TestEntranceNextCard: the next visitor's card is taken whatever the
// last visitor left on screen — their summary, the suggestion box, the
// guest form, the survey — and counted as a new visit.
func TestEntranceNextCard(t *testing.T) {
	const budi = "20001000000020"
	for _, c := range []struct {
		name  string
		leave func(s *session.Session)
	}{
		{"summary", func(*session.Session) {}},
		{"suggestion box", func(s *session.Session) {
			s.Rate(ctx, 4)
			s.Now = func() time.Time { return t0.Add(time.Minute) } // past the double-tap guard
			s.StartSuggestion()
			s.SurveyKey('a')
		}},
		{"guest form", func(s *session.Session) {
			s.Done()
			s.GuestStart()
			s.GuestType('R')
		}},
		{"survey", func(s *session.Session) { s.StartSurvey() }},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, _ := newSession(t, library())
			gb := &commentBook{}
			s.GuestBook, s.Config.Entrance, s.Config.Survey = gb, true, true
			s.Survey = &answers{}
			scan(s, siti.Card)
			wantScreen(t, s, session.ScreenFinish)
			c.leave(s)
			screen := s.View().Screen
			if want := map[string]session.Screen{"summary": session.ScreenFinish, "suggestion box": session.ScreenSurvey,
				"guest form": session.ScreenGuest, "survey": session.ScreenSurvey}[c.name]; screen != want {
				t.Fatalf("left on %s, want %s", screen, want)
			}
			scan(s, budi)
			v := wantScreen(t, s, session.ScreenFinish)
			if len(gb.visits) != 2 || gb.visits[1].Card != budi || v.Message.Key != session.KeyVisitCounted || v.Guest != nil || v.Survey != nil {
				t.Fatalf("from %s: visits %+v, view %+v", screen, gb.visits, v)
			}
		})
	}
}

// TestEmptyCardTold: Lanjut with nothing typed says what to do.
func TestEmptyCardTold(t *testing.T) {
	s, _ := newSession(t, library())
	s.GuestBook = &book{}
	for _, intent := range []session.Intent{session.IntentVisit, session.IntentBorrow} {
		s.Start(intent)
		s.EnterCard(ctx, "  ")
		if v := wantScreen(t, s, session.ScreenIdentify); v.Message.Key != session.KeyCardEmpty {
			t.Fatalf("%s: message %q", intent, v.Message.Key)
		}
		s.Cancel()
	}
}

// TestVisitLibraryAway: with the library out of reach a member's visit
// is counted by the patterns, with no second wait for the library's
// visitor counter, and the outage is logged once, its end once.
func TestVisitLibraryAway(t *testing.T) {
	down := true
	m := &members{check: func(string) error {
		if down {
			return kiosk.Errorf(kiosk.EUNAVAILABLE, kiosk.KeyInternal)
		}
		return nil
	}}
	rec := &visitRecorder{members: m}
	m.Circulation = library()
	s, _ := newSession(t, rec)
	var logs bytes.Buffer
	s.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	gb := &book{}
	s.GuestBook = gb
	for _, card := range []string{siti.Card, "20001000000020", "20001000000038"} {
		s.Start(session.IntentVisit)
		scan(s, card)
		wantScreen(t, s, session.ScreenFinish)
		s.Done()
	}
	if len(gb.visits) != 3 || rec.recorded != 0 {
		t.Fatalf("visits %d, sent to the library %d", len(gb.visits), rec.recorded)
	}
	down = false
	s.Start(session.IntentVisit)
	scan(s, "20001000000046")
	if rec.recorded != 1 {
		t.Fatalf("the library back: sent %d", rec.recorded)
	}
	if n := strings.Count(logs.String(), "level=WARN"); n != 1 || strings.Count(logs.String(), "tells members' cards again") != 1 {
		t.Fatalf("%d warnings:\n%s", n, logs.String())
	}
}

// visitRecorder is a library with its own visitor counter.
type visitRecorder struct {
	*members
	recorded int
}

func (r *visitRecorder) RecordLibraryVisit(context.Context, kiosk.Visit) (bool, error) {
	r.recorded++
	return true, nil
}

// TestNextCardElsewhere: a borrower's summary keeps its receipt for its
// own patron — a card scanned there is not taken — and on a kiosk that
// is not at the entrance the next card after a visit's summary starts
// what a card on the home screen starts (borrowing), not another visit.
func TestNextCardElsewhere(t *testing.T) {
	s, _ := newSession(t, library())
	gb := &book{}
	s.GuestBook = gb
	login(s, session.IntentBorrow)
	scan(s, laskr.Barcode)
	s.Finish(ctx)
	v := wantScreen(t, s, session.ScreenFinish)
	if v.Receipt == nil {
		t.Fatal("no receipt on the summary")
	}
	scan(s, "20001000000020")
	if v := wantScreen(t, s, session.ScreenFinish); v.Receipt == nil || v.Message.Key != session.KeyScanIgnored {
		t.Fatalf("a borrower's summary after another card: %+v", v.Message)
	}
	s.Done()
	s.Start(session.IntentVisit)
	scan(s, siti.Card)
	wantScreen(t, s, session.ScreenFinish)
	scan(s, "20001000000020")
	wantScreen(t, s, session.ScreenPIN)
	if len(gb.visits) != 1 {
		t.Fatalf("visits %+v", gb.visits)
	}
}

// TestNextVisitorKeepsAnswersOnJunk: a code that is no member's card,
// scanned over the last visitor's survey or guest form, leaves it as it
// was — answers, typed name and all — and says so (a patron's finding:
// "12345" threw a half-done survey away); a card of the library's still
// starts the next visit.
func TestNextVisitorKeepsAnswersOnJunk(t *testing.T) {
	m := &members{Circulation: library(), check: func(card string) error {
		if card == siti.Card {
			return nil
		}
		return kiosk.Errorf(kiosk.ENOTFOUND, kiosk.KeyPatronUnknown)
	}}
	s, _ := newSession(t, m)
	gb := &book{}
	s.GuestBook, s.Config.Entrance, s.Config.Survey, s.Survey = gb, true, true, &answers{}
	s.StartSurvey()
	s.SurveyChoose("P")
	scan(s, "20009999999999") // a card by the patterns the library does not know
	v := wantScreen(t, s, session.ScreenSurvey)
	if v.Survey.Respondent.Gender != "P" || v.Message.Key != kiosk.KeyPatronUnknown || len(gb.visits) != 0 {
		t.Fatalf("the survey after an unknown card: %+v, %q", v.Survey, v.Message.Key)
	}
	s.Cancel()
	s.GuestStart()
	s.GuestType('R')
	scan(s, "20009999999999")
	v = wantScreen(t, s, session.ScreenGuest)
	if v.Guest.Current().Value != "R" || v.Message.Key != kiosk.KeyPatronUnknown {
		t.Fatalf("the form after an unknown card: %+v, %q", v.Guest.Current(), v.Message.Key)
	}
	scan(s, siti.Card)
	if v := wantScreen(t, s, session.ScreenFinish); v.Guest != nil || len(gb.visits) != 1 {
		t.Fatalf("a member's card over the form: %+v, visits %d", v, len(gb.visits))
	}
	// A kiosk that is not at the entrance: a card-shaped code the library
	// does not know over a half-done survey keeps it too (a patron's
	// finding: the PIN screen came, the answers went); a member's card
	// starts their borrowing.
	s.Done()
	s.Config.Entrance = false
	s.StartSurvey()
	s.SurveyChoose("L")
	scan(s, "20009999999999")
	if v := wantScreen(t, s, session.ScreenSurvey); v.Survey.Respondent.Gender != "L" || v.Message.Key != kiosk.KeyPatronUnknown {
		t.Fatalf("the survey after an unknown card: %+v, %q", v.Survey, v.Message.Key)
	}
	scan(s, siti.Card)
	wantScreen(t, s, session.ScreenPIN)
	// An event's pass over the survey is the next visitor's there too.
	s.Passes = passSigner
	s.Cancel()
	s.StartSurvey()
	scan(s, pass(t, passSigner, "uji", 9, t0.Add(48*time.Hour)))
	if v := wantScreen(t, s, session.ScreenFinish); v.Survey != nil || len(gb.visits) != 2 {
		t.Fatalf("a pass over the survey: %+v, visits %d", v, len(gb.visits))
	}
}

// TestPassOverSurvey: at the entrance the next visitor's event pass is
// taken over the last visitor's survey (a patron's finding: refused,
// "finish first"), and nothing of the last visitor stays on the summary.
func TestPassOverSurvey(t *testing.T) {
	s, clock := newSession(t, library())
	gb := &commentBook{}
	s.GuestBook, s.Config.Entrance, s.Config.Survey, s.Survey, s.Passes = gb, true, true, &answers{}, passSigner
	scan(s, siti.Card)
	s.Rate(ctx, 4)
	clock.Advance(time.Second)
	if !s.View().Suggest {
		t.Fatal("no suggestion offered")
	}
	scan(s, pass(t, passSigner, "uji", 6, t0.Add(48*time.Hour))) // over the last visitor's summary
	if v := wantScreen(t, s, session.ScreenFinish); v.Suggest || !v.Rate || len(gb.visits) != 2 {
		t.Fatalf("the last visitor's comment offered to the next: %+v", v)
	}
	s.StartSurvey()
	s.SurveyChoose("L")
	scan(s, pass(t, passSigner, "uji", 7, t0.Add(48*time.Hour)))
	v := wantScreen(t, s, session.ScreenFinish)
	if len(gb.visits) != 3 || gb.visits[2].Pass == "" || v.Survey != nil || v.Suggest || !v.Rate {
		t.Fatalf("after the pass: visits %+v, view %+v", gb.visits, v)
	}
}
