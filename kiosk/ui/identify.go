package ui

import (
	"context"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/anjungan/anjungan/kiosk/session"
)

// The identify and PIN screens have their Enter in the footer, beside
// Cancel: it stays on screen however little room the keypad has. The
// screen's message comes before the hint: on a small display it is what
// must show.
func (u *UI) identifyScreen() page {
	visit := u.view.Intent == session.IntentVisit
	titleKey, hintKey := "identify.title", "identify.hint"
	if visit {
		titleKey, hintKey = "visit.title", "visit.hint"
		if len(u.Session.Passes.Secret) > 0 {
			hintKey = "visit.hint_pass" // and an event's visitor pass
		}
	}
	placeholder := u.T("identify.card_placeholder")
	// With the letters keyboard on a short display its five rows take the
	// height beside the text: the typed box goes under the title (and in
	// large text with a message, in its place: the message says what is
	// going on, the box what to type).
	apart := u.entryLetters && u.m.short
	left := container.NewVBox()
	if !apart || !u.m.large || u.view.Message.IsZero() {
		left.Add(u.heading(u.T(titleKey)))
	}
	if apart {
		left.Add(u.typedBox(placeholder))
	}
	left.Add(u.banner())
	left.Add(hint(u.T(hintKey)))
	footer := []fyne.CanvasObject{u.cancelButton()}
	if visit {
		// The guest book: "I'm a guest" in the footer, on screen however
		// little room the keypad leaves.
		footer = append(footer, u.guestEntry(left))
	}
	right := u.entryPadBox(u.m.key, placeholder, "", apart)
	next := u.bigButton(u.T("identify.next"), theme.ConfirmIcon(), widget.HighImportance, u.submitTyped)
	return page{body: left, side: right, footer: append(footer, next)}
}

func (u *UI) pinScreen() page {
	most := 12
	if u.view.PINLetters {
		most = 8 // in the narrow column beside the keyboard
	}
	dots := widget.NewLabelWithStyle(pinDots(u.view.PINLength, most), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	if !u.m.large {
		dots.SizeName = theme.SizeNameSubHeadingText
	}
	key := func(c byte) { u.run(func(context.Context) { u.Session.PINKey(c) }) }
	back := func() { u.run(func(context.Context) { u.Session.PINBack() }) }
	clear := func() { u.run(func(context.Context) { u.Session.PINClear() }) }
	var pad fyne.CanvasObject
	titleKey, hintKey := "pin.title", "pin.hint"
	if u.view.PINLetters {
		pad = u.keyboard(key, back, clear)
		titleKey, hintKey = "password.title", "password.hint"
	} else {
		pad = u.keypad(u.m.key, true, key, back, clear, u.T("pin.clear"))
	}
	ok := u.bigButton(u.T("pin.ok"), theme.ConfirmIcon(), widget.HighImportance, func() { u.run(u.Session.PINSubmit) })
	left := container.NewVBox(title(u.T(titleKey)), u.banner(), hint(u.T(hintKey)))
	right := container.NewVBox(dots, pad)
	if u.view.PINLetters {
		if u.sideBodyWidth(pad) >= u.fullWidth() {
			// No room beside the text (large text on a small display):
			// the message and the dots, then the keyboard, and the title
			// and the hint after it, so that typing needs the least
			// scrolling.
			body := container.NewVBox(u.banner(), dots, container.NewCenter(pad), title(u.T(titleKey)), hint(u.T(hintKey)))
			return page{body: body, footer: []fyne.CanvasObject{u.cancelButton(), ok}}
		}
		// The keyboard has five rows: the dots go under the title, so
		// that all the rows fit beside the text on a 480 px display.
		left = container.NewVBox(title(u.T(titleKey)), dots, u.banner(), hint(u.T(hintKey)))
		right = container.NewVBox(pad)
	}
	return page{body: left, side: right, footer: []fyne.CanvasObject{u.cancelButton(), ok}}
}

// pinDots shows how many characters are typed, never what: a dot each,
// and past most (a long password) that many dots and the count of the
// rest, so that the line stays narrow.
func pinDots(n, most int) string {
	if n > most {
		return strings.Repeat("●", most) + " +" + strconv.Itoa(n-most)
	}
	return strings.Repeat("●", n) + " "
}
