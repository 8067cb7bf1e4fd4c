package vision

import (
	"flag"
	"fmt"
	"image"
	"math"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/makiuchi-d/gozxing"
)

// The corpus: camera-like frames of every kind the kiosk meets, made from
// fixed seeds so that every run sees the same frames. Read-rate tests count
// reads over it; benchmarks time the decoder on it.

// sample is one corpus frame and the texts it shows.
type sample struct {
	g    *image.Gray
	want []string
}

// kind names a group of samples: what they show and at which size.
type kind struct {
	name string
	w, h int
	n    int
	make func(rng *rand.Rand, w, h int) (*image.Gray, []string)
}

// placed is one symbol in a frame: its centre's offset from the frame's
// centre and its rotation in degrees.
type placed struct {
	sym    *image.Gray
	angle  float64
	dx, dy int
}

// look is how the camera sees the scene.
type look struct {
	blur     int
	noise    int
	contrast float64
	clutter  int // random grey rectangles behind the symbols
}

// render draws symbols on a grey background as a webcam would see them:
// rotated, with lower contrast, blurred and noised.
func render(w, h int, parts []placed, lk look, rng *rand.Rand) *image.Gray {
	out := image.NewGray(image.Rect(0, 0, w, h))
	for i := range out.Pix {
		out.Pix[i] = 150
	}
	for range lk.clutter {
		x0, y0 := rng.IntN(w), rng.IntN(h)
		x1, y1 := min(w, x0+10+rng.IntN(w/3)), min(h, y0+10+rng.IntN(h/3))
		v := uint8(rng.IntN(256))
		for y := y0; y < y1; y++ {
			for x := x0; x < x1; x++ {
				out.Pix[y*w+x] = v
			}
		}
	}
	for _, p := range parts {
		sin, cos := math.Sincos(p.angle * math.Pi / 180)
		sw, sh := float64(p.sym.Rect.Dx()), float64(p.sym.Rect.Dy())
		cx, cy := float64(w)/2+float64(p.dx), float64(h)/2+float64(p.dy)
		// A camera pixel takes in the light over its area: each is the
		// mean of 2×2 samples, those off the symbol left as they are.
		for y := range h {
			for x := range w {
				sum, in := 0, 0
				for _, o := range [4][2]float64{{0.25, 0.25}, {0.75, 0.25}, {0.25, 0.75}, {0.75, 0.75}} {
					fx, fy := float64(x)+o[0]-cx, float64(y)+o[1]-cy
					sx := cos*fx + sin*fy + sw/2
					sy := -sin*fx + cos*fy + sh/2
					if sx >= 0 && sy >= 0 && sx < sw && sy < sh {
						sum += int(p.sym.Pix[int(sy)*p.sym.Stride+int(sx)])
						in++
					} else {
						sum += int(out.Pix[y*w+x])
					}
				}
				if in > 0 {
					out.Pix[y*w+x] = uint8(sum / 4)
				}
			}
		}
	}
	c := lk.contrast
	if c == 0 {
		c = 1
	}
	for i, v := range out.Pix {
		out.Pix[i] = uint8(128 + (float64(v)-128)*c)
	}
	if lk.blur > 0 {
		out = boxBlur(out, lk.blur)
	}
	if lk.noise > 0 {
		for i, p := range out.Pix {
			v := int(p) + rng.IntN(2*lk.noise+1) - lk.noise
			out.Pix[i] = uint8(min(max(v, 0), 255))
		}
	}
	return out
}

// randomLook: half the frames blurred, noise up to ±20, contrast from 0.4
// (a dim phone screen) to 1.
func randomLook(rng *rand.Rand) look {
	return look{blur: rng.IntN(2), noise: rng.IntN(21), contrast: 0.4 + 0.6*rng.Float64(), clutter: rng.IntN(3)}
}

// tilt is a small rotation, upside down half the time.
func tilt(rng *rand.Rand, max float64) float64 {
	a := (2*rng.Float64() - 1) * max
	if rng.IntN(2) == 0 {
		a += 180
	}
	return a
}

// offset places a symbol of the given size anywhere it fits whole.
func offset(rng *rand.Rand, w, h int, sym *image.Gray) (int, int) {
	d := int(math.Hypot(float64(sym.Rect.Dx()), float64(sym.Rect.Dy())))/2 + 4
	fx, fy := max(0, w/2-d), max(0, h/2-d)
	return rng.IntN(2*fx+1) - fx, rng.IntN(2*fy+1) - fy
}

const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

func randText(rng *rand.Rand, alphabet string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[rng.IntN(len(alphabet))]
	}
	return string(b)
}

// payload returns a text typical of format and what the decoder reports
// for it (Codabar without its start and stop characters).
func payload(rng *rand.Rand, format gozxing.BarcodeFormat) (text, want string) {
	switch format {
	case gozxing.BarcodeFormat_QR_CODE:
		t := fmt.Sprintf("ANJB1.jakpus.%d.%d.%s", rng.IntN(100000), 1795000000+rng.IntN(1e6), randText(rng, alnum, 22))
		return t, t
	case gozxing.BarcodeFormat_CODE_128:
		t := randText(rng, "BPM", 1) + randText(rng, "0123456789", 6+rng.IntN(4))
		return t, t
	case gozxing.BarcodeFormat_CODABAR:
		in := randText(rng, "0123456789", 8+rng.IntN(4))
		return "A" + in + "B", in
	case gozxing.BarcodeFormat_EAN_13:
		d := "978" + randText(rng, "0123456789", 9)
		sum := 0
		for i, c := range d {
			v := int(c - '0')
			if i%2 == 1 {
				v *= 3
			}
			sum += v
		}
		t := d + string(rune('0'+(10-sum%10)%10))
		return t, t
	}
	panic("no payload for format")
}

// fitted draws a symbol with the largest module in [lo, hi] that keeps it
// within frac of the frame's smaller side (its width, for 1D codes set
// across the frame).
func fitted(t testing.TB, format gozxing.BarcodeFormat, text string, lo, hi int, room int) *image.Gray {
	for k := hi; k > lo; k-- {
		s := labelled(t, format, text, k)
		if s.Rect.Dx() <= room {
			return s
		}
	}
	return labelled(t, format, text, lo)
}

// labelled draws a symbol as printed labels carry it: 1D codes with the
// quiet zone their specifications ask for, ten modules each side
// (symbol's are five).
func labelled(t testing.TB, format gozxing.BarcodeFormat, text string, module int) *image.Gray {
	if format == gozxing.BarcodeFormat_QR_CODE {
		return symbol(t, format, text, module)
	}
	s := symbol(t, format, text, module)
	pad := 5 * module
	out := image.NewGray(image.Rect(0, 0, s.Rect.Dx()+2*pad, s.Rect.Dy()))
	for i := range out.Pix {
		out.Pix[i] = 0xff
	}
	for y := range s.Rect.Dy() {
		copy(out.Pix[y*out.Stride+pad:], s.Pix[y*s.Stride:(y+1)*s.Stride])
	}
	return out
}

func invert(g *image.Gray) *image.Gray {
	out := image.NewGray(g.Rect)
	for i, v := range g.Pix {
		out.Pix[i] = 255 - v
	}
	return out
}

// oneCode makes frames of one symbol of format, tilted by up to ±8°
// (or turned 90° ± 8° when sideways), sized with modules in [lo, hi].
func oneCode(t testing.TB, format gozxing.BarcodeFormat, lo, hi int, sideways, inverted bool) func(*rand.Rand, int, int) (*image.Gray, []string) {
	return func(rng *rand.Rand, w, h int) (*image.Gray, []string) {
		text, want := payload(rng, format)
		room := w * 8 / 10
		if sideways || format == gozxing.BarcodeFormat_QR_CODE {
			room = h * 8 / 10
		}
		lo, hi := lo, hi
		if w > 1000 {
			lo, hi = lo+1, hi+2
		}
		sym := fitted(t, format, text, lo, rng.IntN(hi-lo+1)+lo, room)
		if inverted {
			sym = invert(sym)
		}
		a := tilt(rng, 8)
		if sideways {
			a += 90
		}
		p := placed{sym: sym, angle: a}
		p.dx, p.dy = offset(rng, w, h, sym)
		return render(w, h, []placed{p}, randomLook(rng), rng), []string{want}
	}
}

// twoCodes: a QR code on the left half and a Code 128 label on the right.
func twoCodes(t testing.TB) func(*rand.Rand, int, int) (*image.Gray, []string) {
	return func(rng *rand.Rand, w, h int) (*image.Gray, []string) {
		qt, qw := payload(rng, gozxing.BarcodeFormat_QR_CODE)
		ct, cw := payload(rng, gozxing.BarcodeFormat_CODE_128)
		qr := fitted(t, gozxing.BarcodeFormat_QR_CODE, qt, 3, 4, w*4/10)
		c := fitted(t, gozxing.BarcodeFormat_CODE_128, ct, 2, 3, w*4/10)
		lk := randomLook(rng)
		lk.clutter = 0
		return render(w, h, []placed{
			{sym: qr, angle: tilt(rng, 5), dx: -w / 4, dy: rng.IntN(41) - 20},
			{sym: c, angle: tilt(rng, 5), dx: w / 4, dy: rng.IntN(81) - 40},
		}, lk, rng), []string{qw, cw}
	}
}

func emptyFrame(rng *rand.Rand, w, h int) (*image.Gray, []string) {
	lk := randomLook(rng)
	lk.clutter = 2 + rng.IntN(6)
	return render(w, h, nil, lk, rng), nil
}

// kinds lists the corpus. Counts are per kind and size.
func kinds(t testing.TB) []kind {
	qr, c128, cbar, ean := gozxing.BarcodeFormat_QR_CODE, gozxing.BarcodeFormat_CODE_128, gozxing.BarcodeFormat_CODABAR, gozxing.BarcodeFormat_EAN_13
	var ks []kind
	for _, sz := range []image.Point{{640, 480}, {1280, 720}} {
		add := func(name string, n int, f func(*rand.Rand, int, int) (*image.Gray, []string)) {
			ks = append(ks, kind{name: fmt.Sprintf("%s/%dx%d", name, sz.X, sz.Y), w: sz.X, h: sz.Y, n: n, make: f})
		}
		add("QR", 50, oneCode(t, qr, 3, 5, false, false))
		add("Code128", 50, oneCode(t, c128, 2, 4, false, false))
		add("Codabar", 50, oneCode(t, cbar, 2, 4, false, false))
		add("EAN13", 50, oneCode(t, ean, 2, 4, false, false))
		add("QRinverted", 20, oneCode(t, qr, 3, 5, false, true))
		add("Code128sideways", 20, oneCode(t, c128, 2, 3, true, false))
		add("Codabarsideways", 20, oneCode(t, cbar, 2, 3, true, false))
		add("EAN13sideways", 20, oneCode(t, ean, 2, 3, true, false))
		add("QR+Code128", 20, twoCodes(t))
		add("empty", 50, emptyFrame)
	}
	return ks
}

// corpusSeed picks the corpus: the tests and benchmarks use 16; others
// show whether the read rates hold on frames they were not tuned on:
// go test -run ReadRate ./devices/vision -args -corpus.seed=17
var corpusSeed = flag.Uint64("corpus.seed", 16, "seed of the generated corpus of camera frames")

var corpusOnce struct {
	sync.Once
	kinds   []kind
	samples map[string][]sample
}

// corpus generates the frames once per test binary.
func corpus(t testing.TB) ([]kind, map[string][]sample) {
	corpusOnce.Do(func() {
		ks := kinds(t)
		m := make(map[string][]sample, len(ks))
		for i, k := range ks {
			rng := rand.New(rand.NewPCG(*corpusSeed, uint64(i)))
			for range k.n {
				g, want := k.make(rng, k.w, k.h)
				m[k.name] = append(m[k.name], sample{g: g, want: want})
			}
		}
		corpusOnce.kinds, corpusOnce.samples = ks, m
	})
	return corpusOnce.kinds, corpusOnce.samples
}
