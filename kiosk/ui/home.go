package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/anjungan/anjungan/kiosk/session"
)

func (u *UI) homeScreen() fyne.CanvasObject {
	logo := u.logo(160)
	welcome := title(u.T("home.welcome"))
	welcome.Alignment = fyne.TextAlignCenter
	h := hint(u.T("home.hint"))
	h.Alignment = fyne.TextAlignCenter
	start := func(i session.Intent) func() {
		return func() { u.run(func(context.Context) { u.Session.Start(i) }) }
	}
	buttons := container.NewGridWithColumns(3,
		bigButton(u.T("home.borrow"), theme.DownloadIcon(), widget.HighImportance, start(session.IntentBorrow)),
		bigButton(u.T("home.return"), theme.UploadIcon(), widget.HighImportance, start(session.IntentReturn)),
		bigButton(u.T("home.account"), theme.AccountIcon(), widget.HighImportance, start(session.IntentAccount)),
	)
	if u.Session.Booking != nil {
		buttons = container.NewGridWithColumns(4, append(buttons.Objects,
			bigButton(u.T("home.makerspace"), theme.GridIcon(), widget.HighImportance,
				func() { u.run(u.Session.ShowMakerspace) }))...)
	}
	return container.NewCenter(container.NewVBox(logo, welcome, h, buttons, u.banner()))
}
