package session

import (
	"context"

	"github.com/anjungan/anjungan/booking"
	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/visitorpass"
)

// Scan handles a code from a scanner or the keyboard, by screen.
func (s *Session) Scan(ctx context.Context, sc kiosk.Scan) {
	s.op.Lock()
	defer s.op.Unlock()
	code := sc.Code
	s.countScan()
	if booking.IsToken(code) {
		if s.outOfService() && s.screen() == ScreenHome {
			return
		}
		switch s.screen() {
		case ScreenHome, ScreenMakerspace, ScreenSlots, ScreenBooked, ScreenCheckin, ScreenFinish:
			s.checkinBooking(ctx, code)
		default:
			s.update(func(v *View) { v.Message = kiosk.Msg(kiosk.LevelInfo, KeyFinishFirst) })
		}
		return
	}
	if visitorpass.IsPass(code) {
		s.scanPass(ctx, code)
		return
	}
	kind := s.Config.Classifier.Classify(code)
	switch screen := s.screen(); screen {
	case ScreenHome:
		if s.outOfService() {
			return
		}
		switch kind {
		case kiosk.ScanItem:
			s.update(func(v *View) { v.Message = kiosk.Msg(kiosk.LevelInfo, KeyChooseFirst) })
		default: // a card, or unknown: treat as a card and borrow
			intent := IntentBorrow
			if s.Config.Entrance && s.GuestBook != nil {
				intent = IntentVisit // an entrance kiosk: the card signs the guest book
			}
			s.update(func(v *View) { s.begin(); v.Intent = intent })
			s.identify(ctx, code)
		}
	case ScreenFinish, ScreenGuest, ScreenSurvey, ScreenSurveyThanks:
		if kind == kiosk.ScanItem || !s.nextVisitor(screen) {
			s.update(func(v *View) { v.Message = kiosk.Msg(kiosk.LevelInfo, KeyScanIgnored) })
			return
		}
		s.nextVisitorCard(ctx, screen, kind, code)
	case ScreenIdentify:
		if kind == kiosk.ScanItem {
			s.update(func(v *View) { v.Message = kiosk.Msg(kiosk.LevelWarning, kiosk.KeyCardNotPatron) })
			return
		}
		s.identify(ctx, code)
	case ScreenPIN:
		if kind == kiosk.ScanPatron && code != s.credentials().Card {
			s.switchPatron(ctx, code)
			return
		}
		s.update(func(v *View) { v.Message = kiosk.Msg(kiosk.LevelInfo, KeyEnterPINFirst) })
	case ScreenBorrow, ScreenReturn, ScreenAccount:
		switch {
		case kind == kiosk.ScanPatron && code != s.credentials().Card:
			s.switchPatron(ctx, code)
		case kind == kiosk.ScanPatron:
			s.update(func(v *View) { v.Message = kiosk.Msg(kiosk.LevelWarning, kiosk.KeyScanNotItem) })
		case screen == ScreenAccount:
			s.update(func(v *View) { v.Message = kiosk.Msg(kiosk.LevelInfo, KeyScanIgnored) })
		case screen == ScreenBorrow:
			s.borrow(ctx, code)
		default:
			s.checkin(ctx, code)
		}
	default:
		s.update(func(v *View) { v.Message = kiosk.Msg(kiosk.LevelInfo, KeyScanIgnored) })
	}
}

// nextVisitor reports whether a card scanned on screen starts the next
// visitor's visit: on the guest book's screens (its form, the survey, a
// visit's summary), not on a borrower's summary, whose receipt stays on
// screen for its own patron until they close it or it times out.
func (s *Session) nextVisitor(screen Screen) bool {
	if s.GuestBook == nil {
		return false
	}
	v := s.View()
	switch screen {
	case ScreenFinish:
		return v.Intent == IntentVisit && v.Receipt == nil
	case ScreenSurvey:
		return v.Survey != nil
	}
	return true
}

// nextVisitorCard takes a card scanned over the last visitor's guest-book
// summary, form or survey: they walked away and the next one scans their
// card — a new visit, as from home (the guest form's guest has a card
// after all: a member's visit); what was not sent is dropped. A code
// that is no member's card leaves the last visitor's screen as it was,
// answers and all.
func (s *Session) nextVisitorCard(ctx context.Context, screen Screen, kind kiosk.ScanKind, code string) {
	// Here the guest form's button is not on screen: an unknown card is
	// told as such.
	refuse := func(notice kiosk.Message) {
		if notice.Key == KeyVisitUnknown {
			notice = kiosk.Msg(kiosk.LevelWarning, kiosk.KeyPatronUnknown)
		}
		s.update(func(v *View) { v.Message = notice })
	}
	if s.Config.Entrance || screen == ScreenGuest {
		notice, ok, away := s.member(ctx, code)
		if !ok {
			refuse(notice)
			return
		}
		s.anotherCard(IntentVisit)
		s.memberVisit(ctx, code, notice, away)
		return
	}
	if len(s.Config.Classifier.Patron) > 0 && kind != kiosk.ScanPatron {
		s.update(func(v *View) { v.Message = kiosk.Msg(kiosk.LevelInfo, KeyScanIgnored) })
		return
	}
	if _, can := s.Circ.(kiosk.MemberChecker); can && screen != ScreenFinish {
		// Over a half-done survey or form: only a card the library knows
		// ends it (a stray code would throw the answers away).
		if notice, ok, _ := s.member(ctx, code); !ok {
			refuse(notice)
			return
		}
	}
	s.anotherCard(IntentBorrow)
	s.identify(ctx, code)
}

// anotherCard ends the visit under way for another patron's card and
// begins theirs for intent; the library system hears that the last
// session ended.
func (s *Session) anotherCard(intent Intent) {
	prev := s.credentials()
	s.update(func(v *View) { s.begin(); v.Intent = intent })
	s.Logger.Info("visit ended", "reason", "another card")
	s.endSession(prev)
}

// switchPatron ends the visit under way when another patron's card is
// scanned (the last patron walked away without finishing) and starts the
// new patron's: nothing is ever lent onto the previous patron's card. The
// previous visit's receipt is printed when there is a printer; the
// library system hears that the previous session ended.
func (s *Session) switchPatron(ctx context.Context, card string) {
	if r := s.receipt(s.View()); r != nil && s.Printer != nil {
		if err := s.call(func() error { return s.Printer.Print(ctx, *r) }); err != nil {
			s.Logger.Warn("receipt of the previous visit not printed", "err", err)
		}
	}
	s.anotherCard(IntentBorrow)
	s.identify(ctx, card)
}

// Submit handles a code typed on screen: the same as a scan.
func (s *Session) Submit(ctx context.Context, code string) {
	s.Scan(ctx, kiosk.Scan{Source: "keyboard", Code: code, At: s.Now()})
}
