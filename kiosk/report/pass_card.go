package report

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"strings"
	"sync"

	"codeberg.org/go-fonts/liberation/liberationsansbold"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// PassCard is a visitor pass to print and hand out: the QR code with,
// under it, the lines that tell passes apart — the event, the pass's
// number, the last day it is valid — in Liberation Sans, each line as
// large as fits the card's width (a bare QR code says nothing to the
// staff handing it out, nor to the guest).
func PassCard(qr image.Image, lines ...string) (image.Image, error) {
	f, err := passFont()
	if err != nil {
		return nil, err
	}
	w := qr.Bounds().Dx()
	margin := w / 16
	size := float64(w) / 14 // the first line's size; the others smaller
	type text struct {
		s    string
		face font.Face
		h    int
	}
	var texts []text
	height := qr.Bounds().Dy()
	add := func(l string, sz float64) error {
		face, s, err := fit(f, l, sz, w-2*margin)
		if err != nil {
			return err
		}
		h := face.Metrics().Height.Ceil()
		texts = append(texts, text{s, face, h})
		height += h + h/3
		return nil
	}
	for i, l := range lines {
		l = strings.Join(strings.Fields(printable(l)), " ")
		sz := size
		if i > 0 {
			sz = size * 0.75
		}
		// A long first line (an event's name) goes on two lines before
		// it is made small or cut.
		if i == 0 {
			if a, b, two, ok := split(f, l, sz, w-2*margin); ok {
				if err := add(a, two); err != nil {
					return nil, err
				}
				l, sz = b, two
			}
		}
		if err := add(l, sz); err != nil {
			return nil, err
		}
	}
	height += margin
	card := image.NewGray(image.Rect(0, 0, w, height))
	draw.Draw(card, card.Bounds(), image.White, image.Point{}, draw.Src)
	draw.Draw(card, image.Rect(0, 0, w, qr.Bounds().Dy()), qr, qr.Bounds().Min, draw.Src)
	y := qr.Bounds().Dy()
	for _, t := range texts {
		d := font.Drawer{Dst: card, Src: image.NewUniform(color.Black), Face: t.face}
		adv := d.MeasureString(t.s).Ceil()
		y += t.h
		d.Dot = fixed.P((w-adv)/2, y-t.face.Metrics().Descent.Ceil())
		d.DrawString(t.s)
		y += t.h / 3
		t.face.Close()
	}
	return card, nil
}

// split cuts s at the space nearest its middle when it is wider than
// width at size, and gives the largest size (at most 85 % of size, at
// least half of it) at which both halves fit.
func split(f *opentype.Font, s string, size float64, width int) (string, string, float64, bool) {
	fits := func(sz float64, texts ...string) bool {
		face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: sz, DPI: 72})
		if err != nil {
			return false
		}
		defer face.Close()
		for _, t := range texts {
			if font.MeasureString(face, t).Ceil() > width {
				return false
			}
		}
		return true
	}
	if fits(size, s) {
		return "", "", 0, false
	}
	best := -1
	for i, r := range s {
		if r == ' ' && (best < 0 || abs(i-len(s)/2) < abs(best-len(s)/2)) {
			best = i
		}
	}
	if best < 0 {
		return "", "", 0, false
	}
	a, b := s[:best], s[best+1:]
	for sz := size * 0.85; sz >= size/2; sz *= 0.9 {
		if fits(sz, a, b) {
			return a, b, sz, true
		}
	}
	return "", "", 0, false // too long for two lines: made small or cut
}

func abs(n int) int { return max(n, -n) }

// fit is a face for s no wider than width: at size, or smaller down to
// half of it, then s cut with an ellipsis.
func fit(f *opentype.Font, s string, size float64, width int) (font.Face, string, error) {
	for sz := size; ; sz *= 0.9 {
		face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: sz, DPI: 72, Hinting: font.HintingFull})
		if err != nil {
			return nil, "", fmt.Errorf("pass card: %w", err)
		}
		if font.MeasureString(face, s).Ceil() <= width {
			return face, s, nil
		}
		if sz*0.9 >= size/2 {
			face.Close()
			continue
		}
		r := []rune(s)
		for len(r) > 1 && font.MeasureString(face, string(r)+"…").Ceil() > width {
			r = r[:len(r)-1]
		}
		return face, strings.TrimSpace(string(r)) + "…", nil
	}
}

var passFont = sync.OnceValues(func() (*opentype.Font, error) {
	f, err := opentype.Parse(liberationsansbold.TTF)
	if err != nil {
		return nil, fmt.Errorf("pass card: %w", err)
	}
	return f, nil
})
