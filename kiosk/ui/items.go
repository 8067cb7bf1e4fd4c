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

// itemsScreen is Borrow and Return: the running list of scanned items.
func (u *UI) itemsScreen(heading, help string) fyne.CanvasObject {
	top := container.NewVBox(title(heading), hint(help))
	if g := u.greeting(); g != nil {
		top.Add(g)
	}
	top.Add(u.banner())
	if u.view.Offer != "" {
		top.Add(u.offerBar())
	}
	list := container.NewVBox()
	for _, l := range u.view.Lines {
		list.Add(u.lineCard(l))
	}
	buttons := []fyne.CanvasObject{u.cancelButton()}
	if u.view.Screen == session.ScreenBorrow {
		buttons = append(buttons, bigButton(u.T("borrow.goto_account"), theme.AccountIcon(), widget.MediumImportance,
			func() { u.run(u.Session.ShowAccount) }))
	}
	buttons = append(buttons, u.finishButton())
	pad := u.entryPad(compactKey, u.T("scan.placeholder"), u.T("scan.enter"))
	return container.NewBorder(top, footer(buttons...), nil, pad, container.NewVScroll(list))
}

// lineCard is one item in the list: title and what happened.
func (u *UI) lineCard(l session.Line) fyne.CanvasObject {
	name := l.Title
	if name == "" {
		name = l.Barcode
	}
	t := widget.NewLabelWithStyle(name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	t.Wrapping = fyne.TextWrapWord
	var status kiosk.Message
	extra := l.Message // the library system's words, or "recorded offline"
	switch l.Status {
	case session.StatusBorrowed:
		status = kiosk.Msg(kiosk.LevelSuccess, "status.borrowed", "date", u.Catalog.DateTime(u.view.Lang, l.Due))
	case session.StatusRenewed:
		status = kiosk.Msg(kiosk.LevelSuccess, "status.renewed", "date", u.Catalog.DateTime(u.view.Lang, l.Due))
	case session.StatusReturned:
		status = kiosk.Msg(kiosk.LevelSuccess, "status.returned")
		if extra.Key == kiosk.KeyReturnOKFine || extra.Key == session.KeyReturnHold || extra.Key == kiosk.KeyReturnOK {
			status, extra = extra, kiosk.Message{} // it says more than "returned"
		}
	default:
		status, extra = l.Message, kiosk.Message{}
	}
	icon := theme.ConfirmIcon()
	if !l.OK() {
		icon = theme.WarningIcon()
	}
	box := container.NewVBox(t, u.messageText(status, false))
	if !extra.IsZero() {
		box.Add(u.messageText(extra, false))
	}
	return container.NewBorder(nil, widget.NewSeparator(), widget.NewIcon(icon), nil, box)
}

// offerBar asks whether to renew an item the patron already has.
func (u *UI) offerBar() fyne.CanvasObject {
	yes := widget.NewButtonWithIcon(u.T("common.yes"), theme.ConfirmIcon(), func() { u.run(u.Session.AcceptRenewal) })
	yes.Importance = widget.HighImportance
	no := widget.NewButtonWithIcon(u.T("common.no"), theme.CancelIcon(), func() { u.run(func(context.Context) { u.Session.DeclineRenewal() }) })
	return container.NewBorder(nil, nil, nil, container.NewHBox(yes, no), hint(u.T("renew.offer")))
}
