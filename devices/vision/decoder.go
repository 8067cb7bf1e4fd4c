package vision

import (
	"cmp"
	"errors"
	"fmt"
	"image"
	"slices"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/oned"
	"github.com/makiuchi-d/gozxing/qrcode/decoder"
	"github.com/makiuchi-d/gozxing/qrcode/detector"

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

	qr     *decoder.Decoder
	oneD   []reader
	half   *image.Gray
	hints  map[gozxing.DecodeHintType]interface{}
	lines  []line
	pool   []line
	found  []Result
	sum    []int32
	lo, hi []int32
	clo    []int32
	chi    []int32 // negated: the greatest as a least
	ext    []int32 // slidingMin's buffer
	// qrRow and stateCount are findQR's.
	qrRow      *gozxing.BitArray
	stateCount [5]int
	// halfBin and fullBin binarise the half-size and full-size frame.
	halfBin, fullBin blockBinarizer
	// smooth is the frame smoothed for a last QR attempt, rows its
	// buffer, smoothBin its binariser.
	smooth    *image.Gray
	rows      []uint16
	votes     map[string]int // decode1D's, reused frame to frame
	reads     []read
	smoothBin blockBinarizer
}

type reader struct {
	r   oned.RowDecoder
	sym kiosk.Symbology
}

// agreeLines is how many scan lines must read the same text before it
// counts, for every symbology: one line's read of a noisy frame can be
// wrong, with a check character too.
const agreeLines = 2

// NewDecoder returns a Decoder for QR, Code 128, Codabar, Code 39 and
// EAN-13.
func NewDecoder() *Decoder {
	rd := func(r gozxing.Reader) oned.RowDecoder { return r.(oned.RowDecoder) }
	return &Decoder{
		qr: decoder.NewDecoder(),
		// Most library items carry Code 128; older cards Codabar; some
		// Code 39; books EAN-13 (ISBN). Checked symbologies first, so
		// that Codabar and Code 39 never read a fragment of them.
		oneD: []reader{
			{rd(oned.NewCode128Reader()), kiosk.SymCode128},
			{rd(oned.NewEAN13Reader()), kiosk.SymEAN},
			{rd(oned.NewCodaBarReader()), kiosk.SymCodabar},
			{rd(oned.NewCode39Reader()), kiosk.SymCode39},
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

// decode looks for a QR code (on a half-size frame first when the frame
// is large), then for 1D codes over the whole frame, rows and columns,
// then, for a large frame, for a QR code at full size; each QR attempt
// also for white on black on the same matrix. Unless all, it stops at
// the first code.
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
		if haveQR = d.decodeQR(d.half, &d.halfBin, true); haveQR && !all {
			return d.found, nil
		}
	} else if haveQR = d.decodeQR(g, &d.fullBin, true); haveQR && !all {
		return d.found, nil
	}
	d.decode1D(g, all)
	if len(d.found) > 0 && !all {
		return d.found, nil
	}
	// A QR code too small to read at half size, white on black only
	// when no 1D code was read (a dark phone screen held next to a
	// label is read once the label is out of view).
	if halved && !haveQR {
		d.decodeQR(g, &d.fullBin, len(d.found) == 0)
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

// source wraps a gray image as a luminance source.
func source(g *image.Gray) (gozxing.LuminanceSource, error) {
	g = packed(g)
	b := g.Bounds()
	return gozxing.NewPlanarYUVLuminanceSource(g.Pix, b.Dx(), b.Dy(), 0, 0, b.Dx(), b.Dy(), false)
}

// qrBias is how much lower (for white on black, higher) the thresholds
// are on a second attempt at a QR code whose finder patterns were seen
// but not all read: blur greys the one-module light ring of a finder
// pattern, which the first thresholds then take for dark.
const qrBias = 16

// decodeQR looks for a QR code on g, binarised with bin, then for a
// white-on-black one on the same matrix inverted. An attempt that sees
// a finder pattern but reads no code is retried on the matrix redrawn
// with its thresholds moved by qrBias, then on g smoothed 3×3 (noise
// speckles small modules), binarised both ways; frames without a QR
// code seldom show anything like a finder pattern, so they seldom pay
// for it. Unless inverted, only black on white is looked for.
func (d *Decoder) decodeQR(g *image.Gray, bin *blockBinarizer, inverted bool) bool {
	b := g.Bounds()
	if b.Dx() < 5*block || b.Dy() < 5*block {
		// Too small for blocks: gozxing's own binariser.
		src, err := source(g)
		if err != nil {
			return false
		}
		m, err := gozxing.NewHybridBinarizer(src).GetBlackMatrix()
		if err != nil {
			return false
		}
		text, _ := d.readQR(m, false)
		if text == "" && inverted {
			text, _ = d.readQR(m, true)
		}
		return d.foundQR(text)
	}
	bin.reset(packed(g))
	smoothed := false
	for _, flip := range [2]bool{false, true} {
		if flip && !inverted {
			break
		}
		bias := int32(qrBias)
		if flip {
			bias = -bias
		}
		text, seen := d.readQR(bin.rethreshold(0), flip)
		if text == "" && seen {
			text, _ = d.readQR(bin.rethreshold(bias), flip)
		}
		if text == "" && seen {
			if !smoothed {
				d.smooth, d.rows = smooth(d.smooth, bin.g, d.rows)
				d.smoothBin.reset(d.smooth)
				smoothed = true
			}
			text, _ = d.readQR(d.smoothBin.rethreshold(0), flip)
			if text == "" {
				text, _ = d.readQR(d.smoothBin.rethreshold(bias), flip)
			}
		}
		if d.foundQR(text) {
			return true
		}
	}
	return false
}

// readQR reads a QR code on m, or on m inverted (m is left as it was),
// and says whether a finder pattern was seen even when no code was read.
func (d *Decoder) readQR(m *gozxing.BitMatrix, inverted bool) (text string, seen bool) {
	if inverted {
		m.FlipAll()
		defer m.FlipAll()
	}
	f := detector.NewFinderPatternFinder(m, nil)
	info, err := d.findQR(f, m)
	if err != nil {
		return "", len(f.GetPossibleCenters()) > 0
	}
	dr, err2 := detector.NewDetector(m).ProcessFinderPatternInfo(info)
	if err2 != nil {
		return "", true
	}
	res, err2 := d.qr.Decode(dr.GetBits(), d.hints)
	if err2 != nil {
		return "", true
	}
	return res.GetText(), true
}

// foundQR records a QR code's text, if any.
func (d *Decoder) foundQR(text string) bool {
	if text == "" {
		return false
	}
	d.found = append(d.found, Result{Text: text, Symbology: kiosk.SymQR})
	return true
}

// packed returns g with Stride equal to its width and Min at 0,0,
// copying it only when it is not.
func packed(g *image.Gray) *image.Gray {
	b := g.Bounds()
	if g.Stride == b.Dx() && b.Min == (image.Point{}) {
		return g
	}
	c := grayOf(nil, b.Dx(), b.Dy())
	for y := range b.Dy() {
		off := g.PixOffset(b.Min.X, b.Min.Y+y)
		copy(c.Pix[y*b.Dx():], g.Pix[off:off+b.Dx()])
	}
	return c
}
