package ui

import (
	"context"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/anjungan/anjungan/kiosk/session"
)

// guestEntry adds the ways in for a visitor without a card to the
// guest book's Kunjungan screen: "Saya tamu", and a word on event
// visitor passes where the kiosk takes them.
func (u *UI) guestEntry(box *fyne.Container) fyne.CanvasObject {
	if !u.m.short || !u.m.large { // "I'm a guest" says it there
		box.Add(hint(u.T("visit.guest_hint")))
	}
	return u.bigButton(u.T("visit.guest"), theme.AccountIcon(), widget.MediumImportance,
		func() { u.run(func(context.Context) { u.Session.GuestStart() }) })
}

// guestScreen is one step of the guest form: a text typed on the
// letters keyboard beside it, or big choice buttons; Back always, Skip
// on an optional step, Next after a text.
func (u *UI) guestScreen() page {
	g := u.view.Guest
	if g == nil || len(g.Steps) == 0 {
		return page{body: title(u.T("guest.title")), footer: []fyne.CanvasObject{u.cancelButton()}}
	}
	st := g.Current()
	if st.Field != u.guestShown || st.Value != u.guestValue {
		if st.Field != u.guestShown {
			u.typed = "" // a new step
		}
		// A name's or an institution's words start with a capital: at
		// the start, after a space, again after erasing back to one.
		u.guestShown, u.guestValue = st.Field, st.Value
		u.shift, u.signs = st.Text && capitalNext(st.Value), false
	}
	// One short line above the question: where in the form, and whether
	// the step may be skipped; on a 480 px display with large text the
	// choices must start on the first screen.
	where := u.T("guest.step", "n", strconv.Itoa(g.Step+1), "total", strconv.Itoa(len(g.Steps)))
	if !st.Required {
		where += " · " + u.T("guest.optional")
	}
	step := widget.NewLabelWithStyle(where, fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	step.Wrapping = fyne.TextWrapWord
	head := container.NewVBox(step, u.heading(u.T(session.KeyGuestLabel(st.Field))))
	if !st.Text && u.m.short {
		// The choices need the height: where in the form goes before
		// the question, on its line (Lewati says it may be skipped).
		head = container.NewVBox(u.heading(strconv.Itoa(g.Step+1) + "/" + strconv.Itoa(len(g.Steps)) + "  " + u.T(session.KeyGuestLabel(st.Field))))
	}
	footer := []fyne.CanvasObject{u.bigButton(u.T("guest.back"), theme.NavigateBackIcon(), widget.MediumImportance,
		func() { u.run(func(context.Context) { u.Session.GuestBack() }) })}
	if !st.Required {
		footer = append(footer, u.bigButton(u.T("guest.skip"), theme.MediaSkipNextIcon(), widget.MediumImportance,
			func() { u.run(u.Session.GuestSkip) }))
	}
	if st.Text {
		footer = append(footer, u.bigButton(u.T("guest.next"), theme.NavigateNextIcon(), widget.HighImportance,
			func() { u.run(u.Session.GuestNext) }))
		return u.guestText(head, st, footer)
	}
	if st.Value != "" { // back on an answered choice: on with its answer
		footer = append(footer, u.bigButton(u.T("guest.next"), theme.NavigateNextIcon(), widget.HighImportance,
			func() { u.run(u.Session.GuestNext) }))
	}
	labels := make([]string, len(st.Choices))
	chosen := -1
	for i, c := range st.Choices {
		labels[i] = c.Value // a library's own choice, as written
		if c.Key != "" {
			labels[i] = u.T(c.Key)
		}
		if c.Value == st.Value && st.Value != "" {
			chosen = i // the answer given before Back
		}
	}
	choose := func(i int) { u.run(func(ctx context.Context) { u.Session.GuestChoose(ctx, i) }) }
	// A message under the choices: one that came up above them would
	// move them under a finger about to tap.
	body := container.NewVBox(head, u.choices(labels, chosen, choose), u.banner())
	return page{body: body, footer: footer}
}

// guestText is a text step: what is typed, in a box above the keyboard,
// beside the question, or under it when there is no room beside.
func (u *UI) guestText(head *fyne.Container, st session.GuestStep, footer []fyne.CanvasObject) page {
	key := func(c byte) { u.guestKey(rune(c)) }
	back := func() { u.run(func(context.Context) { u.Session.GuestErase() }) }
	clear := func() { u.run(func(context.Context) { u.Session.GuestClear() }) }
	keys := u.nameKeyboard(key, back, clear, u.T("guest.space"))
	style := fyne.TextStyle{Bold: true}
	typed := widget.NewLabelWithStyle(st.Value, fyne.TextAlignLeading, style)
	if u.m.short || u.m.large {
		// One line, in the narrow column beside the keyboard (or in
		// large letters): the end of what is typed, where the typing is.
		typed.Text = tail(st.Value, u.sideBodyWidth(keys)-6*pad()-2*theme.InnerPadding(), style)
		typed.Truncation = fyne.TextTruncateEllipsis
	} else {
		typed.SizeName = theme.SizeNameSubHeadingText
		typed.Wrapping = fyne.TextWrapWord
	}
	box := container.NewStack(inputFrame(), container.NewPadded(typed))
	if u.sideBodyWidth(keys) >= u.fullWidth() {
		// No room beside the text (large text on a small display): the
		// message and the text, then the keyboard, then the question.
		body := container.NewVBox(u.banner(), box, container.NewCenter(keys), head)
		return page{body: body, footer: footer}
	}
	if u.m.short {
		// The keyboard's five rows need all the height beside the text:
		// the box goes under the question, one line; a message takes the
		// step's line.
		if !u.view.Message.IsZero() {
			head.Remove(head.Objects[0])
		}
		head.Add(box)
		head.Add(u.banner())
		return page{body: head, side: keys, footer: footer}
	}
	// What is typed goes right above the keys, where the eyes are while
	// typing, and as wide as the keyboard: a long name stays in view.
	head.Add(u.banner())
	return page{body: head, side: container.NewVBox(box, keys), footer: footer}
}

// choices lays a step's choices out so that they are in sight on the
// display: as many abreast as fit (at most four) with no word broken,
// and shorter buttons when there are many (a library's long list, the
// kiosk's eleven occupations).
func (u *UI) choices(labels []string, chosen int, tapped func(i int)) fyne.CanvasObject {
	size, style := theme.TextSize(), fyne.TextStyle{Bold: true}
	word := float32(0)
	for _, l := range labels {
		for _, w := range strings.Fields(l) {
			word = max(word, fyne.MeasureText(w, size, style).Width)
		}
	}
	narrowest := max(word+4*theme.InnerPadding(), 3*minTouch)
	cols := max(1, min(4, len(labels), int(u.columnWidth()/(narrowest+pad()))))
	if len(labels) == 4 && cols == 3 {
		cols = 2 // two by two, not three and one
	}
	height := u.m.button
	if len(labels) > 6 {
		height = max(minTouch, u.m.button*2/3)
	}
	// Rows closer together than the theme's padding, as the keyboard's.
	var rows []fyne.CanvasObject
	for start := 0; start < len(labels); start += cols {
		row := make([]fyne.CanvasObject, cols)
		for j := range row {
			i := start + j
			if i >= len(labels) {
				row[j] = layout.NewSpacer()
				continue
			}
			row[j] = u.answerButtonH(labels[i], i == chosen, height, func() { tapped(i) })
		}
		rows = append(rows, container.NewGridWithColumns(cols, row...))
	}
	return container.New(layout.NewCustomPaddedVBoxLayout(2), rows...)
}

// guestKey types a character into the guest form.
func (u *UI) guestKey(r rune) {
	u.run(func(context.Context) { u.Session.GuestType(r) })
}

// capitalNext reports whether the next letter of a name or an
// institution is a word's first: at the start or after a space.
func capitalNext(text string) bool { return text == "" || strings.HasSuffix(text, " ") }

// guestRune takes a hardware keyboard's character on the guest form. A
// keyboard-wedge scanner types too: what it typed is kept (u.typed) so
// that a visitor pass scanned on the form is taken as a scan at Enter.
func (u *UI) guestRune(r rune) {
	u.wedgeRune(r)
	u.guestKey(r)
}

// guestTypedKey takes a hardware keyboard's keys on the guest form.
func (u *UI) guestTypedKey(e *fyne.KeyEvent) {
	switch e.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		if code, ok := u.wedgeScan(); ok {
			// A card, an item or a pass scanned on the form: what it
			// typed into the field is taken back, and it is a scan.
			u.run(func(ctx context.Context) {
				u.Session.GuestUntype(code)
				u.Session.Submit(ctx, code)
			})
			return
		}
		u.run(u.Session.GuestNext)
	case fyne.KeyBackspace:
		u.run(func(context.Context) { u.Session.GuestErase() })
	case fyne.KeyEscape:
		u.run(func(context.Context) { u.Session.GuestClear() })
	}
}

// tail is the end of text that fits in width, after an ellipsis when
// the beginning is left out; a space for nothing, so that the box keeps
// its height.
func tail(text string, width float32, style fyne.TextStyle) string {
	if text == "" {
		return " "
	}
	size := theme.TextSize()
	r := []rune(text)
	for i := 0; i < len(r); i++ {
		t := string(r[i:])
		if i > 0 {
			t = "…" + t
		}
		if fyne.MeasureText(t, size, style).Width <= width {
			return t
		}
	}
	return "…"
}
