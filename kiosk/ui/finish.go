package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

func (u *UI) finishScreen() page {
	box := container.NewVBox(title(u.T("finish.title")), u.banner())
	if r := u.view.Receipt; r != nil && !u.view.Printed {
		box.Add(hint(u.T("finish.onscreen")))
		slip := widget.NewLabelWithStyle(r.Text(42), fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
		box.Add(slip) // 42 monospace columns fit the narrowest display, large text too
	}
	done := u.bigButton(u.T("common.done"), theme.HomeIcon(), widget.HighImportance,
		func() { u.run(func(context.Context) { u.Session.Done() }) })
	return page{body: box, centred: true, footer: []fyne.CanvasObject{done}}
}
