package ui

import (
	"context"
	"image"
	"strings"

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
	// Go runs a Session call off the Fyne goroutine. New sets it to an
	// ordered queue (taps reach the Session in the order they were made);
	// tests may run calls inline instead.
	Go func(func())
	// Ctx bounds the Session calls the UI makes.
	Ctx context.Context
	// QR draws booking QR codes; without it the booked screen shows only
	// the code.
	QR QRFunc

	view   session.View
	theme  kioskTheme
	themed bool
	done   chan struct{} // closed when the action queue has stopped

	qr    image.Image // the last booking QR code drawn, for payload qrFor
	qrFor string

	typed      string // digits typed on the keypad or by a keyboard wedge
	typedLabel *widget.Label
	idle       *widget.PopUp
	content    *fyne.Container
}

// New makes the kiosk window for s and has s publish to it. do schedules a
// render on the Fyne goroutine: fyne.Do when nil. Call Show to put it up.
func New(ctx context.Context, a fyne.App, s *session.Session, cat *kiosk.Catalog, library string, logo fyne.Resource, do func(func())) *UI {
	u := &UI{App: a, Session: s, Catalog: cat, Library: library, Logo: logo, Ctx: ctx, done: make(chan struct{})}
	u.Go = u.queue(ctx)
	u.Window = a.NewWindow(library)
	u.content = container.NewStack()
	u.Window.SetContent(u.content)
	u.Window.Canvas().SetOnTypedRune(u.typedRune)
	u.Window.Canvas().SetOnTypedKey(u.typedKey)
	if do == nil {
		do = fyne.Do
	}
	u.Render(s.View())
	s.SetOnChange(func(v session.View) { do(func() { u.Render(v) }) })
	return u
}

// Show puts the window up, full screen unless windowed.
func (u *UI) Show(windowed bool) {
	if windowed {
		u.Window.Resize(fyne.NewSize(1280, 800))
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
	}
	u.view = v
	if t := (kioskTheme{large: v.LargeText, contrast: v.HighContrast}); t != u.theme || !u.themed {
		u.theme, u.themed = t, true
		u.App.Settings().SetTheme(t)
	}
	var body fyne.CanvasObject
	switch v.Screen {
	case session.ScreenIdentify:
		body = u.identifyScreen()
	case session.ScreenPIN:
		body = u.pinScreen()
	case session.ScreenBorrow:
		body = u.itemsScreen(u.T("borrow.title"), u.T("borrow.hint"))
	case session.ScreenReturn:
		body = u.itemsScreen(u.T("return.title"), u.T("return.hint"))
	case session.ScreenAccount:
		body = u.accountScreen()
	case session.ScreenFinish:
		body = u.finishScreen()
	case session.ScreenMakerspace:
		body = u.makerspaceScreen()
	case session.ScreenSlots:
		body = u.slotsScreen()
	case session.ScreenConfirm:
		body = u.confirmScreen()
	case session.ScreenBooked:
		body = u.bookedScreen()
	case session.ScreenCheckin:
		body = u.checkinScreen()
	default:
		body = u.homeScreen()
	}
	u.content.Objects = []fyne.CanvasObject{container.NewBorder(u.header(), nil, nil, nil, body)}
	u.content.Refresh()
	u.renderCountdown()
}

// run calls fn off the Fyne goroutine.
func (u *UI) run(fn func(ctx context.Context)) {
	u.Go(func() { fn(u.Ctx) })
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
	if len(u.typed) < 256 && r >= 0x20 {
		u.typed += string(r)
		u.refreshTyped()
	}
}

func (u *UI) typedKey(e *fyne.KeyEvent) {
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
	if code == "" {
		return
	}
	if u.view.Screen == session.ScreenIdentify {
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
				u.Session.PINDigit(d)
			}
		})
		return
	}
	if l := u.typedLabel; l != nil {
		l.SetText(u.typedText())
	}
}

func (u *UI) typedText() string {
	if u.typed == "" {
		return " "
	}
	return u.typed
}
