package ui

import (
	"context"
	"image/color"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/session"
)

// header is the bar on every screen: logo, library name (or "please
// wait" while the library is asked), language and accessibility
// switches. It is as wide as the display at the most: the name gives way.
func (u *UI) header() fyne.CanvasObject {
	logoSize := float32(56)
	if u.m.short {
		logoSize = 40
	}
	name := widget.NewLabelWithStyle(u.Library, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	if u.view.Busy {
		// A static word, not an animation: an infinite progress bar keeps
		// animating for a minute after it leaves the screen.
		name = widget.NewLabelWithStyle(u.T("common.busy"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true, Italic: true})
		name.Importance = widget.HighImportance
	}
	name.Truncation = fyne.TextTruncateEllipsis
	lang := widget.NewButton(u.T("lang.switch"), func() {
		next := kiosk.LangEN
		if u.view.Lang == kiosk.LangEN {
			next = kiosk.LangID
		}
		u.run(func(context.Context) { u.Session.SetLang(next) })
	})
	large := widget.NewButton(u.T("a11y.large"), func() { u.run(func(context.Context) { u.Session.ToggleLargeText() }) })
	contrast := widget.NewButton(u.T("a11y.contrast"), func() { u.run(func(context.Context) { u.Session.ToggleHighContrast() }) })
	if u.view.LargeText {
		large.Importance = widget.HighImportance
	}
	if u.view.HighContrast {
		contrast.Importance = widget.HighImportance
	}
	right := container.NewHBox(minHeight(lang, minTouch), minHeight(large, minTouch), minHeight(contrast, minTouch))
	var logo fyne.CanvasObject
	if !u.m.large || u.m.size.Width >= 1000 {
		logo = u.logo(logoSize) // large text on a narrow display needs the room
	}
	bar := container.NewBorder(nil, nil, logo, right, name)
	return container.NewVBox(container.NewPadded(bar), widget.NewSeparator())
}

// logo is the library's logo, size pixels square at the least.
func (u *UI) logo(size float32) *canvas.Image {
	img := canvas.NewImageFromResource(u.Logo)
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSize(size, size))
	return img
}

// banner shows the session's message, coloured by level, and a warning
// while no scanner works on the screens that expect a scan.
// greeting names the identified patron, unless the banner already
// welcomes them.
func (u *UI) greeting() fyne.CanvasObject {
	if u.view.PatronName == "" || u.view.Message.Key == session.KeyWelcome {
		return nil
	}
	return hint(u.T(session.KeyWelcome, "name", u.view.PatronName))
}

func (u *UI) banner() fyne.CanvasObject {
	box := container.NewVBox()
	if m := u.view.Message; !m.IsZero() {
		box.Add(u.messageText(m, true)) // what just happened first
	}
	switch u.view.Screen {
	case session.ScreenHome, session.ScreenIdentify, session.ScreenBorrow, session.ScreenReturn:
		if u.view.ScannerDown {
			box.Add(u.messageText(kiosk.Msg(kiosk.LevelWarning, kiosk.KeyScannerUnavailable), true))
		}
	}
	if len(box.Objects) == 0 {
		return canvas.NewRectangle(color.Transparent)
	}
	return box
}

func (u *UI) messageText(m kiosk.Message, big bool) fyne.CanvasObject {
	l := widget.NewLabel(u.msg(m))
	l.Wrapping = fyne.TextWrapWord
	l.Importance = importance(m.Level)
	if big {
		l.TextStyle = fyne.TextStyle{Bold: true}
		if !u.m.short || !u.m.large { // large text is large enough on a short display
			l.SizeName = theme.SizeNameSubHeadingText
		}
	}
	return l
}

func importance(l kiosk.Level) widget.Importance {
	switch l {
	case kiosk.LevelError:
		return widget.DangerImportance
	case kiosk.LevelWarning:
		return widget.WarningImportance
	case kiosk.LevelSuccess:
		return widget.SuccessImportance
	}
	return widget.MediumImportance
}

func title(text string) *widget.Label {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameHeadingText
	l.Wrapping = fyne.TextWrapWord
	return l
}

// heading is a screen's title that shares the display's height with a
// keyboard or answers: a size smaller on a short display, on one line
// where a title would take two.
func (u *UI) heading(text string) *widget.Label {
	l := title(text)
	switch {
	case u.m.short && u.m.large:
		l.SizeName = theme.SizeNameText // bold, and large already
	case u.m.short:
		l.SizeName = theme.SizeNameSubHeadingText
	}
	return l
}

func hint(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// bigButton is a large touch target: as high as the display allows a
// footer or home button (64–96 px).
func (u *UI) bigButton(label string, icon fyne.Resource, importance widget.Importance, tapped func()) fyne.CanvasObject {
	b := widget.NewButtonWithIcon(label, icon, tapped)
	b.Importance = importance
	spacer := canvas.NewRectangle(color.Transparent)
	spacer.SetMinSize(fyne.NewSize(fyne.Min(220, b.MinSize().Width), u.m.button))
	return container.NewStack(spacer, b)
}

// keypad is a numeric pad with keys of at least size; digit receives each
// key, back and clear the others.
// It has 3 columns, or 6 (two rows) when wide is set on a short display,
// which has no room for four rows of keys beside the rest.
func (u *UI) keypad(size fyne.Size, wide bool, digit func(byte), back, clear func(), clearLabel string) fyne.CanvasObject {
	var keys []fyne.CanvasObject
	key := func(label string, fn func()) fyne.CanvasObject {
		b := widget.NewButton(label, fn)
		spacer := canvas.NewRectangle(color.Transparent)
		spacer.SetMinSize(size)
		return container.NewStack(spacer, b)
	}
	for _, d := range "123456789" {
		d := byte(d)
		keys = append(keys, key(string(d), func() { digit(d) }))
	}
	if wide && (u.m.short || u.m.large) { // two rows: large keys need the height
		keys = append(keys, key("C", clear), key("0", func() { digit('0') }), key("⌫", back))
		return container.NewGridWithColumns(6, keys...)
	}
	keys = append(keys, key(clearLabel, clear), key("0", func() { digit('0') }), key("⌫", back))
	return container.NewGridWithColumns(3, keys...)
}

// inputFrame is the outline of a box that shows what is typed.
func inputFrame() *canvas.Rectangle {
	f := canvas.NewRectangle(color.Transparent)
	f.StrokeColor, f.StrokeWidth, f.CornerRadius = theme.Color(theme.ColorNameInputBorder), 2, 6
	return f
}

// typedBox shows what was typed on the keypad or by a wedge.
func (u *UI) typedBox(placeholder string) fyne.CanvasObject {
	// With the letters keyboard, or large text on a short display, the
	// placeholder goes in the box: the keys need the line.
	inside := u.entryLetters || u.m.short && u.m.large
	u.placeholder = ""
	if inside {
		u.placeholder = placeholder
	}
	u.typedLabel = widget.NewLabelWithStyle(u.typedText(), fyne.TextAlignCenter,
		fyne.TextStyle{Monospace: true, Bold: true, Italic: u.typed == "" && inside})
	u.typedLabel.SizeName = theme.SizeNameSubHeadingText
	if u.m.large && u.entryLetters {
		u.typedLabel.SizeName = theme.SizeNameText // one line in the keyboard's width
	}
	ph := widget.NewLabelWithStyle(placeholder, fyne.TextAlignCenter, fyne.TextStyle{Italic: true})
	ph.Wrapping = fyne.TextWrapWord
	box := inputFrame()
	if inside {
		return container.NewStack(box, u.typedLabel)
	}
	return container.NewVBox(ph, container.NewStack(box, u.typedLabel))
}

// entryPad is the typed box with a keypad of size keys and an Enter key,
// and a key that turns the keypad into a letters keyboard and back (cards
// and barcodes with letters: SLiMS's M0001, B0001). With enter "", the
// pad has no Enter key (the screen has it in its footer).
func (u *UI) entryPad(size fyne.Size, placeholder, enter string) fyne.CanvasObject {
	return u.entryPadBox(size, placeholder, enter, false)
}

// entryPadBox is entryPad; with boxApart the letters keyboard comes
// without the typed box, which the screen puts beside it (u.typedBox).
func (u *UI) entryPadBox(size fyne.Size, placeholder, enter string, boxApart bool) fyne.CanvasObject {
	add := func(c byte) { u.typed += string(c); u.refreshTyped() }
	clear := func() { u.typed = ""; u.refreshTyped() }
	var pad fyne.CanvasObject
	toggle := func(label string) *widget.Button {
		return widget.NewButton(label, func() { u.entryLetters = !u.entryLetters; u.Render(u.view) })
	}
	if u.entryLetters {
		// "123" on the keyboard's last row: its five rows and the box
		// need all the height.
		pad = u.keyboard(add, u.backspace, clear, toggle("123"))
		if enter == "" && boxApart {
			return pad // the box is on the screen's other side
		}
		if enter == "" {
			return container.NewVBox(u.typedBox(placeholder), pad)
		}
		ok := widget.NewButtonWithIcon(enter, theme.ConfirmIcon(), u.submitTyped)
		ok.Importance = widget.HighImportance
		return container.NewVBox(u.typedBox(placeholder), pad, minHeight(ok, minTouch))
	}
	pad = u.keypad(size, true, add, u.backspace, clear, "C")
	letters := minHeight(toggle("ABC"), fyne.Max(minTouch, size.Height))
	if enter == "" {
		return container.NewVBox(u.typedBox(placeholder), pad, letters)
	}
	ok := widget.NewButtonWithIcon(enter, theme.ConfirmIcon(), u.submitTyped)
	ok.Importance = widget.HighImportance
	// The letters key beside Enter: no row more than before.
	return container.NewVBox(u.typedBox(placeholder), pad,
		container.NewBorder(nil, nil, letters, nil, minHeight(ok, size.Height)))
}

func (u *UI) cancelButton() fyne.CanvasObject {
	return u.bigButton(u.T("common.cancel"), theme.CancelIcon(), widget.MediumImportance,
		func() { u.run(func(context.Context) { u.Session.Cancel() }) })
}

func (u *UI) finishButton() fyne.CanvasObject {
	return u.bigButton(u.T("common.finish"), theme.ConfirmIcon(), widget.HighImportance,
		func() { u.run(u.Session.Finish) })
}

// renderCountdown shows or hides the "are you still there?" dialog.
func (u *UI) renderCountdown() {
	n := u.view.Countdown
	if n <= 0 || u.view.Screen == session.ScreenHome {
		if u.idle != nil {
			u.idle.Hide()
			u.idle = nil
		}
		return
	}
	content := container.NewVBox(
		title(u.T("idle.title")),
		hint(u.T("idle.message", "seconds", strconv.Itoa(n))),
	)
	if sv := u.view.Survey; u.view.Screen == session.ScreenSurvey && sv != nil && !sv.Rating {
		content.Add(hint(u.T("skm.idle"))) // a half-done survey is not kept
	}
	if u.view.Screen == session.ScreenGuest {
		content.Add(hint(u.T("guest.idle"))) // nor a half-filled guest form
	}
	content.Add(u.bigButton(u.T("idle.continue"), theme.ConfirmIcon(), widget.HighImportance,
		func() { u.run(func(context.Context) { u.Session.Touch() }) }))
	if u.idle != nil {
		u.idle.Hide()
	}
	u.idle = widget.NewModalPopUp(newColumn(content, fyne.Min(u.m.size.Width-8*pad(), 640), false), u.Window.Canvas())
	u.idle.Show()
}

// confirm asks "are you sure?" before an action that cannot be undone;
// yes runs it, no (or the popup closed by a new screen) does nothing.
func (u *UI) confirm(question string, yes func()) {
	var pop *widget.PopUp
	ok := widget.NewButtonWithIcon(u.T("common.yes"), theme.ConfirmIcon(), func() { pop.Hide(); yes() })
	ok.Importance = widget.DangerImportance
	no := widget.NewButtonWithIcon(u.T("common.no"), theme.CancelIcon(), func() { pop.Hide() })
	q := hint(question)
	box := container.NewVBox(q, container.NewGridWithColumns(2, minHeight(no, u.m.button), minHeight(ok, u.m.button)))
	pop = widget.NewModalPopUp(newColumn(box, fyne.Min(u.m.size.Width-8*pad(), 640), false), u.Window.Canvas())
	u.popup = pop
	pop.Show()
	u.drawn()
}
