package ui

import (
	"time"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/session"
	"github.com/anjungan/anjungan/kiosk/visitorpass"
)

// wedgeGap is the longest pause between two characters of one
// keyboard-wedge scan: scanners type a code in a few milliseconds a
// character, people a tenth of a second and more.
const wedgeGap = 40 * time.Millisecond

// wedgeRune notes a hardware keyboard's character on a screen where
// typing goes into a text (the guest form, a comment): the characters
// that came in one burst since the last pause may be a scanner's, to be
// told apart at Enter.
func (u *UI) wedgeRune(r rune) {
	now := u.Session.Now()
	if now.Sub(u.typedAt) > wedgeGap {
		u.typed = ""
	}
	u.typedAt = now
	if len(u.typed) < 256 && r >= 0x20 {
		u.typed += string(r)
	}
}

// commenting reports whether a comment (or the survey's age) is being
// typed: a hardware keyboard's keys go into it.
func (u *UI) commenting() bool {
	sv := u.view.Survey
	return u.view.Screen == session.ScreenSurvey && sv != nil && (sv.Step == session.StepComment || sv.Step == session.StepAge)
}

// wedgeScan is the burst typed before Enter when it is a scan — a
// card's or an item's code by the kiosk's patterns, or a visitor pass —
// and not words a person typed.
func (u *UI) wedgeScan() (string, bool) {
	code := u.typed
	u.typed = ""
	switch {
	case code == "":
		return "", false
	case visitorpass.IsPass(code):
		return code, true
	}
	return code, u.Session.Config.Classifier.Classify(code) != kiosk.ScanUnknown
}
