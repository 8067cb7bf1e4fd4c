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
	if u.view.PatronName != "" {
		top.Add(hint(u.T("identify.welcome", "name", u.view.PatronName)))
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
