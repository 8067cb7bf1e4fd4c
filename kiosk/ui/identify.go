package ui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The identify and PIN screens have their Enter in the footer, beside
// Cancel: it stays on screen however little room the keypad has. The
// screen's message comes before the hint: on a small display it is what
// must show.
func (u *UI) identifyScreen() page {
	left := container.NewVBox(title(u.T("identify.title")), u.banner(), hint(u.T("identify.hint")))
	right := u.entryPad(u.m.key, u.T("identify.card_placeholder"), "")
	next := u.bigButton(u.T("identify.next"), theme.ConfirmIcon(), widget.HighImportance, u.submitTyped)
	return page{body: left, side: right, footer: []fyne.CanvasObject{u.cancelButton(), next}}
}

func (u *UI) pinScreen() page {
	dots := widget.NewLabelWithStyle(strings.Repeat("●", u.view.PINLength)+" ", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	if !u.m.large {
		dots.SizeName = theme.SizeNameSubHeadingText
	}
	pad := u.keypad(u.m.key, true,
		func(d byte) { u.run(func(context.Context) { u.Session.PINDigit(d) }) },
		func() { u.run(func(context.Context) { u.Session.PINBack() }) },
		func() { u.run(func(context.Context) { u.Session.PINClear() }) },
		u.T("pin.clear"),
	)
	ok := u.bigButton(u.T("pin.ok"), theme.ConfirmIcon(), widget.HighImportance, func() { u.run(u.Session.PINSubmit) })
	left := container.NewVBox(title(u.T("pin.title")), u.banner(), hint(u.T("pin.hint")))
	right := container.NewVBox(dots, pad)
	return page{body: left, side: right, footer: []fyne.CanvasObject{u.cancelButton(), ok}}
}
