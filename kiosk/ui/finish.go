package ui

import (
	"context"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

func (u *UI) finishScreen() page {
	var box *fyne.Container
	switch {
	case u.view.Rate && u.m.short && !u.view.Message.IsZero():
		// The faces need the height: the thanks begin the message's line.
		l := u.messageText(u.view.Message, true).(*widget.Label)
		l.Text = u.T("finish.title") + " " + l.Text
		box = container.NewVBox(l)
	case u.view.Rate && u.m.short:
		box = container.NewVBox(u.heading(u.T("finish.title")), u.banner())
	default:
		box = container.NewVBox(title(u.T("finish.title")), u.banner())
	}
	if u.view.Rate {
		// Five faces, large, each with its words, side by side on every
		// display (words wrap in a narrow one): a tap rates the visit.
		rateKey := "visit.rate"
		if u.Session.Config.Entrance {
			rateKey = "visit.rate_entrance" // the visit has just begun: the library, not the visit
		}
		box.Add(hint(u.T(rateKey)))
		faces := []string{"☹", "🙁", "😐", "🙂", "😄"}
		var buttons []fyne.CanvasObject
		for i := range 5 {
			score := i + 1
			buttons = append(buttons, u.answerButton(faces[i]+"  "+u.T("rate."+strconv.Itoa(score)), false,
				func() { u.run(func(ctx context.Context) { u.Session.Rate(ctx, score) }) }))
		}
		box.Add(container.NewGridWithColumns(5, buttons...))
	}
	if u.view.Suggest {
		box.Add(u.bigButton(u.T("visit.suggest"), theme.DocumentCreateIcon(), widget.MediumImportance,
			func() { u.run(func(context.Context) { u.Session.StartSuggestion() }) }))
	}
	if u.Session.Survey != nil {
		box.Add(u.surveyButton(widget.MediumImportance)) // in the body: the footer's one button stays one row
	}
	if r := u.view.Receipt; r != nil && !u.view.Printed {
		box.Add(hint(u.T("finish.onscreen")))
		slip := widget.NewLabelWithStyle(r.Text(42), fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
		box.Add(slip) // 42 monospace columns fit the narrowest display, large text too
	}
	done := u.bigButton(u.T("common.done"), theme.HomeIcon(), widget.HighImportance,
		func() { u.run(func(context.Context) { u.Session.Done() }) })
	return page{body: box, centred: true, footer: []fyne.CanvasObject{done}}
}
