package ui

import (
	"context"
	"image"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/session"
)

// UI is the kiosk window.
type UI struct {
	App     fyne.App
	Window  fyne.Window
	Session *session.Session
	Catalog *kiosk.Catalog
	Library string
	Logo    fyne.Resource
	// Enqueue hands a Session call to be run off the Fyne goroutine. New
	// sets it to an ordered queue (taps reach the Session in the order
	// they were made, one at a time); tests may run calls inline instead.
	Enqueue func(func())
	// Ctx bounds the Session calls the UI makes.
	Ctx context.Context
	// QR draws booking QR codes; without it the booked screen shows only
	// the code.
	QR QRFunc

	view   session.View
	m      metrics // sizes for the display and text size of the last render
	theme  kioskTheme
	themed bool
	done   chan struct{} // closed when the action queue has stopped

	// Renders coalesce: a view published while one is waiting replaces
	// it, so the window draws the latest state, never a backlog.
	renderMu sync.Mutex
	pending  *session.View
	schedule func(func())

	qr    image.Image // the last booking QR code drawn, for payload qrFor
	qrFor string

	guestShown session.GuestField // the guest form's step last drawn
	guestValue string             // and its text

	typed string // digits typed on the keypad or by a keyboard wedge
	// placeholder is shown in the typed box while it is empty, when the
	// screen has no line for it above the box.
	placeholder string
	// typedAt is when a hardware key last typed a character into a
	// text (guest form, comment): a scanner's burst is told by its pace.
	typedAt time.Time
	shift   bool // the letters keyboard shows upper case
	signs   bool // and the signs above the digits: Shift pressed, not a word's capital
	// entryLetters: the card and barcode pad is the letters keyboard.
	entryLetters bool
	typedLabel   *widget.Label
	idle         *widget.PopUp
	popup        *widget.PopUp // an "are you sure?" question, closed by the next render
	content      *sizeWatch
	// bodyScroll is the last screen's scrolling body; scrolledScreen which
	// screen it was.
	bodyScroll     *container.Scroll
	scrolledScreen string
	// OnRender, when set, runs after each render on the Fyne goroutine
	// (the real-window test reads the layout through it).
	OnRender func()
	renders  int // renders so far
}

// New makes the kiosk window for s and has s publish to it. do schedules a
// render on the Fyne goroutine: fyne.Do when nil. Call Show to put it up.
func New(ctx context.Context, a fyne.App, s *session.Session, cat *kiosk.Catalog, library string, logo fyne.Resource, do func(func())) *UI {
	u := &UI{App: a, Session: s, Catalog: cat, Library: library, Logo: logo, Ctx: ctx, done: make(chan struct{})}
	u.Enqueue = u.queue(ctx)
	u.Window = a.NewWindow(library)
	u.content = newSizeWatch(u.resized, u.displaySize)
	u.Window.SetPadded(false) // the content is the whole display; screens pad themselves
	u.Window.SetContent(u.content)
	u.Window.Canvas().SetOnTypedRune(u.typedRune)
	u.Window.Canvas().SetOnTypedKey(u.typedKey)
	if do == nil {
		do = fyne.Do
	}
	u.schedule = do
	u.Render(s.View())
	s.SetOnChange(u.publish)
	return u
}

// publish takes a view from the session (on any goroutine) and schedules
// one render for it; views published before that render runs are
// replaced, not queued.
func (u *UI) publish(v session.View) {
	u.renderMu.Lock()
	waiting := u.pending != nil
	u.pending = &v
	u.renderMu.Unlock()
	if !waiting {
		u.schedule(u.renderPending)
	}
}

// renderPending draws the latest published view.
func (u *UI) renderPending() {
	u.renderMu.Lock()
	v := u.pending
	u.pending = nil
	u.renderMu.Unlock()
	if v != nil {
		u.Render(*v)
	}
}

// resized draws the screen again for a new display size (the window
// going full screen, or a window resized by hand). It runs from a
// layout, so the render is scheduled rather than run inside it.
func (u *UI) resized(size fyne.Size) {
	if size == u.m.size || size.Width < 1 {
		return
	}
	go u.schedule(func() {
		if u.Window.Canvas().Size() != u.m.size {
			u.Render(u.view)
		}
	})
}

// Show puts the window up, full screen unless windowed.
func (u *UI) Show(windowed bool) {
	if windowed {
		u.Window.Resize(defaultSize)
	} else {
		u.Window.SetFullScreen(true)
	}
	u.Window.Show()
}

// T translates key in the current language.
func (u *UI) T(key string, kv ...string) string {
	return u.Catalog.Message(u.view.Lang, kiosk.Msg(0, key, kv...))
}

func (u *UI) msg(m kiosk.Message) string { return u.Catalog.Message(u.view.Lang, m) }

// Render draws v. It runs on the Fyne goroutine.
func (u *UI) Render(v session.View) {
	if v.Screen != u.view.Screen || v.Screen == session.ScreenHome {
		u.typed = "" // nothing typed survives a change of screen
		u.shift, u.signs, u.entryLetters = false, false, false
		u.guestShown = ""
	}
	u.view = v
	u.m = metricsFor(u.Window.Canvas().Size(), v.LargeText)
	if t := (kioskTheme{large: v.LargeText, contrast: v.HighContrast, tight: v.LargeText && u.m.short}); t != u.theme || !u.themed {
		u.theme, u.themed = t, true
		u.App.Settings().SetTheme(t)
	}
	var p page
	switch v.Screen {
	case session.ScreenIdentify:
		p = u.identifyScreen()
	case session.ScreenPIN:
		p = u.pinScreen()
	case session.ScreenBorrow:
		p = u.itemsScreen(u.T("borrow.title"), u.T("borrow.hint"))
	case session.ScreenReturn:
		p = u.itemsScreen(u.T("return.title"), u.T("return.hint"))
	case session.ScreenAccount:
		p = u.accountScreen()
	case session.ScreenFinish:
		p = u.finishScreen()
	case session.ScreenMakerspace:
		p = u.makerspaceScreen()
	case session.ScreenSlots:
		p = u.slotsScreen()
	case session.ScreenConfirm:
		p = u.confirmScreen()
	case session.ScreenBooked:
		p = u.bookedScreen()
	case session.ScreenCheckin:
		p = u.checkinScreen()
	case session.ScreenSurvey:
		p = u.surveyScreen()
	case session.ScreenSurveyThanks:
		p = u.surveyThanksScreen()
	case session.ScreenGuest:
		p = u.guestScreen()
	default:
		p = u.homeScreen()
	}
	if u.popup != nil {
		u.popup.Hide() // a question about the last screen
		u.popup = nil
	}
	u.content.set(u.layout(u.header(), p))
	// A widget tapped before (a loan's checkbox) would keep the keyboard
	// focus, and a typed PIN or a keyboard-wedge scan would go to it: the
	// kiosk's own key handling always gets the keys.
	u.Window.Canvas().Unfocus()
	u.renderCountdown()
	u.drawn()
}

// drawn counts a change on the display and tells OnRender.
func (u *UI) drawn() {
	u.renders++
	if u.OnRender != nil {
		u.OnRender()
	}
}

// run calls fn off the Fyne goroutine.
func (u *UI) run(fn func(ctx context.Context)) {
	u.Enqueue(func() { fn(u.Ctx) })
}

// Done is closed when the UI's action queue has stopped, after ctx ended
// and the call in progress returned.
func (u *UI) Done() <-chan struct{} { return u.done }

// maxQueued is how many taps may wait while the library is slow; more
// are dropped (the screen shows the kiosk is busy).
const maxQueued = 32

// queue starts the goroutine that runs Session calls one at a time, in
// order, until ctx ends, and returns the function that queues a call.
// Running each tap on a goroutine of its own would let two quick taps on
// the PIN pad reach the Session swapped.
func (u *UI) queue(ctx context.Context) func(func()) {
	q := make(chan func(), maxQueued)
	go func() {
		defer close(u.done)
		for {
			select {
			case <-ctx.Done():
				return
			case f := <-q:
				f()
			}
		}
	}()
	return func(f func()) {
		select {
		case q <- f:
		default:
			u.Session.Logger.Warn("tap dropped: the kiosk is still busy")
		}
	}
}

// typedRune collects a keyboard wedge's characters when no widget has
// the focus.
func (u *UI) typedRune(r rune) {
	if u.view.Screen == session.ScreenGuest {
		u.guestRune(r) // the guest form's text lives in the session
		return
	}
	if u.commenting() {
		// A comment typed on a hardware keyboard; a scanner's burst is
		// told apart at Enter.
		u.wedgeRune(r)
		if r < 0x80 {
			u.run(func(context.Context) { u.Session.SurveyKey(byte(r)) })
		}
		return
	}
	if len(u.typed) < 256 && r >= 0x20 {
		u.typed += string(r)
		u.refreshTyped()
	}
}

// keyed notes a key typed or tapped into the typed box: patron activity
// the session would not see until Enter.
func (u *UI) keyed() {
	if u.view.Screen != session.ScreenHome {
		u.Session.Active()
	}
}

func (u *UI) typedKey(e *fyne.KeyEvent) {
	if u.view.Screen == session.ScreenGuest {
		u.guestTypedKey(e)
		return
	}
	if u.commenting() {
		switch e.Name {
		case fyne.KeyReturn, fyne.KeyEnter:
			age := u.view.Survey.Step == session.StepAge
			if code, ok := u.wedgeScan(); ok {
				u.run(func(ctx context.Context) {
					if age {
						u.Session.SurveyClear() // a scanner's digits are no age
					}
					u.Session.SurveyUntype(code)
					u.Session.Submit(ctx, code)
				})
				return
			}
			if age {
				u.run(func(context.Context) { u.Session.SurveyNext() })
			}
		case fyne.KeyBackspace:
			u.run(func(context.Context) { u.Session.SurveyBackspace() })
		}
		return
	}
	switch e.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		u.submitTyped()
	case fyne.KeyBackspace:
		u.backspace()
	case fyne.KeyEscape:
		u.typed = ""
		u.refreshTyped()
	}
}

// submitTyped hands what was typed to the session as a scan, or as the
// PIN on the PIN screen.
func (u *UI) submitTyped() {
	code := strings.TrimSpace(u.typed)
	u.typed = ""
	u.refreshTyped()
	if u.view.Screen == session.ScreenPIN {
		u.run(u.Session.PINSubmit)
		return
	}
	if code == "" && u.view.Screen != session.ScreenIdentify {
		return
	}
	if u.view.Screen == session.ScreenIdentify { // nothing typed: told how
		u.run(func(ctx context.Context) { u.Session.EnterCard(ctx, code) })
		return
	}
	u.run(func(ctx context.Context) { u.Session.Submit(ctx, code) })
}

func (u *UI) backspace() {
	if u.view.Screen == session.ScreenPIN {
		u.run(func(context.Context) { u.Session.PINBack() })
		return
	}
	if n := len(u.typed); n > 0 {
		u.typed = u.typed[:n-1]
		u.refreshTyped()
	}
}

// refreshTyped shows what is typed, in place.
func (u *UI) refreshTyped() {
	if u.view.Screen == session.ScreenPIN {
		// Digits typed on a keyboard go to the session, never into u.typed.
		digits := []byte(u.typed)
		u.typed = ""
		u.run(func(context.Context) {
			for _, d := range digits {
				u.Session.PINKey(d)
			}
		})
		return
	}
	if l := u.typedLabel; l != nil {
		l.TextStyle.Italic = u.typed == "" && u.placeholder != ""
		l.SetText(u.typedText())
	}
	u.keyed()
}

// typedText is what is typed, or the box's placeholder (in the box where
// the screen has no line to spare for it).
func (u *UI) typedText() string {
	switch {
	case u.typed != "":
		return u.typed
	case u.placeholder != "":
		return u.placeholder
	}
	return " "
}
