package ui

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
)

// keyboardRows are the letters keyboard's rows, lower case; Shift shows
// and types the upper case and the signs above the digits.
var keyboardRows = [...]string{"1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"}

// shifted are the signs Shift puts on the digit row, as on a keyboard.
const shifted = "!@#$%^&*()"

// keyboard is the on-screen keyboard for a password, or a card or
// barcode with letters: digits, letters with a Shift key (for one
// character; lit while on), a few signs, Backspace and Clear. Its keys are as
// tall as the keypad's and as wide as ten of them fit in about 60 % of
// the display.
func (u *UI) keyboard(key func(byte), back, clear func(), extra ...fyne.CanvasObject) fyne.CanvasObject {
	return u.keys(key, back, clear, "-_.@", "", false, extra...)
}

// nameKeyboard is the keyboard for a name or an institution: the signs
// names have and a space bar (labelled space) in place of the password's
// signs.
func (u *UI) nameKeyboard(key func(byte), back, clear func(), space string) fyne.CanvasObject {
	return u.keys(key, back, clear, "'.-,", space, false)
}

// textKeyboard is the keyboard for writing (a comment): a space bar and
// the punctuation of sentences on its last row.
func (u *UI) textKeyboard(key func(byte), back, clear func()) fyne.CanvasObject {
	return u.keys(key, back, clear, ",.?!-'", u.T("skm.space"), true)
}

// keys lays the keyboard out: on its last row Clear, the signs and a
// space bar when space is set — before the signs (spaceFirst), with a
// narrower Clear, when there are many signs, so that the row is no wider
// than the digits' row and five rows still fit beside the text.
// extra keys (the card pad's "123") end the last row.
func (u *UI) keys(key func(byte), back, clear func(), signs, space string, spaceFirst bool, extra ...fyne.CanvasObject) fyne.CanvasObject {
	w := fyne.Min(u.m.key.Width, fyne.Max(minKey, u.m.size.Width*0.6/10-pad()))
	size := fyne.NewSize(w, u.m.key.Height)
	if u.m.short {
		size.Height = minTouch // five rows beside the text on a 480 px display
	}
	button := func(label string, width float32, fn func()) fyne.CanvasObject {
		spacer := canvas.NewRectangle(color.Transparent)
		spacer.SetMinSize(fyne.NewSize(width, size.Height))
		b := widget.NewButton(label, fn)
		if label == "⇧" && u.shift {
			b.Importance = widget.HighImportance // Shift is on: it shows
		}
		return container.NewStack(spacer, b)
	}
	// Shift holds for one character, as on a phone: the next key typed
	// turns it off.
	typed := func(c byte) func() {
		return func() {
			if !u.shift {
				key(c)
				return
			}
			u.shift, u.signs = false, false
			key(c)
			u.Render(u.view)
		}
	}
	row := func(keys ...fyne.CanvasObject) fyne.CanvasObject {
		// Keys closer together than the theme's padding, so that the
		// keyboard fits beside the screen's text on an 800 px display.
		return container.NewCenter(container.New(layout.NewCustomPaddedHBoxLayout(2), keys...))
	}
	var rows []fyne.CanvasObject
	for i, r := range keyboardRows {
		var keys []fyne.CanvasObject
		if i == 3 {
			keys = append(keys, button("⇧", size.Width*1.5, func() {
				u.shift = !u.shift
				u.signs = u.shift // Shift pressed: the signs above the digits too
				u.Render(u.view)
			}))
		}
		for j := 0; j < len(r); j++ {
			c := r[j]
			switch {
			case u.shift && u.signs && i == 0:
				c = shifted[j]
			case i == 0: // a capital of its own (a name's word) keeps the digits
			case u.shift:
				c = strings.ToUpper(string(c))[0]
			}
			keys = append(keys, button(string(c), size.Width, typed(c)))
		}
		if i == 3 {
			keys = append(keys, button("⌫", size.Width*1.5, back))
		}
		rows = append(rows, row(keys...))
	}
	var last []fyne.CanvasObject
	if spaceFirst {
		last = append(last, button(u.T("pin.clear"), size.Width*1.5, clear), button(space, size.Width*2.5, typed(' ')))
	} else {
		last = append(last, button(u.T("pin.clear"), size.Width*2, clear))
	}
	for _, c := range []byte(signs) {
		last = append(last, button(string(c), size.Width, typed(c)))
	}
	if space != "" && !spaceFirst {
		last = append(last, button(space, size.Width*3, typed(' ')))
	}
	for _, e := range extra {
		spacer := canvas.NewRectangle(color.Transparent)
		spacer.SetMinSize(fyne.NewSize(size.Width*1.5, size.Height))
		last = append(last, container.NewStack(spacer, e))
	}
	rows = append(rows, row(last...))
	// Rows as close as the keys of a row: five rows beside the text on
	// a short display, with large text too.
	return container.New(layout.NewCustomPaddedVBoxLayout(2), rows...)
}

// minKey is the narrowest key: a touch target of 48 px, as every button.
const minKey = minTouch
