package vision

import (
	"errors"
	"fmt"
	"image"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/oned"
	"github.com/makiuchi-d/gozxing/qrcode"

	"github.com/anjungan/anjungan/kiosk"
)

// ErrNotFound means the frame holds no barcode Decoder can read.
var ErrNotFound = errors.New("vision: no barcode in the frame")

// Result is one decoded barcode.
type Result struct {
	Text      string
	Symbology kiosk.Symbology
}

// Decoder decodes frames. It keeps buffers between calls: one Decoder per
// goroutine.
type Decoder struct {
	// HalveAbove: frames wider than this are first decoded at half size,
	// which finds a phone-sized QR code in a quarter of the time; 800
	// when zero. A negative value never halves.
	HalveAbove int

	qr    gozxing.Reader
	oneD  []reader
	half  *image.Gray
	hints map[gozxing.DecodeHintType]interface{}
}

type reader struct {
	r   gozxing.Reader
	sym kiosk.Symbology
}

// NewDecoder returns a Decoder for QR, Code 128, Codabar, Code 39 and
// EAN-13.
func NewDecoder() *Decoder {
	return &Decoder{
		qr: qrcode.NewQRCodeReader(),
		// Most library items carry Code 128; older cards Codabar; some
		// Code 39; books EAN-13 (ISBN).
		oneD: []reader{
			{oned.NewCode128Reader(), kiosk.SymCode128},
			{oned.NewCodaBarReader(), kiosk.SymCodabar},
			{oned.NewCode39Reader(), kiosk.SymCode39},
			{oned.NewEAN13Reader(), kiosk.SymEAN},
		},
	}
}

// Decode finds one barcode in a grayscale frame, or returns ErrNotFound.
// A frame that makes the decoding library fail in any other way, even by
// panicking, is reported as an error: a camera frame never stops the
// kiosk.
func (d *Decoder) Decode(g *image.Gray) (res Result, err error) {
	defer func() {
		if p := recover(); p != nil {
			res, err = Result{}, fmt.Errorf("vision: decoder failed on a frame: %v", p)
		}
	}()
	b := g.Bounds()
	if b.Dx() < 8 || b.Dy() < 8 {
		return Result{}, ErrNotFound
	}
	limit := d.HalveAbove
	if limit == 0 {
		limit = 800
	}
	if limit > 0 && b.Dx() > limit {
		d.half = Half(d.half, g)
		if r, err := d.decodeQR(d.half); err == nil {
			return r, nil
		}
	}
	if r, err := d.decodeQR(g); err == nil {
		return r, nil
	}
	return d.decode1D(g)
}

// Find is Decode in the terms of devices/camera's Reader.Decode: the
// barcode's text and symbology, an empty text when the frame shows none.
func (d *Decoder) Find(g *image.Gray) (string, kiosk.Symbology, error) {
	r, err := d.Decode(g)
	if errors.Is(err, ErrNotFound) {
		return "", "", nil
	}
	return r.Text, r.Symbology, err
}

// source wraps a gray image as a luminance source without copying.
func source(g *image.Gray) (gozxing.LuminanceSource, error) {
	b := g.Bounds()
	if g.Stride != b.Dx() || b.Min != (image.Point{}) {
		c := grayOf(nil, b.Dx(), b.Dy())
		for y := range b.Dy() {
			off := g.PixOffset(b.Min.X, b.Min.Y+y)
			copy(c.Pix[y*b.Dx():], g.Pix[off:off+b.Dx()])
		}
		g = c
	}
	return gozxing.NewPlanarYUVLuminanceSource(g.Pix, b.Dx(), b.Dy(), 0, 0, b.Dx(), b.Dy(), false)
}

func (d *Decoder) decodeQR(g *image.Gray) (Result, error) {
	src, err := source(g)
	if err != nil {
		return Result{}, err
	}
	bmp, err := gozxing.NewBinaryBitmap(gozxing.NewHybridBinarizer(src))
	if err != nil {
		return Result{}, err
	}
	res, err := d.qr.Decode(bmp, d.hints)
	if err != nil {
		return Result{}, ErrNotFound
	}
	return Result{Text: res.GetText(), Symbology: kiosk.SymQR}, nil
}

// decode1D tries each 1D reader on one bitmap; the global histogram
// binariser suits row scanning and costs little.
func (d *Decoder) decode1D(g *image.Gray) (Result, error) {
	src, err := source(g)
	if err != nil {
		return Result{}, err
	}
	bmp, err := gozxing.NewBinaryBitmap(gozxing.NewGlobalHistgramBinarizer(src))
	if err != nil {
		return Result{}, err
	}
	for _, r := range d.oneD {
		res, err := r.r.Decode(bmp, d.hints)
		if err == nil && res.GetText() != "" {
			return Result{Text: res.GetText(), Symbology: r.sym}, nil
		}
	}
	return Result{}, ErrNotFound
}
