package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// kioskTheme is Fyne's default theme, scaled up for a touch screen at arm's
// length, with a large-text and a high-contrast variant.
type kioskTheme struct {
	large    bool
	contrast bool
	// tight: large text on a short display, where the paddings stay
	// near Fyne's own so that a screen's keys and answers fit its height
	// (the text is as large).
	tight bool
}

var _ fyne.Theme = kioskTheme{}

var (
	hcBackground = color.Black
	hcForeground = color.White
	hcPrimary    = color.NRGBA{0xff, 0xd6, 0x00, 0xff} // yellow
	hcButton     = color.NRGBA{0x20, 0x20, 0x20, 0xff}
	brand        = color.NRGBA{0x0b, 0x6e, 0x69, 0xff}
	// Fyne's light green and orange are hard to read as text on white;
	// these darker tones pass WCAG AA (4.5:1).
	success = color.NRGBA{0x1b, 0x7a, 0x3a, 0xff}
	warning = color.NRGBA{0xa1, 0x5c, 0x00, 0xff}
	// Fyne's red (#F44336) is 3.7:1 on white: below AA for regular text.
	danger = color.NRGBA{0xc6, 0x28, 0x28, 0xff}
)

func (t kioskTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if t.contrast {
		switch n {
		case theme.ColorNameBackground, theme.ColorNameOverlayBackground, theme.ColorNameMenuBackground:
			return hcBackground
		case theme.ColorNameForeground, theme.ColorNameForegroundOnPrimary, theme.ColorNameForegroundOnError,
			theme.ColorNameForegroundOnSuccess, theme.ColorNameForegroundOnWarning:
			if n == theme.ColorNameForegroundOnPrimary || n == theme.ColorNameForegroundOnError {
				return hcBackground // black on yellow, and on red: both over 5:1
			}
			return hcForeground
		case theme.ColorNamePrimary, theme.ColorNameFocus, theme.ColorNameHyperlink:
			return hcPrimary
		case theme.ColorNameButton, theme.ColorNameInputBackground:
			return hcButton
		case theme.ColorNameInputBorder, theme.ColorNameSeparator:
			return hcForeground
		case theme.ColorNameDisabled, theme.ColorNamePlaceHolder:
			return color.NRGBA{0xcc, 0xcc, 0xcc, 0xff}
		}
		return theme.DefaultTheme().Color(n, theme.VariantDark)
	}
	switch n {
	case theme.ColorNamePrimary:
		return brand
	case theme.ColorNameSuccess:
		return success
	case theme.ColorNameWarning:
		return warning
	case theme.ColorNameError:
		return danger
	}
	return theme.DefaultTheme().Color(n, theme.VariantLight)
}

func (t kioskTheme) Font(s fyne.TextStyle) fyne.Resource { return theme.DefaultTheme().Font(s) }

func (t kioskTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

func (t kioskTheme) Size(n fyne.ThemeSizeName) float32 {
	scale := float32(1.4)
	if t.large {
		scale = 2
	}
	switch n {
	case theme.SizeNamePadding, theme.SizeNameInnerPadding:
		if t.tight {
			return theme.DefaultTheme().Size(n) * 1.2
		}
		return theme.DefaultTheme().Size(n) * scale
	case theme.SizeNameText, theme.SizeNameHeadingText, theme.SizeNameSubHeadingText,
		theme.SizeNameCaptionText, theme.SizeNameInlineIcon:
		return theme.DefaultTheme().Size(n) * scale
	}
	return theme.DefaultTheme().Size(n)
}
