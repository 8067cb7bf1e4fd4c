package session

import (
	"context"
	"strconv"
	"strings"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/survey"
)

// Survey message keys.
const (
	KeySurveyThanks = "skm.thanks"
	KeySurveyEmpty  = "skm.empty"
	KeyAgeInvalid   = "skm.age_invalid"
	KeyCommentFull  = "skm.comment_full"
	KeySuggested    = "visit.suggested"
)

// maxAgeDigits is the most digits the age takes.
const maxAgeDigits = 3

// StartSurvey begins the SKM: from the home screen where the kiosk offers
// it there (Config.Survey), or from the summary after a visit. Nothing of
// the visit stays on screen.
func (s *Session) StartSurvey() {
	s.op.Lock()
	defer s.op.Unlock()
	if s.Survey == nil {
		return
	}
	switch s.screen() {
	case ScreenHome:
		if s.outOfService() || !s.Config.Survey {
			return
		}
	case ScreenFinish:
	default:
		return
	}
	s.update(func(v *View) {
		s.begin()
		v.Screen, v.Survey = ScreenSurvey, &SurveyView{}
	})
}

// StartSuggestion opens the keyboard for a comment (kotak saran) on the
// rating just given.
func (s *Session) StartSuggestion() {
	s.op.Lock()
	defer s.op.Unlock()
	s.update(func(v *View) {
		if v.Screen != ScreenFinish || !v.Suggest || s.ratingID == 0 || s.Now().Sub(s.ratedAt) < doubleTap {
			return // a face tapped twice is one rating, not a comment begun
		}
		v.Screen, v.Message = ScreenSurvey, kiosk.Message{}
		v.Survey = &SurveyView{Step: StepComment, Rating: true}
	})
}

// surveyStep changes the survey under way, if one is.
func (s *Session) surveyStep(fn func(v *View, sv *SurveyView)) {
	s.update(func(v *View) {
		if v.Screen != ScreenSurvey || v.Survey == nil {
			return
		}
		v.Message = kiosk.Message{}
		fn(v, v.Survey)
	})
}

// SurveyChoose answers the profile question on screen with one of its
// answers' codes, and moves on.
func (s *Session) SurveyChoose(code string) {
	s.surveyStep(func(_ *View, sv *SurveyView) {
		if survey.Has(sv.Options(), code) {
			sv.setChosen(code)
			sv.next()
		}
	})
}

// SurveyAnswer answers the element on screen with a score of 1 to 4 (the
// regulation's answers a to d), and moves on.
func (s *Session) SurveyAnswer(score int) {
	s.surveyStep(func(_ *View, sv *SurveyView) {
		if sv.Step == StepElement && score >= 1 && score <= 4 {
			sv.Scores[sv.Element] = score
			sv.next()
		}
	})
}

// SurveySkip leaves the question on screen unanswered (clearing an
// answer given before) and moves on.
func (s *Session) SurveySkip() {
	s.surveyStep(func(_ *View, sv *SurveyView) {
		switch sv.Step {
		case StepComment:
			return // the comment is sent, empty or not
		case StepAge:
			sv.Age, sv.Respondent.Age = "", 0
		case StepElement:
			sv.Scores[sv.Element] = 0
		default:
			sv.setChosen("")
		}
		sv.next()
	})
}

// SurveyNext takes the age typed and moves on; an age out of 1 to 120
// is said, and stays to be corrected. On a question answered before
// Back it moves on with that answer.
func (s *Session) SurveyNext() {
	s.surveyStep(func(v *View, sv *SurveyView) {
		if sv.Step != StepAge {
			if sv.Answered() {
				sv.next()
			}
			return
		}
		age, err := survey.ParseAge(sv.Age)
		if err != nil {
			v.Message = kiosk.Msg(kiosk.LevelWarning, KeyAgeInvalid)
			return
		}
		sv.Respondent.Age = age
		sv.next()
	})
}

// SurveyUntype takes back what a keyboard-wedge scanner typed into the
// comment before its Enter showed it was a scan (see GuestUntype).
func (s *Session) SurveyUntype(code string) {
	s.surveyStep(func(_ *View, sv *SurveyView) {
		if sv.Step == StepComment {
			sv.Comment = untype(sv.Comment, code)
		}
	})
}

// SurveyKey types a character: a digit of the age, or a character of the
// comment (printable ASCII, space included), up to MaxComment.
func (s *Session) SurveyKey(c byte) {
	s.surveyStep(func(v *View, sv *SurveyView) {
		switch {
		case sv.Step == StepAge && c >= '0' && c <= '9' && len(sv.Age) < maxAgeDigits:
			sv.Age += string(c)
		case sv.Step == StepComment && c >= ' ' && c <= '~':
			if len(sv.Comment) >= MaxComment {
				v.Message = kiosk.Msg(kiosk.LevelWarning, KeyCommentFull, "max", strconv.Itoa(MaxComment))
				return
			}
			if c == ' ' && (sv.Comment == "" || strings.HasSuffix(sv.Comment, " ")) {
				return // no leading or double spaces
			}
			sv.Comment += string(c)
		}
	})
}

// SurveyBackspace removes the last character typed.
func (s *Session) SurveyBackspace() {
	s.surveyStep(func(_ *View, sv *SurveyView) {
		switch {
		case sv.Step == StepAge && sv.Age != "":
			sv.Age = sv.Age[:len(sv.Age)-1]
		case sv.Step == StepComment && sv.Comment != "":
			sv.Comment = sv.Comment[:len(sv.Comment)-1]
		}
	})
}

// SurveyClear removes everything typed on the step.
func (s *Session) SurveyClear() {
	s.surveyStep(func(_ *View, sv *SurveyView) {
		switch sv.Step {
		case StepAge:
			sv.Age = ""
		case StepComment:
			sv.Comment = ""
		}
	})
}

// SurveyBack goes back a question; from the first it leaves the survey
// (nothing is kept) for home, or from a rating's comment back to the
// summary.
func (s *Session) SurveyBack() {
	s.op.Lock()
	defer s.op.Unlock()
	left := false
	s.surveyStep(func(v *View, sv *SurveyView) {
		if sv.back() {
			return
		}
		if sv.Rating {
			v.Screen, v.Survey = ScreenFinish, nil
			s.finishAt = s.Now().Add(s.Config.FinishDelay)
			return
		}
		s.reset()
		left = true
	})
	if left {
		s.Logger.Info("survey left")
	}
}

// SurveySubmit sends the survey from its comment step: the SKM is
// recorded (none of its elements answered, nothing is), or the comment
// is kept with the rating it follows. The comment's text is never
// logged.
func (s *Session) SurveySubmit(ctx context.Context) {
	s.op.Lock()
	defer s.op.Unlock()
	v := s.View()
	sv := v.Survey
	if v.Screen != ScreenSurvey || sv == nil || sv.Step != StepComment {
		return
	}
	comment := strings.TrimSpace(sv.Comment)
	if sv.Rating {
		s.suggest(ctx, comment)
		return
	}
	a := survey.Answer{At: s.Now(), Kiosk: s.Config.Kiosk, Scores: sv.Scores, Respondent: sv.Respondent, Comment: comment}
	answered := 0
	for _, sc := range a.Scores {
		if sc > 0 {
			answered++
		}
	}
	key := KeySurveyEmpty
	if answered > 0 {
		if err := s.call(func() error { return s.Survey.RecordSurvey(ctx, a) }); err != nil {
			s.Logger.Error("survey", "err", err)
			s.update(func(v *View) { v.Message = kiosk.Msg(kiosk.LevelError, kiosk.KeyInternal) })
			return
		}
		key = KeySurveyThanks
	}
	s.Logger.Info("survey", "answered", answered, "recorded", answered > 0, "comment", comment != "")
	s.update(func(v *View) {
		v.Screen, v.Survey = ScreenSurveyThanks, nil
		v.Message = kiosk.Msg(kiosk.LevelSuccess, key)
		if answered == 0 {
			v.Message.Level = kiosk.LevelInfo
		}
		s.finishAt = s.Now().Add(s.Config.FinishDelay)
	})
}

// suggest keeps comment with the rating just given and goes back to the
// summary, which thanks for it.
func (s *Session) suggest(ctx context.Context, comment string) {
	c, ok := s.GuestBook.(kiosk.RatingCommenter)
	s.mu.Lock()
	id := s.ratingID
	s.mu.Unlock()
	if comment != "" && ok && id != 0 {
		if err := s.call(func() error { return c.CommentRating(ctx, id, comment) }); err != nil {
			s.Logger.Error("rating comment", "err", err)
			s.update(func(v *View) { v.Message = kiosk.Msg(kiosk.LevelError, kiosk.KeyInternal) })
			return
		}
		s.Logger.Info("rating comment recorded") // never its text
	}
	s.update(func(v *View) {
		v.Screen, v.Survey, v.Suggest = ScreenFinish, nil, false
		v.Message = kiosk.Msg(kiosk.LevelSuccess, KeyRated)
		if comment != "" {
			v.Message = kiosk.Msg(kiosk.LevelSuccess, KeySuggested)
		}
		s.finishAt = s.Now().Add(s.Config.FinishDelay)
	})
}
