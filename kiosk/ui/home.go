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

func (u *UI) homeScreen() page {
	if u.view.OutOfService {
		return u.outOfServiceScreen()
	}
	box := container.NewVBox()
	if u.m.logo > 0 {
		box.Add(container.NewCenter(u.logo(u.m.logo)))
	}
	welcome := u.heading(u.T("home.welcome")) // smaller on a short display: the services need the height
	welcome.Alignment = fyne.TextAlignCenter
	hintKey := "home.hint"
	if u.Session.Config.Entrance && u.Session.GuestBook != nil {
		hintKey = "home.hint_entrance" // a card scanned here signs the guest book
	}
	h := hint(u.T(hintKey))
	h.Alignment = fyne.TextAlignCenter
	box.Add(welcome)
	banner := u.banner()
	if u.m.short && !u.view.Message.IsZero() {
		// In the hint's place: what just happened, above the services;
		// a scanner's warning under them.
		box.Add(u.messageText(u.view.Message, true))
		banner = nil
		if u.view.ScannerDown {
			banner = u.messageText(kiosk.Msg(kiosk.LevelWarning, kiosk.KeyScannerUnavailable), true)
		}
	} else {
		box.Add(h)
	}
	start := func(i session.Intent) func() {
		return func() { u.run(func(context.Context) { u.Session.Start(i) }) }
	}
	buttons := []fyne.CanvasObject{
		u.bigButton(u.T("home.borrow"), theme.DownloadIcon(), widget.HighImportance, start(session.IntentBorrow)),
		u.bigButton(u.T("home.return"), theme.UploadIcon(), widget.HighImportance, start(session.IntentReturn)),
		u.bigButton(u.T("home.account"), theme.AccountIcon(), widget.HighImportance, start(session.IntentAccount)),
	}
	if u.Session.Booking != nil {
		buttons = append(buttons, u.bigButton(u.T("home.makerspace"), theme.GridIcon(), widget.HighImportance,
			func() { u.run(u.Session.ShowMakerspace) }))
	}
	if u.Session.GuestBook != nil {
		visit := u.bigButton(u.T("home.visit"), theme.ConfirmIcon(), widget.HighImportance, start(session.IntentVisit))
		if u.Session.Config.Entrance {
			buttons = append([]fyne.CanvasObject{visit}, buttons...) // the guest book first at the entrance
		} else {
			buttons = append(buttons, visit)
		}
	}
	if u.Session.Survey != nil && u.Session.Config.Survey {
		buttons = append(buttons, u.surveyButton(widget.HighImportance))
	}
	box.Add(u.grid(len(buttons), u.columnWidth(), buttons...))
	if banner != nil {
		box.Add(banner)
	}
	if n := u.view.Notice; n != "" {
		box.Add(u.messageText(kiosk.Message{Key: "staff.notice", Args: map[string]string{"text": n}, Level: kiosk.LevelWarning}, true))
	}
	return page{body: box, centred: true}
}

// outOfServiceScreen replaces the home screen while staff have the kiosk
// out of service: their message, and where to go instead.
func (u *UI) outOfServiceScreen() page {
	t := title(u.T("service.title"))
	t.Alignment = fyne.TextAlignCenter
	box := container.NewVBox()
	if u.m.logo > 0 {
		box.Add(container.NewCenter(u.logo(fyne.Min(u.m.logo, 120))))
	}
	box.Add(t)
	if m := u.view.ServiceMessage; m != "" {
		msg := widget.NewLabelWithStyle(m, fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
		msg.SizeName = theme.SizeNameSubHeadingText
		msg.Wrapping = fyne.TextWrapWord
		box.Add(msg)
	}
	h := hint(u.T("service.hint"))
	h.Alignment = fyne.TextAlignCenter
	box.Add(h)
	return page{body: box, centred: true}
}
