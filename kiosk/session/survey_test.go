package session_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/anjungan/anjungan/assets"
	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/mock"
	"github.com/anjungan/anjungan/kiosk/session"
	"github.com/anjungan/anjungan/kiosk/survey"
)

// answers is an SKM recorder in memory.
type answers struct {
	got  []survey.Answer
	fail error
}

func (a *answers) RecordSurvey(_ context.Context, x survey.Answer) error {
	if a.fail != nil {
		return a.fail
	}
	a.got = append(a.got, x)
	return nil
}

// commentBook is a guest book that keeps comments with ratings.
type commentBook struct {
	book
	comments map[int64]string
}

func (b *commentBook) RecordRatingID(ctx context.Context, r kiosk.Rating) (int64, error) {
	if err := b.RecordRating(ctx, r); err != nil {
		return 0, err
	}
	return int64(len(b.ratings)), nil
}

func (b *commentBook) CommentRating(_ context.Context, id int64, c string) error {
	if b.comments == nil {
		b.comments = map[int64]string{}
	}
	b.comments[id] = c
	return nil
}

// surveySession is a kiosk offering the SKM on its home screen, its log
// in logs.
func surveySession(t *testing.T) (*session.Session, *answers, *bytes.Buffer, *mock.Clock) {
	t.Helper()
	s, clock := newSession(t, library())
	rec := &answers{}
	logs := &bytes.Buffer{}
	s.Survey, s.Config.Survey = rec, true
	s.Logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	return s, rec, logs, clock
}

func typeText(s *session.Session, text string) {
	for i := 0; i < len(text); i++ {
		s.SurveyKey(text[i])
	}
}

// answerAll answers the nine elements with scores (0: skipped).
func answerAll(s *session.Session, scores survey.Response) {
	for _, sc := range scores {
		if sc == 0 {
			s.SurveySkip()
		} else {
			s.SurveyAnswer(sc)
		}
	}
}

// TestSurveyFlows takes the SKM at the kiosk and checks the answer
// recorded: the profile as the questionnaire asks it, each question
// optional; the nine elements in the questionnaire's order, one a
// screen, skipped ones 0; Back changes an earlier answer; the comment.
func TestSurveyFlows(t *testing.T) {
	for _, c := range []struct {
		name string
		take func(s *session.Session)
		want survey.Answer
	}{
		{"everything answered", func(s *session.Session) {
			s.SurveyChoose("P")
			typeText(s, "34")
			s.SurveyNext()
			s.SurveyChoose("S1")
			s.SurveyChoose("PNS")
			s.SurveyChoose("sirkulasi")
			answerAll(s, survey.Response{4, 3, 4, 4, 3, 4, 4, 2, 1})
			typeText(s, "Tambah buku anak, ya!")
		}, survey.Answer{Scores: survey.Response{4, 3, 4, 4, 3, 4, 4, 2, 1},
			Respondent: survey.Respondent{Gender: "P", Age: 34, Education: "S1", Occupation: "PNS", Service: "sirkulasi"},
			Comment:    "Tambah buku anak, ya!"}},
		{"profile and some elements skipped", func(s *session.Session) {
			for range session.ProfileSteps {
				s.SurveySkip()
			}
			answerAll(s, survey.Response{0, 3, 0, 4, 0, 0, 2, 0, 3})
		}, survey.Answer{Scores: survey.Response{0, 3, 0, 4, 0, 0, 2, 0, 3}}},
		{"an age typed, then skipped", func(s *session.Session) {
			s.SurveyChoose("L")
			typeText(s, "71")
			s.SurveySkip()
			s.SurveySkip()
			s.SurveyChoose("LAINNYA")
			s.SurveySkip()
			answerAll(s, survey.Response{2, 2, 2, 2, 2, 2, 2, 2, 2})
		}, survey.Answer{Scores: survey.Response{2, 2, 2, 2, 2, 2, 2, 2, 2}, Respondent: survey.Respondent{Gender: "L", Occupation: "LAINNYA"}}},
		{"back to change answers", func(s *session.Session) {
			s.SurveyChoose("L")
			s.SurveyBack() // to the sex again
			s.SurveyChoose("P")
			for range session.ProfileSteps - 1 {
				s.SurveySkip()
			}
			s.SurveyAnswer(1)
			s.SurveyAnswer(2)
			s.SurveyBack()
			s.SurveyBack()
			s.SurveyAnswer(4) // U1 again
			s.SurveySkip()    // U2's 2 taken back
			answerAll(s, survey.Response{3, 3, 3, 3, 3, 3, 3})
			s.SurveyBack() // from the comment to U9
			s.SurveyAnswer(1)
		}, survey.Answer{Scores: survey.Response{4, 0, 3, 3, 3, 3, 3, 3, 1}, Respondent: survey.Respondent{Gender: "P"}}},
		{"back, then on with the answers given", func(s *session.Session) {
			s.SurveyNext() // nothing answered: Next does not skip
			s.SurveyChoose("L")
			typeText(s, "40")
			s.SurveyNext()
			s.SurveyChoose("SMA")
			s.SurveyBack()
			s.SurveyBack()
			s.SurveyBack() // to the sex again, answered
			if v := s.View(); !v.Survey.Answered() {
				t.Error("an answered question after Back is not answered")
			}
			s.SurveyNext() // L kept
			s.SurveyNext() // 40 kept
			s.SurveyNext() // SMA kept
			s.SurveySkip()
			s.SurveySkip()
			s.SurveyAnswer(4)
			s.SurveyBack()
			s.SurveyNext() // U1's 4 kept
			answerAll(s, survey.Response{3, 3, 3, 3, 3, 3, 3, 3})
		}, survey.Answer{Scores: survey.Response{4, 3, 3, 3, 3, 3, 3, 3, 3}, Respondent: survey.Respondent{Gender: "L", Age: 40, Education: "SMA"}}},
		{"out of range taps ignored", func(s *session.Session) {
			s.SurveyChoose("X") // no such answer
			s.SurveyAnswer(4)   // not an element's step
			s.SurveyChoose("P")
			s.SurveyKey('x')
			typeText(s, "1234") // three digits at the most
			if v := s.View(); v.Survey.Age != "123" {
				t.Errorf("age typed %q", v.Survey.Age)
			}
			s.SurveyNext() // 123: out of range, stays
			if v := s.View(); v.Message.Key != session.KeyAgeInvalid || v.Survey.Step != session.StepAge {
				t.Errorf("age 123: %+v", v.Message)
			}
			s.SurveyBackspace()
			s.SurveyBackspace()
			s.SurveyNext() // 1
			s.SurveySkip()
			s.SurveySkip()
			s.SurveySkip()
			for _, sc := range []int{0, 5, -1, 3, 3, 3, 3, 3, 3, 3, 3, 3} {
				s.SurveyAnswer(sc)
			}
		}, survey.Answer{Scores: survey.Response{3, 3, 3, 3, 3, 3, 3, 3, 3}, Respondent: survey.Respondent{Gender: "P", Age: 1}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, rec, logs, _ := surveySession(t)
			s.Config.Kiosk = "k1"
			s.StartSurvey()
			v := wantScreen(t, s, session.ScreenSurvey)
			if v.Survey.Step != session.StepGender {
				t.Fatalf("first step %v", v.Survey.Step)
			}
			c.take(s)
			v = wantScreen(t, s, session.ScreenSurvey)
			if v.Survey.Step != session.StepComment {
				t.Fatalf("step %v, want the comment", v.Survey.Step)
			}
			s.SurveySubmit(ctx)
			wantScreen(t, s, session.ScreenSurveyThanks)
			wantMessage(t, s, session.KeySurveyThanks)
			if len(rec.got) != 1 {
				t.Fatalf("%d answers recorded", len(rec.got))
			}
			got := rec.got[0]
			c.want.At, c.want.Kiosk = t0, "k1"
			if got != c.want {
				t.Fatalf("recorded\n%+v\nwant\n%+v", got, c.want)
			}
			if c.want.Comment != "" && strings.Contains(logs.String(), c.want.Comment) {
				t.Fatalf("the comment was logged: %s", logs)
			}
		})
	}
}

// TestSurveyProgress: the profile's five questions, then the nine
// elements one a screen with their place ("3/9"), then the comment.
func TestSurveyProgress(t *testing.T) {
	s, _, _, _ := surveySession(t)
	s.StartSurvey()
	for i := range session.ProfileSteps {
		sv := s.View().Survey
		if n, of := sv.Progress(); n != i+1 || of != 5 || sv.Step != session.SurveyStep(i) {
			t.Fatalf("profile %d: step %v %d/%d", i, sv.Step, n, of)
		}
		if (sv.Step == session.StepAge) != (sv.Options() == nil) {
			t.Fatalf("step %v: options %v", sv.Step, sv.Options())
		}
		s.SurveySkip()
	}
	for i, e := range survey.Elements {
		sv := s.View().Survey
		if n, of := sv.Progress(); sv.Step != session.StepElement || sv.Element != i || n != i+1 || of != 9 {
			t.Fatalf("%s: step %v element %d %d/%d", e.Code, sv.Step, sv.Element, n, of)
		}
		s.SurveyAnswer(3)
	}
	if sv := s.View().Survey; sv.Step != session.StepComment {
		t.Fatalf("after the elements: %v", sv.Step)
	}
}

// TestSurveyComment: the comment takes printable characters up to its
// limit, says when it is full, no leading or doubled spaces; Backspace
// and Clear.
func TestSurveyComment(t *testing.T) {
	s, rec, _, _ := surveySession(t)
	s.StartSurvey()
	for range session.ProfileSteps {
		s.SurveySkip()
	}
	answerAll(s, survey.Response{4, 4, 4, 4, 4, 4, 4, 4, 4})
	typeText(s, "  a  b\n\x7f\xc3")
	if got := s.View().Survey.Comment; got != "a b" {
		t.Fatalf("comment %q", got)
	}
	s.SurveyClear()
	long := strings.Repeat("Ruang baca nyaman. ", 20)
	typeText(s, long)
	v := s.View()
	if len(v.Survey.Comment) != session.MaxComment || v.Survey.Comment != long[:session.MaxComment] {
		t.Fatalf("comment of %d", len(v.Survey.Comment))
	}
	if v.Message.Key != session.KeyCommentFull || v.Message.Args["max"] != "200" {
		t.Fatalf("full: %+v", v.Message)
	}
	s.SurveyBackspace()
	if v := s.View(); len(v.Survey.Comment) != session.MaxComment-1 || !v.Message.IsZero() {
		t.Fatalf("after backspace: %d %+v", len(v.Survey.Comment), v.Message)
	}
	s.SurveySubmit(ctx)
	if len(rec.got) != 1 || rec.got[0].Comment != strings.TrimSpace(long[:session.MaxComment-1]) {
		t.Fatalf("recorded %+v", rec.got)
	}
}

// TestSurveyLeftAndTimedOut: leaving from the first question, or idling
// half-way, keeps nothing and goes home; nothing answered is not
// recorded; thanks go home after the summary's delay; a failed record
// stays to be sent again.
func TestSurveyLeftAndTimedOut(t *testing.T) {
	s, rec, _, clock := surveySession(t)
	s.StartSurvey()
	s.SurveyBack()
	wantScreen(t, s, session.ScreenHome)

	s.StartSurvey()
	s.SurveyChoose("P")
	typeText(s, "40")
	s.SurveyNext()
	s.SurveyChoose("SMA")
	s.SurveyChoose("SWASTA")
	s.SurveyChoose("baca")
	s.SurveyAnswer(4)
	s.SurveyAnswer(3)
	clock.Advance(s.Config.IdleTimeout - s.Config.IdleWarning + time.Second)
	s.Tick()
	if v := s.View(); v.Countdown == 0 || v.Screen != session.ScreenSurvey {
		t.Fatalf("no countdown: %+v", v.Countdown)
	}
	clock.Advance(s.Config.IdleWarning)
	s.Tick()
	if v := wantScreen(t, s, session.ScreenHome); v.Survey != nil {
		t.Fatalf("survey kept: %+v", v.Survey)
	}
	if len(rec.got) != 0 {
		t.Fatalf("a half-done survey recorded: %+v", rec.got)
	}

	s.StartSurvey()
	for range session.ProfileSteps + 9 {
		s.SurveySkip()
	}
	s.SurveySubmit(ctx)
	wantScreen(t, s, session.ScreenSurveyThanks)
	wantMessage(t, s, session.KeySurveyEmpty)
	if len(rec.got) != 0 {
		t.Fatalf("nothing answered, yet recorded: %+v", rec.got)
	}
	clock.Advance(s.Config.FinishDelay)
	s.Tick()
	wantScreen(t, s, session.ScreenHome)

	rec.fail = errors.New("disk full")
	s.StartSurvey()
	for range session.ProfileSteps {
		s.SurveySkip()
	}
	s.SurveyAnswer(4)
	for range 8 {
		s.SurveySkip()
	}
	s.SurveySubmit(ctx)
	wantScreen(t, s, session.ScreenSurvey)
	wantMessage(t, s, kiosk.KeyInternal)
	rec.fail = nil
	s.SurveySubmit(ctx)
	wantScreen(t, s, session.ScreenSurveyThanks)
	if len(rec.got) != 1 || rec.got[0].Scores != (survey.Response{4}) {
		t.Fatalf("recorded %+v", rec.got)
	}
}

// TestSurveyTexts: every question and answer the survey shows has its
// words in both languages — the nine elements' question and four
// answers, the profile's questions and answers — and the Indonesian
// words of the elements are the regulation's.
func TestSurveyTexts(t *testing.T) {
	c := assets.Catalog()
	var keys []string
	for _, e := range survey.Elements {
		keys = append(keys, e.Key+".question", e.Key+".answer1", e.Key+".answer2", e.Key+".answer3", e.Key+".answer4")
	}
	if len(keys) != 9*(1+4) {
		t.Fatalf("%d element texts", len(keys))
	}
	for _, list := range [][]survey.Option{survey.Genders, survey.Educations, survey.Occupations, survey.Services} {
		for _, o := range list {
			keys = append(keys, o.Key)
		}
	}
	for _, q := range []string{"gender", "age", "education", "occupation", "service"} {
		keys = append(keys, "skm."+q+".question")
	}
	for _, lang := range []string{kiosk.LangID, kiosk.LangEN} {
		for _, k := range keys {
			if got := c.T(lang, k, nil); !c.Has(lang, k) || got == "" || got == k {
				t.Errorf("%s: %q has no text", lang, k)
			}
		}
	}
	// The Lampiran's wording (its questions end in a full stop; ours ask).
	for k, want := range map[string]string{
		"skm.u2.question": "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
		"skm.u4.answer4":  "Gratis",
		"skm.u9.answer2":  "Ada tetapi tidak berfungsi",
		"skm.u9.answer4":  "Dikelola dengan baik",
	} {
		if got := c.T(kiosk.LangID, k, nil); got != want {
			t.Errorf("%s: %q, want %q", k, got, want)
		}
	}
}

// TestSurveyOffered: the SKM starts from the summary after a visit, and
// from the home screen only where the kiosk offers it there; not at a
// kiosk out of service, nor without a recorder; nor in the middle of a
// loan.
func TestSurveyOffered(t *testing.T) {
	s, _, _, _ := surveySession(t)
	s.Config.Survey = false
	s.StartSurvey()
	wantScreen(t, s, session.ScreenHome)
	login(s, session.IntentBorrow)
	s.StartSurvey()
	wantScreen(t, s, session.ScreenBorrow)
	scan(s, laskr.Barcode)
	s.Finish(ctx)
	s.StartSurvey()
	if v := wantScreen(t, s, session.ScreenSurvey); v.PatronName != "" || len(v.Lines) != 0 || v.Receipt != nil {
		t.Fatalf("the visit stays on the survey's screen: %+v", v)
	}
	s.Cancel()

	s.Config.Survey = true
	s.SetMode(kiosk.ModeOutOfService, "rusak")
	s.StartSurvey()
	wantScreen(t, s, session.ScreenHome)
	s.SetMode(kiosk.ModeInService, "")
	s.SetLang(kiosk.LangEN)
	s.StartSurvey()
	if v := wantScreen(t, s, session.ScreenSurvey); v.Lang != kiosk.LangEN {
		t.Fatalf("language %s", v.Lang)
	}
	s.Cancel()
	s.Survey = nil
	s.StartSurvey()
	wantScreen(t, s, session.ScreenHome)
}

// TestRatingComment: after the five faces, "Tulis saran" opens the
// keyboard and the comment is kept with that rating; Back returns to
// the summary; a guest book that cannot keep comments is not offered it.
func TestRatingComment(t *testing.T) {
	s, _, logs, clock := surveySession(t)
	gb := &commentBook{}
	s.GuestBook = gb
	s.Start(session.IntentVisit)
	scan(s, siti.Card)
	s.StartSuggestion() // no rating yet
	wantScreen(t, s, session.ScreenFinish)
	s.Rate(ctx, 2)
	if v := s.View(); !v.Suggest {
		t.Fatal("no suggestion offered after the rating")
	}
	// A face tapped twice: the second tap lands on "Tulis saran", drawn
	// where the face was, and is no comment begun (a patron's finding).
	clock.Advance(300 * time.Millisecond)
	s.StartSuggestion()
	wantScreen(t, s, session.ScreenFinish)
	clock.Advance(time.Second)
	s.StartSuggestion()
	v := wantScreen(t, s, session.ScreenSurvey)
	if !v.Survey.Rating || v.Survey.Step != session.StepComment {
		t.Fatalf("survey %+v", v.Survey)
	}
	s.SurveyBack()
	wantScreen(t, s, session.ScreenFinish)
	s.StartSuggestion()
	typeText(s, "AC ruang baca mati.")
	s.SurveySubmit(ctx)
	v = wantScreen(t, s, session.ScreenFinish)
	if v.Suggest || v.Message.Key != session.KeySuggested {
		t.Fatalf("after the comment: suggest %v, %+v", v.Suggest, v.Message)
	}
	if len(gb.ratings) != 1 || gb.ratings[0].Score != 2 || gb.comments[1] != "AC ruang baca mati." {
		t.Fatalf("ratings %+v comments %v", gb.ratings, gb.comments)
	}
	if strings.Contains(logs.String(), "AC ruang") {
		t.Fatalf("the comment was logged: %s", logs)
	}
	s.StartSuggestion() // once
	wantScreen(t, s, session.ScreenFinish)

	plain := &book{}
	s.Done()
	s.GuestBook = plain
	s.Start(session.IntentVisit)
	scan(s, "20001000000020")
	s.Rate(ctx, 5)
	if v := s.View(); v.Suggest || len(plain.ratings) != 1 {
		t.Fatalf("suggest %v, ratings %+v", v.Suggest, plain.ratings)
	}
}
