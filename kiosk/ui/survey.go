package ui

import (
	"context"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/anjungan/anjungan/kiosk/session"
	"github.com/anjungan/anjungan/kiosk/survey"
)

// The SKM at the kiosk: the respondent's profile one question a screen,
// the nine elements one a screen with the regulation's four answers as
// big buttons, then a comment on the letters keyboard. Every question
// may be skipped; Back goes back one.

// profileKeys are the profile questions' words, by step.
var profileKeys = [...]string{
	session.StepGender:     "skm.gender.question",
	session.StepAge:        "skm.age.question",
	session.StepEducation:  "skm.education.question",
	session.StepOccupation: "skm.occupation.question",
	session.StepService:    "skm.service.question",
}

func (u *UI) surveyScreen() page {
	sv := u.view.Survey
	if sv == nil {
		return u.homeScreen()
	}
	switch sv.Step {
	case session.StepAge:
		return u.surveyAge(sv)
	case session.StepElement:
		return u.surveyElement(sv)
	case session.StepComment:
		return u.surveyComment(sv)
	}
	return u.surveyChoice(sv)
}

// surveyTitle is the survey's heading with the question's place: "3/9".
// On a short display only the first question, two answers, has it; on
// the others the place goes before the question (see ask): the question
// and its answers need the room.
func (u *UI) surveyTitle(sv *session.SurveyView) fyne.CanvasObject {
	if u.m.short && sv.Step != session.StepGender {
		return nil
	}
	return title(u.T("skm.title") + "  " + progress(sv))
}

// progress is the question's place in its part of the survey: "3/9".
func progress(sv *session.SurveyView) string {
	n, of := sv.Progress()
	if of == 0 {
		return ""
	}
	return strconv.Itoa(n) + "/" + strconv.Itoa(of)
}

// ask is the question on screen, after its place on a short display.
func (u *UI) ask(sv *session.SurveyView, text string) *widget.Label {
	if u.surveyTitle(sv) == nil {
		text = progress(sv) + "  " + text
	}
	return u.question(text)
}

// profileHint says the profile's questions may be skipped: on the first
// (but with large text on the smallest display), and on the others but
// on a short display or with large text, where Skip has to say it: the
// answers need the room.
func (u *UI) profileHint(sv *session.SurveyView) fyne.CanvasObject {
	first, tiny := sv.Step == session.StepGender, u.m.size.Height < 520
	if first && tiny && u.m.large || !first && (u.m.short || u.m.large) {
		return nil
	}
	return hint(u.T("skm.profile"))
}

// vbox is a VBox of the objects that are not nil.
func vbox(objs ...fyne.CanvasObject) *fyne.Container {
	box := container.NewVBox()
	for _, o := range objs {
		if o != nil {
			box.Add(o)
		}
	}
	return box
}

// question is a question's words: large (the theme's size on a short
// display), wrapped.
func (u *UI) question(text string) *widget.Label {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	if !u.m.short {
		l.SizeName = theme.SizeNameSubHeadingText
	}
	l.Wrapping = fyne.TextWrapWord
	return l
}

// surveyFooter is Back (Cancel on the first question) and, unless last,
// Skip, with more after them.
func (u *UI) surveyFooter(sv *session.SurveyView, more ...fyne.CanvasObject) []fyne.CanvasObject {
	label, icon := u.T("skm.back"), theme.NavigateBackIcon()
	if sv.Step == session.StepGender {
		label, icon = u.T("common.cancel"), theme.CancelIcon()
	}
	back := u.bigButton(label, icon, widget.MediumImportance, func() { u.run(func(context.Context) { u.Session.SurveyBack() }) })
	out := []fyne.CanvasObject{back}
	if sv.Step != session.StepComment {
		out = append(out, u.bigButton(u.T("skm.skip"), theme.MediaSkipNextIcon(), widget.MediumImportance,
			func() { u.run(func(context.Context) { u.Session.SurveySkip() }) }))
	}
	if sv.Answered() { // back on an answered question: on with its answer
		out = append(out, u.bigButton(u.T("skm.next"), theme.NavigateNextIcon(), widget.HighImportance,
			func() { u.run(func(context.Context) { u.Session.SurveyNext() }) }))
	}
	return append(out, more...)
}

// answers lays big answer buttons out in rows of as many as fit at
// minAnswer each, at most most (one on a narrow display); the answer
// given before is lit.
func (u *UI) answers(most int, labels []string, chosen int, tapped func(i int)) fyne.CanvasObject {
	return u.answersAt(minAnswer, most, labels, chosen, tapped)
}

// answersAt is answers with columns at least narrowest wide.
func (u *UI) answersAt(narrowest float32, most int, labels []string, chosen int, tapped func(i int)) fyne.CanvasObject {
	cols := min(most, len(labels), max(1, int(u.columnWidth()/narrowest)))
	if len(labels) == 4 && cols == 3 {
		cols = 2 // the four answers two by two, not three and one
	}
	var buttons []fyne.CanvasObject
	for i, l := range labels {
		buttons = append(buttons, u.answerButton(l, i == chosen, func() { tapped(i) }))
	}
	return container.NewGridWithColumns(cols, buttons...)
}

// minAnswer is the narrowest an answer button's column is let be.
const minAnswer = 240

// answerButton is a big button whose words wrap: the regulation's
// answers are long ("Tidak sopan dan ramah", "Not very polite and
// friendly"), and a button's own words do not wrap, so two would not fit
// side by side with large text on a small display.
func (u *UI) answerButton(text string, lit bool, tapped func()) fyne.CanvasObject {
	return u.answerButtonH(text, lit, u.m.button, tapped)
}

// answerButtonH is an answer button at least height tall.
func (u *UI) answerButtonH(text string, lit bool, height float32, tapped func()) fyne.CanvasObject {
	b := widget.NewButton("", tapped)
	style := widget.RichTextStyle{Alignment: fyne.TextAlignCenter, ColorName: theme.ColorNameForeground,
		SizeName: theme.SizeNameText, TextStyle: fyne.TextStyle{Bold: true}}
	if lit {
		b.Importance = widget.HighImportance
		style.ColorName = theme.ColorNameForegroundOnPrimary
	}
	words := widget.NewRichText(&widget.TextSegment{Text: text, Style: style})
	words.Wrapping = fyne.TextWrapWord
	// Spacers centre the words in the button's height, at its full width
	// (a wrapping text centred on its own wraps letter by letter).
	return container.NewStack(minHeight(b, height), container.NewVBox(layout.NewSpacer(), words, layout.NewSpacer()))
}

func (u *UI) surveyChoice(sv *session.SurveyView) page {
	opts := sv.Options()
	labels := make([]string, len(opts))
	chosen := -1
	for i, o := range opts {
		labels[i] = u.T(o.Key)
		if o.Code == sv.Chosen() {
			chosen = i
		}
	}
	pick := func(i int) {
		code := opts[i].Code
		u.run(func(context.Context) { u.Session.SurveyChoose(code) })
	}
	box := vbox(u.surveyTitle(sv), u.profileHint(sv), u.banner(),
		u.ask(sv, u.T(profileKeys[sv.Step])), u.answers(4, labels, chosen, pick))
	return page{body: box, centred: true, footer: u.surveyFooter(sv)}
}

func (u *UI) surveyAge(sv *session.SurveyView) page {
	typed := sv.Age
	if typed == "" {
		typed = " "
	}
	age := widget.NewLabelWithStyle(typed, fyne.TextAlignCenter, fyne.TextStyle{Monospace: true, Bold: true})
	age.SizeName = theme.SizeNameHeadingText
	frame := inputFrame()
	// The age typed before the message, where it is seen on a small display.
	box := vbox(u.surveyTitle(sv), u.profileHint(sv), u.ask(sv, u.T(profileKeys[sv.Step])),
		container.NewStack(frame, age), u.banner())
	key := func(c byte) { u.run(func(context.Context) { u.Session.SurveyKey(c) }) }
	back := func() { u.run(func(context.Context) { u.Session.SurveyBackspace() }) }
	clear := func() { u.run(func(context.Context) { u.Session.SurveyClear() }) }
	next := u.bigButton(u.T("skm.next"), theme.NavigateNextIcon(), widget.HighImportance,
		func() { u.run(func(context.Context) { u.Session.SurveyNext() }) })
	return page{body: box, side: u.keypad(u.m.key, true, key, back, clear, "C"), footer: u.surveyFooter(sv, next)}
}

func (u *UI) surveyElement(sv *session.SurveyView) page {
	e := survey.Elements[sv.Element]
	labels := make([]string, 4)
	for i := range labels {
		labels[i] = u.T(e.Key + ".answer" + strconv.Itoa(i+1))
	}
	answer := func(i int) { u.run(func(context.Context) { u.Session.SurveyAnswer(i + 1) }) }
	box := vbox(u.surveyTitle(sv), u.banner(), u.ask(sv, u.T(e.Key+".question")),
		u.answers(4, labels, sv.Scores[sv.Element]-1, answer))
	return page{body: box, centred: true, footer: u.surveyFooter(sv)}
}

// surveyComment is the comment (kotak saran) of the SKM or of a rating,
// on the letters keyboard, with the characters left in sight. On a short
// display the text comes first; with no room beside it for the keyboard
// (large text on a small display), the keyboard comes right under the
// text, and the title and the hint after it, so that typing needs the
// least scrolling.
func (u *UI) surveyComment(sv *session.SurveyView) page {
	kb := u.textKeyboard(
		func(c byte) { u.run(func(context.Context) { u.Session.SurveyKey(c) }) },
		func() { u.run(func(context.Context) { u.Session.SurveyBackspace() }) },
		func() { u.run(func(context.Context) { u.Session.SurveyClear() }) })
	beside := u.sideBodyWidth(kb) < u.fullWidth()
	// The end of a long comment, where the typing is, on a small
	// display: the box stays small and the keys in sight.
	shown := sv.Comment
	if tail := commentTail(beside, u.m.short, u.m.large); len(shown) > tail {
		shown = "…" + shown[len(shown)-tail:]
	}
	text := widget.NewLabel(shown + "▏")
	text.Wrapping = fyne.TextWrapWord
	frame := inputFrame()
	lines := float32(3)
	if u.m.short {
		lines = 2
	}
	frame.SetMinSize(fyne.NewSize(minTouch, lines*minTouch))
	count := widget.NewLabelWithStyle(u.T("skm.comment.count", "n", strconv.Itoa(len(sv.Comment)), "max", strconv.Itoa(session.MaxComment)),
		fyne.TextAlignTrailing, fyne.TextStyle{Italic: true})
	box := container.NewStack(frame, text)
	send := u.bigButton(u.T("skm.send"), theme.MailSendIcon(), widget.HighImportance, func() { u.run(u.Session.SurveySubmit) })
	footer := u.surveyFooter(sv, send)
	// The rating's comment is the kotak saran; the SKM's last step asks
	// for its own suggestions.
	titleKey, hintKey := "skm.comment.title", "skm.comment.hint"
	if !sv.Rating {
		titleKey, hintKey = "skm.comment.survey_title", "skm.comment.survey_hint"
	}
	heading, h := title(u.T(titleKey)), hint(u.T(hintKey))
	switch {
	case !beside:
		return page{body: vbox(count, box, u.banner(), container.NewCenter(kb), heading, h), footer: footer}
	case u.m.short:
		// The question, what is typed, then the message in the count's
		// place (the limit reached says the count).
		under := fyne.CanvasObject(count)
		if !u.view.Message.IsZero() {
			under = u.banner()
		}
		return page{body: vbox(u.heading(u.T(titleKey)), box, under, h), side: kb, footer: footer}
	}
	return page{body: vbox(heading, u.banner(), h, box, count), side: kb, footer: footer}
}

// commentTail is how much of a comment's end its box shows: all of it on
// a large display, less above the keyboard or in large letters, less
// again beside the keyboard on a short display.
func commentTail(beside, short, large bool) int {
	switch {
	case short && large:
		return 24 // two lines in the narrow column
	case short:
		return 40
	case !beside || large:
		return 60
	}
	return session.MaxComment
}

func (u *UI) surveyThanksScreen() page {
	box := container.NewVBox(title(u.T("finish.title")), u.banner())
	done := u.bigButton(u.T("common.done"), theme.HomeIcon(), widget.HighImportance,
		func() { u.run(func(context.Context) { u.Session.Done() }) })
	return page{body: box, centred: true, footer: []fyne.CanvasObject{done}}
}

// surveyButton starts the SKM, on the home screen and the summary.
func (u *UI) surveyButton(importance widget.Importance) fyne.CanvasObject {
	return u.bigButton(u.T("skm.start"), theme.QuestionIcon(), importance,
		func() { u.run(func(context.Context) { u.Session.StartSurvey() }) })
}
