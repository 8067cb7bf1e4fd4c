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
	for i, l := range lines {
		l = strings.Join(strings.Fields(printable(l)), " ")
		sz := size
		if i > 0 {
			sz = size * 0.75
		}
		face, s, err := fit(f, l, sz, w-2*margin)
		if err != nil {
			return nil, err
		}
		h := face.Metrics().Height.Ceil()
		texts = append(texts, text{s, face, h})
		height += h + h/3
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
