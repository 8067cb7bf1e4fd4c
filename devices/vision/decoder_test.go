package vision

import (
	"image"
	"math/rand/v2"
	"testing"

	"github.com/makiuchi-d/gozxing"

	"github.com/anjungan/anjungan/kiosk"
)

const token = "ANJB1.jakpus.1234.1795000000.pcXAAiSLst3SUv0lZgXltw"

func TestDecode(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	vga := scene{w: 640, h: 480}
	hd := scene{w: 1280, h: 720}
	tests := []struct {
		name   string
		format gozxing.BarcodeFormat
		text   string
		module int
		scene  scene
		sym    kiosk.Symbology
	}{
		{"QR token", gozxing.BarcodeFormat_QR_CODE, token, 4, vga, kiosk.SymQR},
		{"QR token off centre", gozxing.BarcodeFormat_QR_CODE, token, 4, with(vga, func(s *scene) { s.dx, s.dy = -150, 80 }), kiosk.SymQR},
		{"QR rotated 30°", gozxing.BarcodeFormat_QR_CODE, token, 4, with(vga, func(s *scene) { s.angle = 30 }), kiosk.SymQR},
		{"QR upside down", gozxing.BarcodeFormat_QR_CODE, token, 4, with(vga, func(s *scene) { s.angle = 180 }), kiosk.SymQR},
		{"QR blurred and noisy", gozxing.BarcodeFormat_QR_CODE, token, 4, with(vga, func(s *scene) { s.blur, s.noise = 1, 25 }), kiosk.SymQR},
		{"QR low contrast phone screen", gozxing.BarcodeFormat_QR_CODE, token, 4, with(vga, func(s *scene) { s.contrast, s.noise = 0.35, 10 }), kiosk.SymQR},
		{"QR small", gozxing.BarcodeFormat_QR_CODE, token, 3, vga, kiosk.SymQR},
		{"QR in 720p", gozxing.BarcodeFormat_QR_CODE, token, 6, hd, kiosk.SymQR},
		{"QR small in 720p", gozxing.BarcodeFormat_QR_CODE, token, 3, with(hd, func(s *scene) { s.angle, s.noise = 12, 15 }), kiosk.SymQR},
		{"Code 128 item", gozxing.BarcodeFormat_CODE_128, "B000123", 3, vga, kiosk.SymCode128},
		{"Code 128 tilted and noisy", gozxing.BarcodeFormat_CODE_128, "B000123", 3, with(vga, func(s *scene) { s.angle, s.noise, s.blur = 4, 20, 1 }), kiosk.SymCode128},
		{"Code 128 upside down", gozxing.BarcodeFormat_CODE_128, "B000123", 3, with(vga, func(s *scene) { s.angle = 180 }), kiosk.SymCode128},
		{"Codabar card", gozxing.BarcodeFormat_CODABAR, "A20000017B", 3, vga, kiosk.SymCodabar},
		{"Code 39", gozxing.BarcodeFormat_CODE_39, "PERPUS42", 2, vga, kiosk.SymCode39},
		{"EAN-13 ISBN", gozxing.BarcodeFormat_EAN_13, "9786020332956", 3, with(vga, func(s *scene) { s.noise = 15 }), kiosk.SymEAN},
		{"EAN-13 in 720p", gozxing.BarcodeFormat_EAN_13, "9786020332956", 4, hd, kiosk.SymEAN},
	}
	d := NewDecoder()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := frame(symbol(t, tt.format, tt.text, tt.module), tt.scene, rng)
			got, err := d.Decode(f)
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			want := tt.text
			if tt.format == gozxing.BarcodeFormat_CODABAR {
				want = want[1 : len(want)-1] // start and stop characters are stripped
			}
			if got.Text != want || got.Symbology != tt.sym {
				t.Fatalf("Decode = %+v, want %q %s", got, want, tt.sym)
			}
			if text, sym, err := d.Find(f); err != nil || text != got.Text || sym != got.Symbology {
				t.Fatalf("Find = %q %s %v", text, sym, err)
			}
		})
	}
}

func with(s scene, f func(*scene)) scene { f(&s); return s }

func TestDecodeNothing(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	d := NewDecoder()
	for _, sc := range []scene{{w: 640, h: 480, noise: 40}, {w: 1280, h: 720}, {w: 4, h: 4}} {
		f := frame(image.NewGray(image.Rect(0, 0, 1, 1)), sc, rng)
		if r, err := d.Decode(f); err != ErrNotFound {
			t.Errorf("%dx%d: %+v %v", sc.w, sc.h, r, err)
		}
		if text, sym, err := d.Find(f); text != "" || sym != "" || err != nil {
			t.Errorf("%dx%d: Find = %q %q %v, want nothing and no error", sc.w, sc.h, text, sym, err)
		}
	}
	// A sub-image with its own stride decodes too.
	big := frame(symbol(t, gozxing.BarcodeFormat_QR_CODE, token, 4), scene{w: 640, h: 480}, rng)
	sub := big.SubImage(image.Rect(100, 40, 540, 440)).(*image.Gray)
	if r, err := d.Decode(sub); err != nil || r.Text != token {
		t.Fatalf("sub-image: %+v %v", r, err)
	}
}

func TestQR(t *testing.T) {
	g, err := QR(token, 300)
	if err != nil || g.Rect.Dx() < 300 || g.Rect.Dx() != g.Rect.Dy() {
		t.Fatalf("QR: %v %v", g.Rect, err)
	}
	if g.Pix[0] != 0xff {
		t.Fatal("no white quiet zone")
	}
	if r, err := NewDecoder().Decode(g); err != nil || r.Text != token {
		t.Fatalf("round trip: %+v %v", r, err)
	}
}

// FuzzDecode feeds arbitrary bytes as grayscale frames: Decode returns a
// result or an error, never panics or hangs.
func FuzzDecode(f *testing.F) {
	qr, _ := QR(token, 0)
	f.Add(uint8(qr.Rect.Dx()), qr.Pix)
	f.Add(uint8(16), make([]byte, 256))
	f.Add(uint8(9), []byte("not an image at all, just some bytes"))
	d := NewDecoder()
	f.Fuzz(func(t *testing.T, w uint8, pix []byte) {
		if w == 0 || len(pix) < int(w) {
			return
		}
		h := len(pix) / int(w)
		g := &image.Gray{Pix: pix[:int(w)*h], Stride: int(w), Rect: image.Rect(0, 0, int(w), h)}
		r, err := d.Decode(g)
		if err == nil && r.Text == "" {
			t.Fatal("empty result without error")
		}
		rs, err := d.DecodeAll(g)
		if err == nil && len(rs) == 0 {
			t.Fatal("no results without error")
		}
		for _, r := range rs {
			if r.Text == "" || r.Symbology == "" {
				t.Fatalf("empty result %+v", r)
			}
		}
	})
}
