package ui

import (
	"context"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/session"
)

// maxLines is how many items the list draws; a visit with more (a
// scanner gone mad) says how many more there are.
const maxLines = 60

// itemsScreen is Borrow and Return: the running list of scanned items,
// newest first, with the keypad beside it.
func (u *UI) itemsScreen(heading, help string) page {
	pad := u.entryPad(u.compactKey(), u.T("scan.placeholder"), u.T("scan.enter"))
	t := title(heading)
	body := container.NewVBox(t)
	if u.m.short {
		// A short display keeps its height for the items: a smaller title,
		// and the hint is in the keypad's placeholder anyway.
		t.SizeName = theme.SizeNameSubHeadingText
	} else {
		body.Add(hint(help))
	}
	if g := u.greeting(); g != nil {
		body.Add(g)
	}
	body.Add(u.banner())
	if u.view.Offer != "" {
		w := u.sideBodyWidth(pad)
		if u.m.short && u.m.large {
			w = u.fullWidth()
		}
		body.Add(u.offerBar(w))
	}
	for i, l := range u.view.Lines {
		if i == maxLines {
			body.Add(hint(u.T("list.more", "count", strconv.Itoa(len(u.view.Lines)-maxLines))))
			break
		}
		body.Add(u.lineCard(l))
	}
	buttons := []fyne.CanvasObject{u.cancelButton()}
	if u.view.Screen == session.ScreenBorrow {
		buttons = append(buttons, u.bigButton(u.T("borrow.goto_account"), theme.AccountIcon(), widget.MediumImportance,
			func() { u.run(u.Session.ShowAccount) }))
	}
	buttons = append(buttons, u.finishButton())
	if u.m.short && u.m.large {
		// Large text on a small display: the list of items gets the
		// width; the keypad (for patrons without a scanner) is under it.
		body.Add(container.NewCenter(pad))
		return page{body: body, footer: buttons}
	}
	return page{body: body, side: pad, footer: buttons}
}

// compactKey is the keypad's key beside a list: smaller than on the
// identify and PIN screens, which show nothing else.
func (u *UI) compactKey() fyne.Size {
	if u.m.short {
		return fyne.NewSize(64, minTouch)
	}
	return fyne.NewSize(72, 52)
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
	box := container.NewVBox(t)
	if name != l.Barcode {
		box.Add(barcodeText(l.Barcode)) // two copies of one title are told apart
	}
	box.Add(u.messageText(status, false))
	if !extra.IsZero() {
		box.Add(u.messageText(extra, false))
	}
	return container.NewBorder(nil, widget.NewSeparator(), widget.NewIcon(icon), nil, box)
}

// offerBar asks whether to renew an item the patron already has.
func (u *UI) offerBar(width float32) fyne.CanvasObject {
	yes := widget.NewButtonWithIcon(u.T("common.yes"), theme.ConfirmIcon(), func() { u.run(u.Session.AcceptRenewal) })
	yes.Importance = widget.HighImportance
	no := widget.NewButtonWithIcon(u.T("common.no"), theme.CancelIcon(), func() { u.run(func(context.Context) { u.Session.DeclineRenewal() }) })
	buttons := u.grid(2, width, minHeight(yes, 56), minHeight(no, 56))
	return container.NewVBox(u.messageText(kiosk.Msg(kiosk.LevelInfo, "renew.offer"), true), buttons)
}

// barcodeText shows an item's barcode under its title, small.
func barcodeText(b string) fyne.CanvasObject {
	l := widget.NewLabelWithStyle(b, fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
	l.SizeName = theme.SizeNameCaptionText
	return l
}
