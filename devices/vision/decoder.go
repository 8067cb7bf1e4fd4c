package vision

import (
	"cmp"
	"errors"
	"fmt"
	"image"
	"slices"

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

	qr     gozxing.Reader
	oneD   []reader
	half   *image.Gray
	hints  map[gozxing.DecodeHintType]interface{}
	lines  []line
	pool   []line
	found  []Result
	sum    []int32
	lo, hi []int32
	clo    []int32
	chi    []int32
	q      []int
	// halfBin and fullBin binarise the half-size and full-size frame.
	halfBin, fullBin blockBinarizer
}

type reader struct {
	r   oned.RowDecoder
	sym kiosk.Symbology
	// agree is how many scan lines must read the same text: two for
	// the symbologies without a check character.
	agree int
}

// NewDecoder returns a Decoder for QR, Code 128, Codabar, Code 39 and
// EAN-13.
func NewDecoder() *Decoder {
	rd := func(r gozxing.Reader) oned.RowDecoder { return r.(oned.RowDecoder) }
	return &Decoder{
		qr: qrcode.NewQRCodeReader(),
		// Most library items carry Code 128; older cards Codabar; some
		// Code 39; books EAN-13 (ISBN). Checked symbologies first, so
		// that Codabar and Code 39 never read a fragment of them.
		oneD: []reader{
			{rd(oned.NewCode128Reader()), kiosk.SymCode128, 2},
			{rd(oned.NewEAN13Reader()), kiosk.SymEAN, 2},
			{rd(oned.NewCodaBarReader()), kiosk.SymCodabar, 2},
			{rd(oned.NewCode39Reader()), kiosk.SymCode39, 2},
		},
	}
}

// Decode finds one barcode in a grayscale frame, or returns ErrNotFound.
// A frame that makes the decoding library fail in any other way, even by
// panicking, is reported as an error: a camera frame never stops the
// kiosk.
func (d *Decoder) Decode(g *image.Gray) (Result, error) {
	rs, err := d.decode(g, false)
	if err != nil {
		return Result{}, err
	}
	return rs[0], nil
}

// DecodeAll finds every barcode in a grayscale frame (at most one QR
// code), in a stable order: QR first, then by symbology and text. It
// returns ErrNotFound when there is none. The slice is reused by the
// next call.
func (d *Decoder) DecodeAll(g *image.Gray) ([]Result, error) {
	return d.decode(g, true)
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

// Each is DecodeAll in the terms of devices/camera's Reader.Each: it
// calls found for every code in the frame, in DecodeAll's order, and
// returns nil when there is none.
func (d *Decoder) Each(g *image.Gray, found func(text string, sym kiosk.Symbology)) error {
	rs, err := d.DecodeAll(g)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	for _, r := range rs {
		found(r.Text, r.Symbology)
	}
	return err
}

// decode looks for QR codes on a half-size frame first when the frame is
// large, then for 1D codes over the whole frame, rows and columns, then
// for a QR code at full size, each QR attempt also for white on black on
// the same bitmap. Unless all, it stops at the first code.
func (d *Decoder) decode(g *image.Gray, all bool) (rs []Result, err error) {
	defer func() {
		if p := recover(); p != nil {
			rs, err = nil, fmt.Errorf("vision: decoder failed on a frame: %v", p)
		}
	}()
	d.found = d.found[:0]
	b := g.Bounds()
	if b.Dx() < 8 || b.Dy() < 8 {
		return nil, ErrNotFound
	}
	limit := d.HalveAbove
	if limit == 0 {
		limit = 800
	}
	halved := limit > 0 && b.Dx() > limit
	haveQR := false
	if halved {
		d.half = Half(d.half, g)
		bmp, err := bitmap(&d.halfBin, d.half)
		if err != nil {
			return nil, err
		}
		if haveQR = d.decodeQR(bmp); haveQR && !all {
			return d.found, nil
		}
	}
	bmp, err := bitmap(&d.fullBin, g)
	if err != nil {
		return nil, err
	}
	if !halved {
		if haveQR = d.decodeQR(bmp); haveQR && !all {
			return d.found, nil
		}
	}
	d.decode1D(g, all)
	if len(d.found) > 0 && !all {
		return d.found, nil
	}
	if halved && !haveQR {
		d.decodeQR(bmp)
	}
	if len(d.found) == 0 {
		return nil, ErrNotFound
	}
	slices.SortStableFunc(d.found, func(a, b Result) int {
		return cmp.Or(cmp.Compare(rank(a.Symbology), rank(b.Symbology)), cmp.Compare(a.Text, b.Text))
	})
	return d.found, nil
}

// rank orders symbologies in DecodeAll's results.
func rank(s kiosk.Symbology) int {
	return slices.Index([]kiosk.Symbology{kiosk.SymQR, kiosk.SymCode128, kiosk.SymEAN, kiosk.SymCodabar, kiosk.SymCode39}, s)
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

// bitmap binarises g (a frame or d.half) with bin, a block (local)
// binariser; the bitmap caches its black matrix, which the QR attempts
// then share.
func bitmap(bin *blockBinarizer, g *image.Gray) (*gozxing.BinaryBitmap, error) {
	b := g.Bounds()
	if b.Dx() < 5*block || b.Dy() < 5*block {
		src, err := source(g)
		if err != nil {
			return nil, err
		}
		return gozxing.NewBinaryBitmap(gozxing.NewHybridBinarizer(src))
	}
	if g.Stride != b.Dx() || b.Min != (image.Point{}) {
		c := grayOf(nil, b.Dx(), b.Dy())
		for y := range b.Dy() {
			off := g.PixOffset(b.Min.X, b.Min.Y+y)
			copy(c.Pix[y*b.Dx():], g.Pix[off:off+b.Dx()])
		}
		g = c
	}
	bin.reset(g)
	return gozxing.NewBinaryBitmap(bin)
}

// decodeQR looks for a QR code on bmp, then for a white-on-black one by
// inverting bmp's cached matrix for the attempt.
func (d *Decoder) decodeQR(bmp *gozxing.BinaryBitmap) bool {
	res, err := d.qr.Decode(bmp, d.hints)
	if err != nil {
		m, merr := bmp.GetBlackMatrix()
		if merr != nil {
			return false
		}
		m.FlipAll()
		res, err = d.qr.Decode(bmp, d.hints)
		m.FlipAll()
	}
	if err != nil || res.GetText() == "" {
		return false
	}
	d.found = append(d.found, Result{Text: res.GetText(), Symbology: kiosk.SymQR})
	return true
}
