package session

import (
	"context"

	"github.com/anjungan/anjungan/kiosk"
)

// Visitor pass message keys.
const (
	// KeyPassVisitFirst: a pass scanned on the home screen of a kiosk
	// that is not at the entrance.
	KeyPassVisitFirst = "pass.visit_first"
	// KeyPassFinishFirst: a pass scanned in the middle of another visit.
	KeyPassFinishFirst = "pass.finish_first"
)

// scanPass signs the guest book for an event's visitor pass: on the
// home screen of an entrance kiosk, on the guest book's screens, or on
// the thanks of the visit before (guests of an event queue). A pass
// counts once a library day; a forged, expired or other site's pass is
// refused with its reason.
func (s *Session) scanPass(ctx context.Context, code string) {
	if s.GuestBook == nil {
		s.update(func(v *View) { v.Message = kiosk.Msg(kiosk.LevelInfo, KeyScanIgnored) })
		return
	}
	v := s.View()
	switch {
	case v.Screen == ScreenHome && s.outOfService():
		return
	case v.Screen == ScreenHome && !s.Config.Entrance:
		s.update(func(v *View) { v.Message = kiosk.Msg(kiosk.LevelInfo, KeyPassVisitFirst) })
		return
	case v.Screen == ScreenHome:
	case v.Intent == IntentVisit && (v.Screen == ScreenIdentify || v.Screen == ScreenGuest || v.Screen == ScreenFinish):
	case (v.Screen == ScreenSurvey || v.Screen == ScreenSurveyThanks) && s.nextVisitor(v.Screen):
		// the next visitor's pass over the last one's survey
	default:
		s.update(func(v *View) { v.Message = kiosk.Msg(kiosk.LevelInfo, KeyPassFinishFirst) })
		return
	}
	p, err := s.Passes.Verify(code, s.Now())
	if err != nil {
		s.Logger.Info("visitor pass refused", "reason", kiosk.ErrorKey(err))
		s.update(func(v *View) { v.Message = kiosk.ErrorMessage(err) })
		return
	}
	// A new visitor: nothing of the last one's form, survey or rating
	// stays (their comment box would take this visitor's words).
	s.update(func(v *View) { s.begin(); v.Intent = IntentVisit })
	visit := kiosk.Visit{At: s.Now(), Kiosk: s.Config.Kiosk, Pass: p.ID(), Guest: kiosk.Guest{Origin: p.Event}, Purpose: PurposeEvent}
	if counted, ok := s.signBook(ctx, visit, true, kiosk.Message{}); ok {
		s.Logger.Info("visitor pass", "counted", counted, "number", p.Number)
	}
}
