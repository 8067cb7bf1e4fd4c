package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/session"
)

func (u *UI) homeScreen() fyne.CanvasObject {
	if u.view.OutOfService {
		return u.outOfServiceScreen()
	}
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
	box := container.NewVBox(logo, welcome, h, buttons, u.banner())
	if n := u.view.Notice; n != "" {
		box.Add(u.messageText(kiosk.Message{Key: "staff.notice", Args: map[string]string{"text": n}, Level: kiosk.LevelWarning}, true))
	}
	return container.NewCenter(box)
}

// outOfServiceScreen replaces the home screen while staff have the kiosk
// out of service: their message, and where to go instead.
func (u *UI) outOfServiceScreen() fyne.CanvasObject {
	t := title(u.T("service.title"))
	t.Alignment = fyne.TextAlignCenter
	box := container.NewVBox(u.logo(120), t)
	if m := u.view.ServiceMessage; m != "" {
		msg := widget.NewLabelWithStyle(m, fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
		msg.SizeName = theme.SizeNameSubHeadingText
		msg.Wrapping = fyne.TextWrapWord
		box.Add(msg)
	}
	h := hint(u.T("service.hint"))
	h.Alignment = fyne.TextAlignCenter
	box.Add(h)
	return container.NewCenter(box)
}
