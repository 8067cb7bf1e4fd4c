package ui

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/session"
)

// rect is a part of the canvas, in absolute coordinates.
type rect struct{ x0, y0, x1, y1 float32 }

func (r rect) cut(o rect) rect {
	return rect{max(r.x0, o.x0), max(r.y0, o.y0), min(r.x1, o.x1), min(r.y1, o.y1)}
}

func (r rect) holds(o rect) bool {
	const slack = 0.5
	return o.x0 >= r.x0-slack && o.y0 >= r.y0-slack && o.x1 <= r.x1+slack && o.y1 <= r.y1+slack
}

// sight calls fn with every visible object on the window and whether it
// is wholly in sight as the window is now: on the canvas and inside
// every scroll area around it, at that area's offset — what a patron
// sees without scrolling.
func sight(u *UI, fn func(o fyne.CanvasObject, seen bool)) {
	d := u.App.Driver()
	at := func(o fyne.CanvasObject) rect {
		p, s := d.AbsolutePositionForObject(o), o.Size()
		return rect{p.X, p.Y, p.X + s.Width, p.Y + s.Height}
	}
	c := u.Window.Canvas().Size()
	var visit func(o fyne.CanvasObject, clip rect)
	visit = func(o fyne.CanvasObject, clip rect) {
		if o == nil || !o.Visible() {
			return
		}
		fn(o, clip.holds(at(o)))
		switch x := o.(type) {
		case *fyne.Container:
			for _, ch := range x.Objects {
				visit(ch, clip)
			}
		case *container.Scroll:
			visit(x.Content, clip.cut(at(x)))
		case *sizeWatch:
			visit(x.obj, clip)
		case *column:
			visit(x.obj, clip)
		case *tapArea:
			visit(x.obj, clip)
		}
	}
	visit(u.Window.Content(), rect{0, 0, c.Width, c.Height})
}

// essentials are what a guest-book screen is used with, by the words on
// them: a button's text, or a label's.
func essentials(u *UI, v session.View) []string {
	T := func(key string) string { return u.T(key) }
	var want []string
	if !v.Message.IsZero() {
		want = append(want, u.msg(v.Message))
	}
	switch {
	case v.Screen == session.ScreenHome && !v.OutOfService:
		want = append(want, T("home.borrow"), T("home.return"), T("home.account"), T("home.makerspace"), T("home.visit"), T("skm.start"))
	case v.Screen == session.ScreenIdentify && u.entryLetters:
		want = append(want, "q", "m", "⌫", "123", T("identify.next"))
	case v.Screen == session.ScreenIdentify && v.Intent != session.IntentVisit:
		want = append(want, "0", "⌫", "ABC", T("identify.next"))
	case v.Screen == session.ScreenIdentify && v.Intent == session.IntentVisit:
		want = append(want, T("visit.guest"), "0", "⌫", "ABC", T("identify.next"))
		if !u.m.short || !u.m.large {
			want = append(want, T("visit.guest_hint"))
		}
		if len(u.Session.Passes.Secret) > 0 {
			want = append(want, T("visit.hint_pass"))
		}
	case v.Screen == session.ScreenFinish && v.Rate:
		want = append(want, T("finish.title")) // the thanks
		for i := 1; i <= 5; i++ {
			want = append(want, "  "+T("rate."+strconv.Itoa(i)))
		}
	case v.Screen == session.ScreenFinish && v.Suggest:
		want = append(want, T("visit.suggest"))
	case v.Screen == session.ScreenGuest:
		st := v.Guest.Current()
		want = append(want, T(session.KeyGuestLabel(st.Field)), T("guest.back"))
		if st.Text {
			want = append(want, T("guest.next"), "⌫", T("guest.space"), "'", T("pin.clear"))
			break
		}
		for i, c := range st.Choices {
			label := c.Value
			if c.Key != "" {
				label = T(c.Key)
			}
			if i > 0 && (len(st.Choices) > 6 && u.m.short && u.m.large && u.m.size.Height < 520 || len(label) > 30) {
				// Seven choices and more in large text on the 7" display,
				// or a library's own long words (twelve of 40 letters):
				// the first in sight, the rest a scroll away.
				break
			}
			want = append(want, label)
		}
	case v.Screen == session.ScreenSurvey && v.Survey.Step == session.StepComment:
		want = append(want, "⌫", T("skm.space"), "?", T("skm.send"), typedMark)
	}
	return want
}

// typedMark stands for the comment's box in essentials: the label whose
// text ends in the typing mark.
const typedMark = "…▏"

// TestGuestBookInSight: on every display kiosks use, in both languages
// and with either text size, what the guest book's screens are used with
// is in sight without scrolling — the question, the text typed, every
// key, the faces, the choices, and the card screens' keys and messages
// with either pad (digits or letters) (a patron's finding: with large text on
// the 7" display the guest form's question was under the keyboard, the
// keyboard's last row and "I'm a guest" below the fold).
func TestGuestBookInSight(t *testing.T) {
	u, s, _, _ := makerspaceUI(t)
	quiet(u)
	var states []fitState
	for _, st := range fitStates(t, u, s) {
		switch v := st.v; {
		case v.Screen == session.ScreenIdentify, v.Screen == session.ScreenHome && !v.OutOfService,
			v.Screen == session.ScreenFinish && (v.Rate || v.Suggest),
			v.Screen == session.ScreenGuest,
			v.Screen == session.ScreenSurvey && v.Survey.Step == session.StepComment:
			states = append(states, st)
		}
	}
	if len(states) < 10 {
		t.Fatalf("%d guest-book states", len(states))
	}
	var letters []fitState // the card screens with the letters keyboard (ABC)
	for _, st := range states {
		if st.v.Screen == session.ScreenIdentify {
			letters = append(letters, fitState{st.name + ", letters", st.v})
		}
	}
	for _, d := range displays {
		for _, lang := range []string{kiosk.LangID, kiosk.LangEN} {
			for _, large := range []bool{false, true} {
				u.Window.Resize(d)
				for _, st := range append(states, letters...) {
					v := st.v
					v.Lang, v.LargeText = lang, large
					u.entryLetters = strings.HasSuffix(st.name, ", letters")
					u.Render(v)
					u.content.Resize(d)
					name := fmt.Sprintf("%s at %.0fx%.0f, %s, large=%v", st.name, d.Width, d.Height, lang, large)
					seen := map[string]bool{}
					found := map[string]bool{}
					sight(u, func(o fyne.CanvasObject, in bool) {
						var text string
						switch x := o.(type) {
						case *widget.Button:
							text = x.Text
						case *widget.Label:
							text = x.Text
						case *widget.RichText:
							text = x.String()
						default:
							return
						}
						for _, w := range essentials(u, v) {
							if text == w || strings.HasPrefix(w, "  ") && strings.HasSuffix(text, w) ||
								v.Screen == session.ScreenFinish && strings.HasSuffix(text, " "+w) || // "Terima kasih! " and the message
								v.Screen == session.ScreenGuest && strings.HasSuffix(text, "  "+w) || // "3/7  Tujuan kunjungan"
								v.Screen == session.ScreenFinish && w == u.T("finish.title") && strings.HasPrefix(text, w) ||
								w == typedMark && strings.HasSuffix(text, "▏") {
								found[w] = true
								seen[w] = seen[w] || in
							}
						}
					})
					for _, w := range essentials(u, v) {
						switch {
						case !found[w]:
							t.Errorf("%s: %q is not on the screen", name, w)
						case !seen[w]:
							t.Errorf("%s: %q is out of sight", name, w)
						}
					}
				}
			}
		}
	}
}
