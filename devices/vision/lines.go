package vision

import (
	"image"
	"math"
	"math/bits"
	"slices"

	"github.com/makiuchi-d/gozxing"
)

// line is one scan line across a frame, a row or (for codes turned 90°)
// a column, binarised, with its bits forward and reversed: 1D readers
// look for a start pattern left to right only, so an upside-down code
// reads on the reversed copy.
type line struct {
	fwd, rev *gozxing.BitArray
	across   bool // a column
	at       int  // its row or column number
	n        int  // its length in pixels
	dead     bool // nothing left on it to read
}

// minEdges: a scan line with fewer black/white changes crosses no 1D code
// (the shortest Code 128 has 25 bars and spaces) and is not tried.
const minEdges = 24

// linesPer is how many rows (and columns) are scanned over a frame's
// height (and width).
const linesPer = 64

// scanLines returns the frame's candidate scan lines: linesPer rows over
// the whole height and as many columns over the whole width, skipping
// those with too few edges. Its buffers are reused.
func (d *Decoder) scanLines(g *image.Gray) []line {
	b := g.Bounds()
	w, h := b.Dx(), b.Dy()
	d.lines = d.lines[:0]
	k := 0
	add := func(across bool, at, n int) {
		if k == len(d.pool) {
			d.pool = append(d.pool, line{})
		}
		l := &d.pool[k]
		if l.fwd == nil || l.fwd.GetSize() != n {
			l.fwd, l.rev = gozxing.NewBitArray(n), gozxing.NewBitArray(n)
		}
		d.binarise(l.fwd)
		if edges(l.fwd) < minEdges {
			return
		}
		k++
		copy(l.rev.GetBitArray(), l.fwd.GetBitArray())
		l.rev.Reverse()
		l.across, l.at, l.n, l.dead = across, at, n, false
		d.lines = append(d.lines, *l)
	}
	step := max(3, h/linesPer)
	for y := step / 2; y < h-3; y += step {
		d.sum = sumLines(d.sum, g.Pix[g.PixOffset(b.Min.X, b.Min.Y+y):], w, 1, g.Stride)
		add(false, y, w)
	}
	step = max(3, w/linesPer)
	for x := step / 2; x < w-3; x += step {
		d.sum = sumLines(d.sum, g.Pix[g.PixOffset(b.Min.X+x, b.Min.Y):], h, g.Stride, 1)
		add(true, x, h)
	}
	return d.lines
}

// sumLines adds up, pixel by pixel, four neighbouring lines of n pixels
// starting at p: bars run across a line, so this lowers the noise
// without blurring them. along is the step between a line's pixels,
// across between lines.
func sumLines(dst []int32, p []uint8, n, along, across int) []int32 {
	dst = slices.Grow(dst[:0], n)[:n]
	for i := range dst {
		o := i * along
		dst[i] = int32(p[o]) + int32(p[o+across]) + int32(p[o+2*across]) + int32(p[o+3*across])
	}
	return dst
}

// binarise thresholds d.sum into a: black where the pixel is darker
// than the midpoint of the darkest and lightest pixels around it, white
// where lighter, each by a margin, and as its left neighbour in between,
// so flat noisy areas stay white. The neighbourhood is wide enough to take
// in the grey around a code's quiet zone, which then reads as white.
func (d *Decoder) binarise(a *gozxing.BitArray) {
	s := d.sum
	n := len(s)
	r := max(24, n/16)
	// The extremes over chunks of 8 pixels, then over windows of
	// chunks: an eighth of the work of doing it pixel by pixel. The
	// greatest are kept negated, so that one sliding least gives both.
	nc := (n + chunk - 1) / chunk
	d.clo, d.chi = slices.Grow(d.clo[:0], nc)[:nc], slices.Grow(d.chi[:0], nc)[:nc]
	for c := range nc {
		part := s[c*chunk : min(n, c*chunk+chunk)]
		d.clo[c], d.chi[c] = slices.Min(part), -slices.Max(part)
	}
	d.lo, d.ext = slidingMin(d.lo, d.clo, 3*r/chunk, d.ext)
	d.hi, d.ext = slidingMin(d.hi, d.chi, r/chunk, d.ext)
	words := a.GetBitArray()
	clear(words)
	black := false
	for c := range nc {
		lo, hi := d.lo[c], -d.hi[c]
		if hi-lo < minContrast {
			black = false
			continue
		}
		mid, m := (lo+hi)/2, (hi-lo)/16
		dark, light := mid-m, mid+m
		var bits uint32
		for j, v := range s[c*chunk : min(n, c*chunk+chunk)] {
			if v < dark {
				black = true
			} else if v > light {
				black = false
			}
			if black {
				bits |= 1 << j
			}
		}
		words[c*chunk/32] |= bits << (c * chunk % 32)
	}
}

// chunk is how many pixels binarise takes the extremes of at once.
const chunk = 8

// minContrast is the least range, in sums of four pixels, that a
// neighbourhood needs to hold bars: 40 grey levels, more than the noise
// of a webcam's flat areas after summing.
const minContrast = 160

// slidingMin sets dst[i] to the least of s[i-r..i+r] (those within s)
// in linear time, as van Herk and Gil and Werman do: s padded by r on
// each side is cut into blocks of 2r+1, and each window's least is that
// of the running minima backward from its start to its block's end and
// forward from the next block's start to its end. buf is reused.
func slidingMin(dst, s []int32, r int, buf []int32) ([]int32, []int32) {
	n, k := len(s), 2*r+1
	m := n + 2*r
	buf = slices.Grow(buf[:0], 2*m)[:2*m]
	fwd, back := buf[:m], buf[m:]
	v := func(p int) int32 {
		if p < r || p >= n+r {
			return math.MaxInt32
		}
		return s[p-r]
	}
	for p, j := 0, 0; p < m; p, j = p+1, j+1 {
		if j == k {
			j = 0
		}
		fwd[p] = v(p)
		if j > 0 {
			fwd[p] = min(fwd[p], fwd[p-1])
		}
	}
	for p := m - 1; p >= 0; p-- {
		back[p] = v(p)
		if (p+1)%k != 0 && p+1 < m {
			back[p] = min(back[p], back[p+1])
		}
	}
	dst = slices.Grow(dst[:0], n)[:n]
	for i := range dst {
		dst[i] = min(back[i], fwd[i+2*r])
	}
	return dst, buf
}

// edges counts the changes between neighbouring bits of a.
func edges(a *gozxing.BitArray) int {
	words := a.GetBitArray()
	n := 0
	for i, w := range words {
		var next uint32
		if i+1 < len(words) {
			next = words[i+1]
		}
		n += bits.OnesCount32(w ^ (w>>1 | next<<31))
	}
	return n
}
