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

func (u *UI) accountScreen() page {
	body := container.NewVBox(title(u.T("account.title")))
	if g := u.greeting(); g != nil {
		body.Add(g)
	}
	body.Add(u.banner())
	if a := u.view.Account; a != nil {
		summary := u.T("account.fines", "fine", u.Catalog.Money(u.view.Lang, a.FinesTotal)) + "   ·   " +
			u.T("account.holds", "count", strconv.Itoa(a.Holds))
		if !a.Expires.IsZero() {
			summary += "   ·   " + u.T("account.expires", "date", u.Catalog.Date(u.view.Lang, a.Expires))
		}
		body.Add(hint(summary))
		if len(a.Loans) == 0 {
			body.Add(hint(u.T("account.no_loans")))
		}
		for i, l := range a.Loans {
			body.Add(u.loanRow(i, l))
		}
		if len(a.Loans) > 0 {
			// Renewing is about the loans above: the buttons go with them,
			// and there are none without loans.
			body.Add(u.grid(2, u.fullWidth(),
				u.bigButton(u.T("account.renew_selected"), theme.ViewRefreshIcon(), widget.MediumImportance,
					func() { u.run(u.Session.RenewSelected) }),
				u.bigButton(u.T("account.renew_all"), theme.ViewRefreshIcon(), widget.MediumImportance,
					func() { u.run(u.Session.RenewAll) })))
		}
		if len(a.Fines) > 0 {
			body.Add(widget.NewLabelWithStyle(u.T("account.fines_heading"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
			for _, f := range a.Fines {
				body.Add(u.fineRow(f))
			}
		}
		if u.Session.Booking != nil {
			body.Add(u.bookingRows(a.Bookings))
		}
	}
	buttons := []fyne.CanvasObject{
		u.cancelButton(),
		u.bigButton(u.T("account.goto_borrow"), theme.DownloadIcon(), widget.MediumImportance,
			func() { u.run(func(context.Context) { u.Session.ShowBorrow() }) }),
		u.finishButton(),
	}
	return page{body: body, footer: buttons}
}

// fineRow says what one fine is for: the late item and its due date in
// the patron's language when the library names them, else its own words.
func (u *UI) fineRow(f kiosk.Fine) fyne.CanvasObject {
	amount := u.Catalog.Money(u.view.Lang, f.Amount)
	text := u.T("account.fine_other", "text", f.Description, "fine", amount)
	if f.Title != "" && !f.Due.IsZero() {
		text = u.T("account.fine_overdue", "title", f.Title, "date", u.Catalog.Date(u.view.Lang, f.Due), "fine", amount)
	}
	return container.NewBorder(nil, widget.NewSeparator(), nil, nil, hint(text))
}

func (u *UI) loanRow(i int, l session.LoanRow) fyne.CanvasObject {
	toggle := func() { u.run(func(context.Context) { u.Session.ToggleLoan(i) }) }
	check := widget.NewCheck("", nil)
	check.SetChecked(l.Selected)
	check.OnChanged = func(bool) { toggle() }
	// The title wraps beside the box (a check's own text cannot), and a
	// tap on it ticks the box too.
	name := widget.NewLabelWithStyle(l.Item.Title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name.Wrapping = fyne.TextWrapWord
	row := container.NewBorder(nil, nil, minHeight(check, minTouch), nil, newTapArea(name, toggle))
	due := kiosk.Msg(kiosk.LevelInfo, "account.due", "date", u.Catalog.DateTime(u.view.Lang, l.Due))
	if l.Overdue {
		due = kiosk.Msg(kiosk.LevelError, "account.overdue", "date", u.Catalog.DateTime(u.view.Lang, l.Due))
	}
	info := container.NewVBox(row, barcodeText(l.Item.Barcode), u.messageText(due, false))
	if l.MaxRenewals >= 0 {
		info.Add(hint(u.T("account.renewals", "count", strconv.Itoa(l.Renewals), "max", strconv.Itoa(l.MaxRenewals))))
	}
	if !l.Result.IsZero() {
		info.Add(u.messageText(l.Result, false))
	}
	return container.NewBorder(nil, widget.NewSeparator(), nil, nil, info)
}
