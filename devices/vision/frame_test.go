package vision

import (
	"image"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/oned"
)

// symbol draws a barcode with gozxing's writers at the given module size.
func symbol(t testing.TB, format gozxing.BarcodeFormat, text string, module int) *image.Gray {
	t.Helper()
	if format == gozxing.BarcodeFormat_QR_CODE {
		g, err := QR(text, 0)
		if err != nil {
			t.Fatal(err)
		}
		return scale(g, module)
	}
	var w gozxing.Writer
	switch format {
	case gozxing.BarcodeFormat_CODE_128:
		w = oned.NewCode128Writer()
	case gozxing.BarcodeFormat_CODABAR:
		w = oned.NewCodaBarWriter()
	case gozxing.BarcodeFormat_CODE_39:
		w = oned.NewCode39Writer()
	case gozxing.BarcodeFormat_EAN_13:
		w = oned.NewEAN13Writer()
	}
	m, err := w.Encode(text, format, 0, 60, map[gozxing.EncodeHintType]interface{}{gozxing.EncodeHintType_MARGIN: 10})
	if err != nil {
		t.Fatal(err)
	}
	return scale(fromMatrix(m), module)
}

func scale(g *image.Gray, k int) *image.Gray {
	b := g.Bounds()
	out := image.NewGray(image.Rect(0, 0, b.Dx()*k, b.Dy()*k))
	for y := range out.Rect.Dy() {
		for x := range out.Rect.Dx() {
			out.Pix[y*out.Stride+x] = g.Pix[(y/k)*g.Stride+x/k]
		}
	}
	return out
}

// scene is how a test frame is made: a symbol on a grey background,
// rotated about its centre, blurred and noised, as a webcam would see a
// phone screen or a card.
type scene struct {
	w, h     int
	angle    float64 // degrees
	blur     int     // box blur radius
	noise    int     // ± noise amplitude
	contrast float64 // 1 = black on white; lower is greyer
	dx, dy   int     // offset of the symbol's centre from the frame's
}

func frame(sym *image.Gray, sc scene, rng *rand.Rand) *image.Gray {
	out := image.NewGray(image.Rect(0, 0, sc.w, sc.h))
	c := sc.contrast
	if c == 0 {
		c = 1
	}
	sin, cos := math.Sincos(sc.angle * math.Pi / 180)
	sw, sh := float64(sym.Rect.Dx()), float64(sym.Rect.Dy())
	cx, cy := float64(sc.w)/2+float64(sc.dx), float64(sc.h)/2+float64(sc.dy)
	for y := range sc.h {
		for x := range sc.w {
			// Inverse rotation into the symbol's coordinates.
			fx, fy := float64(x)-cx, float64(y)-cy
			sx := cos*fx + sin*fy + sw/2
			sy := -sin*fx + cos*fy + sh/2
			v := 150.0 // background
			if sx >= 0 && sy >= 0 && sx < sw && sy < sh {
				v = float64(sym.Pix[int(sy)*sym.Stride+int(sx)])
			}
			v = 128 + (v-128)*c
			out.Pix[y*out.Stride+x] = uint8(v)
		}
	}
	if sc.blur > 0 {
		out = boxBlur(out, sc.blur)
	}
	if sc.noise > 0 {
		for i, p := range out.Pix {
			v := int(p) + rng.IntN(2*sc.noise+1) - sc.noise
			out.Pix[i] = uint8(min(max(v, 0), 255))
		}
	}
	return out
}

func boxBlur(g *image.Gray, r int) *image.Gray {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	out := image.NewGray(g.Rect)
	for y := range h {
		for x := range w {
			sum, n := 0, 0
			for yy := max(0, y-r); yy <= min(h-1, y+r); yy++ {
				for xx := max(0, x-r); xx <= min(w-1, x+r); xx++ {
					sum += int(g.Pix[yy*w+xx])
					n++
				}
			}
			out.Pix[y*w+x] = uint8(sum / n)
		}
	}
	return out
}

func TestHalf(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	// Widths whose halves are and are not a multiple of four, a
	// sub-image with its own stride, and extreme values.
	base := image.NewGray(image.Rect(0, 0, 40, 9))
	for i := range base.Pix {
		base.Pix[i] = uint8(rng.IntN(256))
	}
	copy(base.Pix, []uint8{255, 255, 255, 255, 255, 255, 255, 255})
	copy(base.Pix[40:], []uint8{255, 255, 255, 255, 255, 255, 255, 255})
	for _, r := range []image.Rectangle{image.Rect(0, 0, 6, 4), image.Rect(0, 0, 40, 9), image.Rect(0, 0, 17, 5), image.Rect(3, 1, 30, 8)} {
		g := base.SubImage(r).(*image.Gray)
		h := Half(nil, g)
		if h.Rect.Dx() != r.Dx()/2 || h.Rect.Dy() != r.Dy()/2 {
			t.Fatalf("%v: Half size %v", r, h.Rect)
		}
		for y := range h.Rect.Dy() {
			for x := range h.Rect.Dx() {
				at := func(dx, dy int) int { return int(g.GrayAt(r.Min.X+2*x+dx, r.Min.Y+2*y+dy).Y) }
				want := (at(0, 0) + at(1, 0) + at(0, 1) + at(1, 1) + 2) / 4
				if got := int(h.Pix[y*h.Stride+x]); got != want {
					t.Fatalf("%v: Half at %d,%d = %d, want %d", r, x, y, got, want)
				}
			}
		}
	}
	g := base
	h := Half(nil, g)
	// Buffers are reused.
	if again := Half(h, g); &again.Pix[0] != &h.Pix[0] {
		t.Fatal("Half did not reuse its buffer")
	}
}

func TestSmooth(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var dst *image.Gray
	var rows []uint16
	for _, sz := range []image.Point{{2, 1}, {5, 3}, {33, 17}} {
		g := image.NewGray(image.Rect(0, 0, sz.X, sz.Y))
		for i := range g.Pix {
			g.Pix[i] = uint8(rng.IntN(256))
		}
		g.Pix[0] = 255
		dst, rows = smooth(dst, g, rows)
		for y := range sz.Y {
			for x := range sz.X {
				sum := 0
				for dy := -1; dy <= 1; dy++ {
					for dx := -1; dx <= 1; dx++ {
						sum += int(g.GrayAt(min(max(x+dx, 0), sz.X-1), min(max(y+dy, 0), sz.Y-1)).Y)
					}
				}
				if got := int(dst.Pix[y*dst.Stride+x]); got != sum/9 {
					t.Fatalf("%v at %d,%d: %d, want %d", sz, x, y, got, sum/9)
				}
			}
		}
	}
}
