package session

import (
	"context"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/anjungan/anjungan/kiosk"
)

// The guest form: a guest without a card signs the guest book in short
// steps — the name (and origin) typed on the letters keyboard, the
// purpose and each demographic field the library asks as big choices —
// then rates the visit. What is typed lives in the View's GuestView
// only: an idle timeout, Cancel or the end of the visit drops it.

// ScreenGuest is the guest form, one step at a time.
const ScreenGuest Screen = "guest"

// Choice is one answer a choice step offers: the value the guest book
// stores, and the translation key of its label ("" for a library's own
// value, shown as written).
type Choice struct {
	Value string
	Key   string
}

// GuestStep is one step of the guest form.
type GuestStep struct {
	Field    GuestField
	Required bool
	// Text: typed on the keyboard, at most Max characters; else one of
	// Choices.
	Text    bool
	Max     int
	Choices []Choice
	Value   string
}

// GuestView is the guest form's state: its steps with what the guest
// has given so far, and the step shown.
type GuestView struct {
	Steps []GuestStep
	Step  int
}

// Current is the step shown.
func (g *GuestView) Current() GuestStep { return g.Steps[g.Step] }

func (g *GuestView) clone() *GuestView {
	if g == nil {
		return nil
	}
	c := &GuestView{Step: g.Step, Steps: append([]GuestStep(nil), g.Steps...)}
	for i := range c.Steps {
		c.Steps[i].Choices = append([]Choice(nil), c.Steps[i].Choices...)
	}
	return c
}

// KeyGuestField is the message key of a field's problem: "required",
// "invalid" (only punctuation) or "too_long" ({max}).
func KeyGuestField(f GuestField, problem string) string {
	return "guest." + string(f) + "." + problem
}

// KeyGuestLabel is the message key of a field's question ("Nama Anda").
func KeyGuestLabel(f GuestField) string { return "guest.field." + string(f) }

// GuestStart opens the guest form, from the guest book's Kunjungan
// screen (or home).
func (s *Session) GuestStart() {
	s.op.Lock()
	defer s.op.Unlock()
	if s.GuestBook == nil {
		return
	}
	v := s.View()
	if v.Screen == ScreenHome && s.outOfService() {
		return
	}
	if v.Screen != ScreenHome && !(v.Screen == ScreenIdentify && v.Intent == IntentVisit) {
		return
	}
	s.update(func(v *View) {
		if v.Screen == ScreenHome {
			s.begin()
		}
		v.Screen, v.Intent, v.Message = ScreenGuest, IntentVisit, kiosk.Message{}
		v.Guest = &GuestView{Steps: s.Config.GuestForm.steps()}
	})
}

// guestStep changes the current step under the lock when the form is
// showing a step that fn accepts.
func (s *Session) guestStep(fn func(v *View, st *GuestStep)) {
	s.update(func(v *View) {
		if v.Screen != ScreenGuest || v.Guest == nil {
			return
		}
		fn(v, &v.Guest.Steps[v.Guest.Step])
	})
}

// nameSigns are the signs a name or an institution may have besides
// letters, digits and spaces.
const nameSigns = "'.-,/()&"

// GuestType adds a character typed on the keyboard to the current text
// step: letters, digits, one space between words and a few signs; past
// the field's limit it says so and takes nothing.
func (s *Session) GuestType(r rune) {
	s.guestStep(func(v *View, st *GuestStep) {
		if !st.Text {
			return
		}
		ok := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || strings.ContainsRune(nameSigns, r)
		if r == ' ' || r == '\u00a0' {
			r, ok = ' ', st.Value != "" && !strings.HasSuffix(st.Value, " ")
		}
		if !ok {
			return
		}
		if utf8.RuneCountInString(st.Value) >= st.Max {
			v.Message = kiosk.Msg(kiosk.LevelWarning, KeyGuestField(st.Field, "too_long"), "max", strconv.Itoa(st.Max))
			return
		}
		st.Value += string(r)
		v.Message = kiosk.Message{}
	})
}

// GuestUntype takes back what a keyboard-wedge scanner typed into the
// current text step before its Enter showed it was a scan: the end of
// the text that is the code, or its beginning (cut at the field's
// limit).
func (s *Session) GuestUntype(code string) {
	s.guestStep(func(v *View, st *GuestStep) {
		if st.Text {
			st.Value, v.Message = untype(st.Value, code), kiosk.Message{}
		}
	})
}

// untype is text without its longest end that begins code.
func untype(text, code string) string {
	for n := min(len(text), len(code)); n > 0; n-- {
		if strings.HasSuffix(text, code[:n]) {
			return text[:len(text)-n]
		}
	}
	return text
}

// GuestErase removes the last character of the current text step.
func (s *Session) GuestErase() {
	s.guestStep(func(v *View, st *GuestStep) {
		if _, n := utf8.DecodeLastRuneInString(st.Value); st.Text && n > 0 {
			st.Value = st.Value[:len(st.Value)-n]
			v.Message = kiosk.Message{}
		}
	})
}

// GuestClear empties the current text step.
func (s *Session) GuestClear() {
	s.guestStep(func(v *View, st *GuestStep) {
		if st.Text {
			st.Value, v.Message = "", kiosk.Message{}
		}
	})
}

// GuestNext checks the current step and goes on to the next, or signs
// the guest book after the last.
func (s *Session) GuestNext(ctx context.Context) {
	s.op.Lock()
	defer s.op.Unlock()
	s.guestAdvance(ctx, func(v *View, st *GuestStep) bool {
		if m := checkStep(*st); !m.IsZero() {
			v.Message = m
			return false
		}
		st.Value = strings.TrimSpace(st.Value)
		return true
	})
}

// GuestChoose answers the current choice step with its i-th choice and
// goes on.
func (s *Session) GuestChoose(ctx context.Context, i int) {
	s.op.Lock()
	defer s.op.Unlock()
	s.guestAdvance(ctx, func(_ *View, st *GuestStep) bool {
		if st.Text || i < 0 || i >= len(st.Choices) {
			return false
		}
		st.Value = st.Choices[i].Value
		return true
	})
}

// GuestSkip leaves an optional step empty and goes on.
func (s *Session) GuestSkip(ctx context.Context) {
	s.op.Lock()
	defer s.op.Unlock()
	s.guestAdvance(ctx, func(_ *View, st *GuestStep) bool {
		if st.Required {
			return false
		}
		st.Value = ""
		return true
	})
}

// GuestBack goes back a step; from the first, back to the Kunjungan
// screen, and what was typed is dropped.
func (s *Session) GuestBack() {
	s.op.Lock()
	defer s.op.Unlock()
	s.update(func(v *View) {
		if v.Screen != ScreenGuest || v.Guest == nil {
			return
		}
		v.Message = kiosk.Message{}
		if v.Guest.Step > 0 {
			v.Guest.Step--
			return
		}
		v.Screen, v.Guest = ScreenIdentify, nil
	})
}

// guestAdvance runs accept on the current step and, when it accepts,
// shows the next step or, after the last, records the visit.
func (s *Session) guestAdvance(ctx context.Context, accept func(v *View, st *GuestStep) bool) {
	last := false
	var g *GuestView
	s.update(func(v *View) {
		if v.Screen != ScreenGuest || v.Guest == nil || !accept(v, &v.Guest.Steps[v.Guest.Step]) {
			return
		}
		v.Message = kiosk.Message{}
		if v.Guest.Step < len(v.Guest.Steps)-1 {
			v.Guest.Step++
			return
		}
		last, g = true, v.Guest.clone()
	})
	if last {
		s.signGuest(ctx, g)
	}
}

// checkStep returns what is wrong with a step's answer, or nothing.
func checkStep(st GuestStep) kiosk.Message {
	val := strings.TrimSpace(st.Value)
	switch {
	case val == "" && st.Required:
		return kiosk.Msg(kiosk.LevelWarning, KeyGuestField(st.Field, "required"))
	case val == "" || !st.Text:
		return kiosk.Message{}
	case utf8.RuneCountInString(val) > st.Max:
		return kiosk.Msg(kiosk.LevelWarning, KeyGuestField(st.Field, "too_long"), "max", strconv.Itoa(st.Max))
	}
	for _, r := range val {
		// A name needs a letter; an institution a letter or a digit
		// ("SMA Negeri 3"), never only signs.
		if unicode.IsLetter(r) || (st.Field != FieldName && unicode.IsDigit(r)) {
			return kiosk.Message{}
		}
	}
	return kiosk.Msg(kiosk.LevelWarning, KeyGuestField(st.Field, "invalid"))
}

// signGuest records the guest's visit and shows the rating faces.
func (s *Session) signGuest(ctx context.Context, g *GuestView) {
	visit := kiosk.Visit{At: s.Now(), Kiosk: s.Config.Kiosk}
	for _, st := range g.Steps {
		switch st.Field {
		case FieldName:
			visit.Guest.Name = st.Value
		case FieldOrigin:
			visit.Guest.Origin = st.Value
		case FieldPurpose:
			visit.Purpose = st.Value
		case FieldGender:
			visit.Guest.Gender = st.Value
		case FieldAgeGroup:
			visit.Guest.AgeGroup = st.Value
		case FieldEducation:
			visit.Guest.Education = st.Value
		case FieldOccupation:
			visit.Guest.Occupation = st.Value
		}
	}
	// On a fault the form stays, to try again.
	if counted, ok := s.signBook(ctx, visit, true, kiosk.Message{}); ok {
		s.Logger.Info("guest visit", "counted", counted) // never the name
	}
}
