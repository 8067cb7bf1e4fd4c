package ui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

func (u *UI) identifyScreen() page {
	left := container.NewVBox(title(u.T("identify.title")), hint(u.T("identify.hint")), u.banner())
	right := u.entryPad(u.m.key, u.T("identify.card_placeholder"), u.T("identify.next"))
	return page{body: left, side: right, footer: []fyne.CanvasObject{u.cancelButton()}}
}

func (u *UI) pinScreen() page {
	dots := widget.NewLabelWithStyle(strings.Repeat("●", u.view.PINLength)+" ", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	dots.SizeName = theme.SizeNameSubHeadingText
	pad := keypad(u.m.key,
		func(d byte) { u.run(func(context.Context) { u.Session.PINDigit(d) }) },
		func() { u.run(func(context.Context) { u.Session.PINBack() }) },
		func() { u.run(func(context.Context) { u.Session.PINClear() }) },
		u.T("pin.clear"),
	)
	ok := widget.NewButtonWithIcon(u.T("pin.ok"), theme.ConfirmIcon(), func() { u.run(u.Session.PINSubmit) })
	ok.Importance = widget.HighImportance
	left := container.NewVBox(title(u.T("pin.title")), hint(u.T("pin.hint")), u.banner())
	right := container.NewVBox(dots, pad, minHeight(ok, u.m.key.Height))
	return page{body: left, side: right, footer: []fyne.CanvasObject{u.cancelButton()}}
}
