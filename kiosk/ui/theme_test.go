package ui

import (
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// luminance is WCAG 2.1's relative luminance.
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		s := float64(v) / 0xffff
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// TestTextContrast: every colour text is drawn in (messages by level,
// buttons' text on their colour) passes WCAG AA, 4.5:1, in both themes.
func TestTextContrast(t *testing.T) {
	for _, th := range []kioskTheme{{}, {contrast: true}} {
		bg := th.Color(theme.ColorNameBackground, theme.VariantLight)
		for _, n := range []fyne.ThemeColorName{theme.ColorNameForeground, theme.ColorNameError, theme.ColorNameSuccess,
			theme.ColorNameWarning, theme.ColorNamePrimary} {
			if c := contrast(th.Color(n, theme.VariantLight), bg); c < 4.5 {
				t.Errorf("contrast=%v: %s text on the background is %.2f:1", th.contrast, n, c)
			}
		}
		for _, pair := range [][2]fyne.ThemeColorName{
			{theme.ColorNameForegroundOnPrimary, theme.ColorNamePrimary},
			{theme.ColorNameForegroundOnError, theme.ColorNameError},
		} {
			if c := contrast(th.Color(pair[0], theme.VariantLight), th.Color(pair[1], theme.VariantLight)); c < 4.5 {
				t.Errorf("contrast=%v: %s on %s is %.2f:1", th.contrast, pair[0], pair[1], c)
			}
		}
	}
}
