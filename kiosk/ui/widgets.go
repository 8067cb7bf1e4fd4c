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

// header is the bar on every screen: logo, library name, language and
// accessibility switches, and a busy indicator.
func (u *UI) header() fyne.CanvasObject {
	logo := u.logo(56)
	name := widget.NewLabelWithStyle(u.Library, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
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
	right := container.NewHBox(lang, large, contrast)
	bar := container.NewBorder(nil, nil, container.NewHBox(logo, name), right)
	var busy fyne.CanvasObject = canvas.NewRectangle(color.Transparent)
	if u.view.Busy {
		p := widget.NewProgressBarInfinite()
		busy = p
	}
	return container.NewVBox(bar, busy, widget.NewSeparator())
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
	switch u.view.Screen {
	case session.ScreenHome, session.ScreenIdentify, session.ScreenBorrow, session.ScreenReturn:
		if u.view.ScannerDown {
			box.Add(u.messageText(kiosk.Msg(kiosk.LevelWarning, kiosk.KeyScannerUnavailable), true))
		}
	}
	if m := u.view.Message; !m.IsZero() {
		box.Add(u.messageText(m, true))
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
		l.SizeName = theme.SizeNameSubHeadingText
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

func hint(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// bigButton is a touch target of at least 96 px high.
func bigButton(label string, icon fyne.Resource, importance widget.Importance, tapped func()) fyne.CanvasObject {
	b := widget.NewButtonWithIcon(label, icon, tapped)
	b.Importance = importance
	spacer := canvas.NewRectangle(color.Transparent)
	spacer.SetMinSize(fyne.NewSize(220, 96))
	return container.NewStack(spacer, b)
}

// Key sizes: big on the identify and PIN screens, which show nothing
// else; compact beside the list of items.
var (
	bigKey     = fyne.NewSize(88, 72)
	compactKey = fyne.NewSize(72, 52)
)

// keypad is a numeric pad with keys of at least size; digit receives each
// key, back and clear the others.
func keypad(size fyne.Size, digit func(byte), back, clear func(), clearLabel string) fyne.CanvasObject {
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
	keys = append(keys, key(clearLabel, clear), key("0", func() { digit('0') }), key("⌫", back))
	return container.NewGridWithColumns(3, keys...)
}

// typedBox shows what was typed on the keypad or by a wedge.
func (u *UI) typedBox(placeholder string) fyne.CanvasObject {
	u.typedLabel = widget.NewLabelWithStyle(u.typedText(), fyne.TextAlignCenter, fyne.TextStyle{Monospace: true, Bold: true})
	u.typedLabel.SizeName = theme.SizeNameSubHeadingText
	ph := widget.NewLabelWithStyle(placeholder, fyne.TextAlignCenter, fyne.TextStyle{Italic: true})
	box := canvas.NewRectangle(color.Transparent)
	box.StrokeColor = theme.Color(theme.ColorNameInputBorder)
	box.StrokeWidth = 2
	box.CornerRadius = 6
	return container.NewVBox(ph, container.NewStack(box, u.typedLabel))
}

// entryPad is the typed box with a keypad of size keys and an Enter key.
func (u *UI) entryPad(size fyne.Size, placeholder, enter string) fyne.CanvasObject {
	pad := keypad(size, func(d byte) { u.typed += string(d); u.refreshTyped() }, u.backspace,
		func() { u.typed = ""; u.refreshTyped() }, "C")
	ok := widget.NewButtonWithIcon(enter, theme.ConfirmIcon(), u.submitTyped)
	ok.Importance = widget.HighImportance
	return container.NewVBox(u.typedBox(placeholder), pad, ok)
}

// footer holds a screen's navigation buttons.
func footer(objs ...fyne.CanvasObject) fyne.CanvasObject {
	return container.NewVBox(widget.NewSeparator(), container.NewGridWithColumns(len(objs), objs...))
}

func (u *UI) cancelButton() fyne.CanvasObject {
	return bigButton(u.T("common.cancel"), theme.CancelIcon(), widget.MediumImportance,
		func() { u.run(func(context.Context) { u.Session.Cancel() }) })
}

func (u *UI) finishButton() fyne.CanvasObject {
	return bigButton(u.T("common.finish"), theme.ConfirmIcon(), widget.HighImportance,
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
		bigButton(u.T("idle.continue"), theme.ConfirmIcon(), widget.HighImportance,
			func() { u.run(func(context.Context) { u.Session.Touch() }) }),
	)
	if u.idle != nil {
		u.idle.Hide()
	}
	u.idle = widget.NewModalPopUp(container.NewPadded(content), u.Window.Canvas())
	u.idle.Show()
}
