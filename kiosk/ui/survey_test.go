package ui

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/anjungan/anjungan/assets"
	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/guestbook"
	"github.com/anjungan/anjungan/kiosk/session"
	"github.com/anjungan/anjungan/kiosk/survey"
)

// skmAnswers is an SKM recorder in memory: the kiosk of the fit test
// offers the survey on its home screen and its summaries.
type skmAnswers struct{ got []survey.Answer }

func (a *skmAnswers) RecordSurvey(_ context.Context, x survey.Answer) error {
	a.got = append(a.got, x)
	return nil
}

// offerSurvey has the kiosk offer the SKM, home screen too.
func offerSurvey(s *session.Session) {
	s.Survey, s.Config.Survey = &skmAnswers{}, true
}

// surveyFitStates are the survey's screens with the longest content they
// meet: every profile question, every element (the longest question is
// U5's, the longest answers U7's and U9's), a full comment, the rating's
// comment, the thanks, the summary offering "Tulis saran", and the
// countdown over a half-done survey.
func surveyFitStates(home, visited session.View) []fitState {
	var out []fitState
	add := func(name string, v session.View) { out = append(out, fitState{name, v}) }
	sv := func(sv session.SurveyView) session.View {
		v := home
		v.Screen, v.Survey = session.ScreenSurvey, &sv
		return v
	}
	add("survey, sex", sv(session.SurveyView{Step: session.StepGender}))
	v := sv(session.SurveyView{Step: session.StepAge, Age: "121"})
	v.Message = kiosk.Msg(kiosk.LevelWarning, session.KeyAgeInvalid)
	add("survey, age out of range", v)
	add("survey, education chosen", sv(session.SurveyView{Step: session.StepEducation, Respondent: survey.Respondent{Education: "S3"}}))
	add("survey, occupation", sv(session.SurveyView{Step: session.StepOccupation}))
	add("survey, service", sv(session.SurveyView{Step: session.StepService, Respondent: survey.Respondent{Service: "ruang_kreatif"}}))
	for i, e := range survey.Elements {
		w := session.SurveyView{Step: session.StepElement, Element: i}
		w.Scores[i] = i%4 + 1
		add("survey, "+e.Code, sv(w))
	}
	v = sv(session.SurveyView{Step: session.StepElement, Element: 4})
	v.Message = kiosk.Msg(kiosk.LevelInfo, session.KeyScanIgnored)
	add("survey, U5 with a message", v)
	add("survey, comment empty", sv(session.SurveyView{Step: session.StepComment}))
	full := strings.Repeat("Koleksi buku anak perlu ditambah, terutama cerita bergambar! ", 4)[:session.MaxComment]
	v = sv(session.SurveyView{Step: session.StepComment, Comment: full})
	v.Message = kiosk.Msg(kiosk.LevelWarning, session.KeyCommentFull, "max", strconv.Itoa(session.MaxComment))
	add("survey, comment full", v)
	v = visited
	v.Screen, v.Rate, v.Message = session.ScreenSurvey, false, kiosk.Message{} // as StartSuggestion leaves it
	v.Survey = &session.SurveyView{Step: session.StepComment, Rating: true, Comment: full[:80]}
	add("rating comment", v)
	v = home
	v.Screen, v.Message = session.ScreenSurveyThanks, kiosk.Msg(kiosk.LevelSuccess, session.KeySurveyThanks)
	add("survey thanks", v)
	v.Message = kiosk.Msg(kiosk.LevelInfo, session.KeySurveyEmpty)
	add("survey thanks, nothing answered", v)
	v = visited
	v.Rate, v.Suggest, v.Message = false, true, kiosk.Msg(kiosk.LevelSuccess, session.KeyRated)
	add("rated, suggestion offered", v)
	v = sv(session.SurveyView{Step: session.StepElement, Element: 8})
	v.Countdown = 15
	add("survey, idle warning", v)
	return out
}

// surveyKeys are the keys a survey screen is used with.
func surveyKeys(u *UI, v session.View) []string {
	sv := v.Survey
	switch {
	case sv == nil:
		return nil
	case sv.Step == session.StepAge:
		return []string{"1", "0", "⌫", u.T("skm.next"), u.T("skm.skip")}
	case sv.Step == session.StepComment:
		return []string{"q", "m", "0", "⇧", "⌫", u.T("skm.space"), ",", "?", u.T("skm.send")}
	}
	return []string{u.T("skm.skip")}
}

// surveyStore is the kiosk's guest book file, keeping the SKM and the
// ratings' comments.
func surveyStore(t *testing.T) *guestbook.Store {
	t.Helper()
	gb := &guestbook.Store{Path: filepath.Join(t.TempDir(), "guestbook.db"), OncePerDay: true, Location: jakarta, Now: func() time.Time { return t0 }}
	if err := gb.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { gb.Close() })
	return gb
}

// takeSurvey answers the survey on screen in lang: the profile as given
// (a skipped field taps Skip), the elements with scores (0: Skip), after
// going back once to change U2, then the comment on the keyboard.
func takeSurvey(t *testing.T, u *UI, lang string, r survey.Respondent, scores survey.Response, comment string) {
	t.Helper()
	c := assets.Catalog()
	T := func(key string) string { return c.T(lang, key, nil) }
	choose := func(code string, options []survey.Option) {
		for _, o := range options {
			if o.Code == code {
				tapAnswer(t, u, T(o.Key))
				return
			}
		}
		tap(t, u, T("skm.skip"))
	}
	shows(t, u, T("skm.gender.question"), T("skm.title")+"  1/5")
	choose(r.Gender, survey.Genders)
	shows(t, u, T("skm.age.question"))
	if r.Age > 0 {
		tapDigits(t, u, strconv.Itoa(r.Age))
		shows(t, u, strconv.Itoa(r.Age))
		tap(t, u, T("skm.next"))
	} else {
		tap(t, u, T("skm.skip"))
	}
	choose(r.Education, survey.Educations)
	choose(r.Occupation, survey.Occupations)
	choose(r.Service, survey.Services)
	for i, e := range survey.Elements {
		shows(t, u, T(e.Key+".question"), T("skm.title")+"  "+strconv.Itoa(i+1)+"/9")
		if i == 1 { // U2 answered otherwise first, then Back from U3 to change it
			first := 1
			if scores[1] == 1 {
				first = 2
			}
			answer(t, u, T, e, first)
			shows(t, u, T(survey.Elements[2].Key+".question"))
			tap(t, u, T("skm.back"))
			shows(t, u, T(e.Key+".question"))
		}
		answer(t, u, T, e, scores[i])
	}
	shows(t, u, T("skm.comment.survey_title"), "0/200")
	for _, ch := range comment {
		k := string(ch)
		switch {
		case ch == ' ':
			k = T("skm.space")
		case ch >= 'A' && ch <= 'Z':
			tap(t, u, "⇧")
			k = strings.ToUpper(k)
		}
		tap(t, u, k)
	}
	shows(t, u, comment+"▏", strconv.Itoa(len(comment))+"/200")
	tap(t, u, T("skm.send"))
}

func answer(t *testing.T, u *UI, T func(string) string, e survey.Element, score int) {
	t.Helper()
	if score == 0 {
		tap(t, u, T("skm.skip"))
		return
	}
	tapAnswer(t, u, T(e.Key+".answer"+strconv.Itoa(score)))
}

// answerButtons finds the answer buttons on screen by their words.
func answerButtons(u *UI) map[string]*widget.Button {
	found := map[string]*widget.Button{}
	walk(u.Window.Content(), func(o fyne.CanvasObject) {
		c, ok := o.(*fyne.Container)
		if !ok || len(c.Objects) != 2 {
			return
		}
		var b *widget.Button
		walk(c.Objects[0], func(o fyne.CanvasObject) {
			if x, ok := o.(*widget.Button); ok && x.Text == "" {
				b = x
			}
		})
		if b == nil {
			return
		}
		walk(c.Objects[1], func(o fyne.CanvasObject) {
			if r, ok := o.(*widget.RichText); ok {
				found[r.String()] = b
			}
		})
	})
	return found
}

// tapAnswer taps the answer button with the words text.
func tapAnswer(t *testing.T, u *UI, text string) {
	t.Helper()
	b, ok := answerButtons(u)[text]
	if !ok {
		t.Fatalf("no answer %q on screen:\n%s", text, texts(u))
	}
	test.Tap(b)
}

// TestSurveyOnScreen takes the SKM on the screen in both languages —
// from the home screen in Indonesian, from the summary after a visit in
// English — and reads the stored row back.
func TestSurveyOnScreen(t *testing.T) {
	for _, c := range []struct {
		lang    string
		r       survey.Respondent
		scores  survey.Response
		comment string
	}{
		{kiosk.LangID, survey.Respondent{Gender: "P", Age: 34, Education: "S1", Occupation: "PNS", Service: "sirkulasi"},
			survey.Response{4, 3, 4, 4, 3, 4, 4, 2, 1}, "Tambah buku anak, ya!"},
		{kiosk.LangEN, survey.Respondent{Gender: "L", Education: "SMA", Service: "ruang_kreatif"},
			survey.Response{3, 2, 0, 4, 0, 3, 3, 3, 4}, "More chairs?"},
	} {
		t.Run(c.lang, func(t *testing.T) {
			T := func(key string) string { return assets.Catalog().T(c.lang, key, nil) }
			u, s, _, _ := makerspaceUI(t)
			gb := surveyStore(t)
			s.Survey, s.Config.Survey, s.Config.Kiosk = gb, true, "k1"
			s.Done()
			if c.lang == kiosk.LangEN {
				tap(t, u, "English")
				tap(t, u, "Visit")
				s.Scan(context.Background(), kiosk.Scan{Code: "20001000000012"})
				shows(t, u, "Your visit is recorded")
			}
			tap(t, u, T("skm.start"))
			takeSurvey(t, u, c.lang, c.r, c.scores, c.comment)
			shows(t, u, T("skm.thanks"))
			at := s.Now()
			got, err := gb.Survey(context.Background(), at.Add(-time.Hour), at.Add(time.Hour))
			if err != nil || len(got) != 1 {
				t.Fatalf("stored %+v %v", got, err)
			}
			want := survey.Answer{At: at.Truncate(time.Second).In(jakarta), Kiosk: "k1", Scores: c.scores, Respondent: c.r, Comment: c.comment}
			if got[0] != want {
				t.Fatalf("stored\n%+v\nwant\n%+v", got[0], want)
			}
			tap(t, u, T("common.done"))
			shows(t, u, "Selamat datang") // the next patron's language: the kiosk's own
		})
	}
}

// TestSurveySnapshots keeps reviewed images of the survey's screens on
// the smallest display (large text too) and the most common one, in
// both languages.
func TestSurveySnapshots(t *testing.T) {
	u, s, _, _ := makerspaceUI(t)
	quiet(u)
	states := map[string]session.View{}
	for _, st := range fitStates(t, u, s) {
		states[st.name] = st.v
	}
	for _, c := range []struct {
		file, state, lang string
		size              fyne.Size
		large             bool
	}{
		{"sex", "survey, sex", kiosk.LangID, displays[0], false},
		{"age", "survey, age out of range", kiosk.LangID, displays[0], true},
		{"service", "survey, service", kiosk.LangEN, displays[0], true},
		{"service", "survey, service", kiosk.LangID, displays[3], true},
		{"u5", "survey, U5 with a message", kiosk.LangID, displays[0], true},
		{"u7", "survey, U7", kiosk.LangEN, displays[0], true},
		{"u9", "survey, U9", kiosk.LangEN, displays[0], false},
		{"u9", "survey, U9", kiosk.LangID, displays[2], false},
		{"comment", "survey, comment full", kiosk.LangID, displays[0], false},
		{"comment", "survey, comment full", kiosk.LangEN, displays[0], true},
		{"comment", "survey, comment full", kiosk.LangID, displays[2], false},
		{"suggest", "rated, suggestion offered", kiosk.LangID, displays[0], false},
		{"thanks", "survey thanks", kiosk.LangID, displays[0], true},
	} {
		v, ok := states[c.state]
		if !ok {
			t.Fatalf("no state %q", c.state)
		}
		v.LargeText, v.Lang = c.large, c.lang
		u.Window.Resize(c.size)
		u.Render(v)
		name := fmt.Sprintf("fit/skm-%s-%s-%.0fx%.0f", c.file, c.lang, c.size.Width, c.size.Height)
		if c.large {
			name += "-large"
		}
		looksLike(t, name+".png", u.Window.Canvas().Capture())
	}
}

// TestSurveyAnswersInSight: every question's answers are on the screen
// without scrolling on every display kiosks use, in both languages, with
// either text size — but large text on the 7" 800x480 display, where
// most questions need a scroll (logged).
func TestSurveyAnswersInSight(t *testing.T) {
	u, s, _, _ := makerspaceUI(t)
	quiet(u)
	var states []fitState
	for _, st := range fitStates(t, u, s) {
		if v := st.v; v.Screen == session.ScreenSurvey && v.Survey.Step != session.StepComment && v.Survey.Step != session.StepAge && v.Message.IsZero() && v.Countdown == 0 {
			states = append(states, st)
		}
	}
	if len(states) != 4+9 {
		t.Fatalf("%d question states", len(states))
	}
	d := u.App.Driver()
	for _, size := range displays {
		for _, large := range []bool{false, true} {
			for _, lang := range []string{kiosk.LangID, kiosk.LangEN} {
				u.Window.Resize(size)
				hidden, most := 0, float32(0)
				for _, st := range states {
					v := st.v
					v.Lang, v.LargeText = lang, large
					u.Render(v)
					u.content.Resize(size)
					view := u.bodyScroll
					bottom := d.AbsolutePositionForObject(view).Y + view.Size().Height
					buttons := answerButtons(u)
					if len(buttons) != len(v.Survey.Options())+4*btoi(v.Survey.Step == session.StepElement) {
						t.Fatalf("%s: %d answer buttons", st.name, len(buttons))
					}
					over := float32(0)
					for _, b := range buttons {
						over = max(over, d.AbsolutePositionForObject(b).Y+b.Size().Height-bottom)
					}
					most = max(most, over)
					for text, b := range buttons {
						if d.AbsolutePositionForObject(b).Y+b.Size().Height > bottom+0.5 {
							hidden++
							if !large || size != displays[0] {
								t.Errorf("%s at %.0fx%.0f, %s, large=%v: %q is below the fold", st.name, size.Width, size.Height, lang, large, text)
							}
							break
						}
					}
				}
				if hidden > 0 {
					t.Logf("%.0fx%.0f %s large=%v: %d of %d questions need a scroll (at most %.0f px)", size.Width, size.Height, lang, large, hidden, len(states), most)
				}
			}
		}
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestRatingCommentOnScreen: the five faces, then "Tulis saran": the
// comment typed on the keyboard is stored with the rating.
func TestRatingCommentOnScreen(t *testing.T) {
	u, s, _, clock := makerspaceUI(t)
	gb := surveyStore(t)
	s.GuestBook = gb
	s.Done()
	tap(t, u, "Kunjungan")
	s.Scan(context.Background(), kiosk.Scan{Code: "20001000000012"})
	tap(t, u, "😐  Cukup")
	shows(t, u, "Penilaian Anda sudah tercatat.")
	tap(t, u, "Tulis saran") // straight after: the face tapped twice
	shows(t, u, "Penilaian Anda sudah tercatat.")
	clock.Advance(time.Second)
	tap(t, u, "Tulis saran")
	shows(t, u, "Kotak saran", "0/200 huruf")
	tap(t, u, "Kembali") // and back again
	tap(t, u, "Tulis saran")
	for _, k := range []string{"⇧", "A", "⇧", "C", "Spasi", "m", "a", "t", "i", "!"} {
		tap(t, u, k)
	}
	shows(t, u, "AC mati!▏", "8/200 huruf")
	tap(t, u, "Kirim")
	shows(t, u, "Saran Anda sudah tersimpan.")
	at := s.Now()
	got, err := gb.Ratings(context.Background(), at.Add(-time.Hour), at.Add(time.Hour))
	if err != nil || len(got) != 1 || got[0].Score != 3 || got[0].Comment != "AC mati!" {
		t.Fatalf("ratings %+v %v", got, err)
	}
}

// TestSurveyIdleOnScreen: a half-done survey left alone: the countdown
// says its answers will not be kept, then home, and nothing is stored.
func TestSurveyIdleOnScreen(t *testing.T) {
	u, s, _, clock := makerspaceUI(t)
	gb := surveyStore(t)
	s.Survey, s.Config.Survey = gb, true
	s.Done()
	tap(t, u, "Survei kepuasan (SKM)")
	tapAnswer(t, u, "Perempuan")
	tap(t, u, "Lewati")
	clock.Advance(s.Config.IdleTimeout - s.Config.IdleWarning + time.Second)
	s.Tick()
	shows(t, u, "Masih di sana?", "Jawaban survei yang belum dikirim tidak akan disimpan.")
	clock.Advance(s.Config.IdleWarning)
	s.Tick()
	shows(t, u, "Selamat datang")
	if got, err := gb.Survey(context.Background(), s.Now().Add(-time.Hour), s.Now().Add(time.Hour)); err != nil || len(got) != 0 {
		t.Fatalf("stored %+v %v", got, err)
	}
}

// TestSurveyNextAfterBack: back on a question answered, Lanjut goes on
// with its answer; Lewati still clears it (a patron's finding: only
// Lewati was offered, and it erased the answer).
func TestSurveyNextAfterBack(t *testing.T) {
	T := func(key string) string { return assets.Catalog().T(kiosk.LangID, key, nil) }
	u, s, _, _ := makerspaceUI(t)
	s.Survey, s.Config.Survey = surveyStore(t), true
	s.Done()
	tap(t, u, T("skm.start"))
	if button(u, T("skm.next")) != nil {
		t.Fatal("Lanjut on a question not answered")
	}
	tapAnswer(t, u, T(survey.Genders[1].Key))
	shows(t, u, T("skm.age.question"))
	tap(t, u, T("skm.back"))
	shows(t, u, T("skm.gender.question"))
	tap(t, u, T("skm.next"))
	shows(t, u, T("skm.age.question"))
	if v := s.View(); v.Survey.Respondent.Gender != survey.Genders[1].Code {
		t.Fatalf("the answer after Back and Lanjut: %+v", v.Survey.Respondent)
	}
	tap(t, u, T("skm.back"))
	tap(t, u, T("skm.skip"))
	if v := s.View(); v.Survey.Respondent.Gender != "" {
		t.Fatalf("Lewati kept the answer: %+v", v.Survey.Respondent)
	}
}

// TestCommentHardwareKeyboard: a comment can be typed on a hardware
// keyboard (a patron's finding: its keys were ignored), Backspace too; a
// scanner's burst into it is a scan at Enter and taken back out.
func TestCommentHardwareKeyboard(t *testing.T) {
	u, s, _, clock := makerspaceUI(t)
	s.GuestBook = surveyStore(t)
	s.Config.Classifier = kiosk.Classifier{Item: []kiosk.ScanPattern{{Prefix: "3", Length: 14}}}
	s.Done()
	tap(t, u, "Kunjungan")
	s.Scan(context.Background(), kiosk.Scan{Code: "20001000000012"})
	tap(t, u, "😐  Cukup")
	clock.Advance(time.Second)
	tap(t, u, "Tulis saran")
	typeHW := func(text string, pace time.Duration) {
		clock.Advance(time.Second)
		for _, r := range text {
			clock.Advance(pace)
			u.Window.Canvas().OnTypedRune()(r)
		}
	}
	typeHW("AC matix", 150*time.Millisecond)
	u.Window.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyBackspace})
	shows(t, u, "AC mati▏", "7/200 huruf")
	typeHW("30001000000010", 4*time.Millisecond)
	u.Window.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
	shows(t, u, "AC mati▏", "Pindaian tidak dipakai di layar ini.")
}

// TestSurveyAgeHardwareKeyboard: the age is typed on a hardware keyboard
// too, Backspace and Enter as on the pad (a patron's finding: its keys
// were ignored).
func TestSurveyAgeHardwareKeyboard(t *testing.T) {
	T := func(key string) string { return assets.Catalog().T(kiosk.LangID, key, nil) }
	u, s, _, clock := makerspaceUI(t)
	s.Survey, s.Config.Survey = surveyStore(t), true
	s.Done()
	tap(t, u, T("skm.start"))
	tapAnswer(t, u, T(survey.Genders[0].Key))
	shows(t, u, T("skm.age.question"))
	for _, r := range "257" {
		clock.Advance(200 * time.Millisecond)
		u.Window.Canvas().OnTypedRune()(r)
	}
	u.Window.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyBackspace})
	u.Window.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
	shows(t, u, T("skm.education.question"))
	if v := s.View(); v.Survey.Respondent.Age != 25 {
		t.Fatalf("age %d", v.Survey.Respondent.Age)
	}
}
