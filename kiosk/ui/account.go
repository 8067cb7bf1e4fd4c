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

func (u *UI) accountScreen() fyne.CanvasObject {
	top := container.NewVBox(title(u.T("account.title")))
	if g := u.greeting(); g != nil {
		top.Add(g)
	}
	top.Add(u.banner())
	list := container.NewVBox()
	a := u.view.Account
	if a != nil {
		summary := u.T("account.fines", "fine", u.Catalog.Money(u.view.Lang, a.FinesTotal)) + "   ·   " +
			u.T("account.holds", "count", strconv.Itoa(a.Holds))
		top.Add(hint(summary))
		if len(a.Loans) == 0 {
			list.Add(hint(u.T("account.no_loans")))
		}
		for i, l := range a.Loans {
			list.Add(u.loanRow(i, l))
		}
		if len(a.Fines) > 0 {
			list.Add(widget.NewLabelWithStyle(u.T("account.fines_heading"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
			for _, f := range a.Fines {
				list.Add(u.fineRow(f))
			}
		}
		if u.Session.Booking != nil {
			list.Add(u.bookingRows(a.Bookings))
		}
	}
	buttons := []fyne.CanvasObject{
		u.cancelButton(),
		bigButton(u.T("account.goto_borrow"), theme.DownloadIcon(), widget.MediumImportance,
			func() { u.run(func(context.Context) { u.Session.ShowBorrow() }) }),
		bigButton(u.T("account.renew_selected"), theme.ViewRefreshIcon(), widget.MediumImportance,
			func() { u.run(u.Session.RenewSelected) }),
		bigButton(u.T("account.renew_all"), theme.ViewRefreshIcon(), widget.MediumImportance,
			func() { u.run(u.Session.RenewAll) }),
		u.finishButton(),
	}
	return container.NewBorder(top, footer(buttons...), nil, nil, container.NewVScroll(list))
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
	check := widget.NewCheck(l.Item.Title, nil)
	check.SetChecked(l.Selected)
	check.OnChanged = func(bool) { u.run(func(context.Context) { u.Session.ToggleLoan(i) }) }
	due := kiosk.Msg(kiosk.LevelInfo, "account.due", "date", u.Catalog.DateTime(u.view.Lang, l.Due))
	if l.Overdue {
		due = kiosk.Msg(kiosk.LevelError, "account.overdue", "date", u.Catalog.DateTime(u.view.Lang, l.Due))
	}
	info := container.NewVBox(check, u.messageText(due, false))
	if l.MaxRenewals >= 0 {
		info.Add(hint(u.T("account.renewals", "count", strconv.Itoa(l.Renewals), "max", strconv.Itoa(l.MaxRenewals))))
	}
	if !l.Result.IsZero() {
		info.Add(u.messageText(l.Result, false))
	}
	return container.NewBorder(nil, widget.NewSeparator(), nil, nil, info)
}
