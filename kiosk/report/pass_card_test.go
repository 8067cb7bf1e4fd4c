package report

import (
	"image"
	"image/color"
	"strings"
	"testing"
)

// dark counts the dark pixels of img within r.
func dark(img image.Image, r image.Rectangle) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if color.GrayModel.Convert(img.At(x, y)).(color.Gray).Y < 128 {
				n++
			}
		}
	}
	return n
}

// TestPassCard: the QR code is kept as it is, pixel for pixel, and the
// lines under it are drawn (dark pixels there, different for another
// pass), within the card's width however long the event's name.
func TestPassCard(t *testing.T) {
	qr := image.NewGray(image.Rect(0, 0, 300, 300))
	for i := range qr.Pix {
		if i%7 == 0 {
			qr.Pix[i] = 0
		} else {
			qr.Pix[i] = 255
		}
	}
	bare, err := PassCard(qr)
	if err != nil || bare.Bounds() != qr.Bounds().Union(image.Rect(0, 0, 300, bare.Bounds().Dy())) || bare.Bounds().Dy() > 300+300/16 {
		t.Fatalf("no lines: %v %v", bare.Bounds(), err)
	}
	a, err := PassCard(qr, "Bedah Buku: Laskar Pelangi", "No. 008", "Berlaku s.d. 6 Desember 2026")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := PassCard(qr, "Bedah Buku: Laskar Pelangi", "No. 009", "Berlaku s.d. 6 Desember 2026")
	long, _ := PassCard(qr, strings.Repeat("Festival Literasi Anak ", 8), "No. 010")
	if a.Bounds().Dx() != 300 || a.Bounds().Dy() < 300+60 {
		t.Fatalf("card %v", a.Bounds())
	}
	for y := range 300 {
		for x := range 300 {
			if a.At(x, y) != qr.At(x, y) {
				t.Fatalf("the code changed at %d,%d", x, y)
			}
		}
	}
	caption := image.Rect(0, 300, 300, a.Bounds().Dy())
	if n := dark(a, caption); n < 500 {
		t.Fatalf("%d dark pixels under the code: no lines drawn", n)
	}
	same := true
	for y := caption.Min.Y; y < caption.Max.Y && same; y++ {
		for x := range 300 {
			if a.At(x, y) != b.At(x, y) {
				same = false
				break
			}
		}
	}
	if same {
		t.Fatal("passes 8 and 9 look alike")
	}
	// A name too long for a line goes on two, whole.
	two, _ := PassCard(qr, "Bedah Buku dan Diskusi Literasi Guru SD se-Kota", "No. 011")
	one, _ := PassCard(qr, "Bedah Buku", "No. 011")
	if two.Bounds().Dy() <= one.Bounds().Dy() {
		t.Fatalf("a long name on one line: %v, a short one %v", two.Bounds(), one.Bounds())
	}
	// A very long name is drawn smaller or cut, never past the edges.
	edge := image.Rect(0, 300, 300/16-2, long.Bounds().Dy())
	if n := dark(long, edge) + dark(long, edge.Add(image.Pt(300-300/16+2, 0))); n != 0 {
		t.Fatalf("%d dark pixels in the margins", n)
	}
}
