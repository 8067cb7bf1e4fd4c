package vision

import (
	"image"
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
	// The extremes over chunks of 4 pixels, then over windows of
	// chunks: a quarter of the work of doing it pixel by pixel.
	nc := (n + chunk - 1) / chunk
	d.clo, d.chi = slices.Grow(d.clo[:0], nc)[:nc], slices.Grow(d.chi[:0], nc)[:nc]
	for c := range nc {
		part := s[c*chunk : min(n, c*chunk+chunk)]
		d.clo[c], d.chi[c] = slices.Min(part), slices.Max(part)
	}
	d.lo, d.q = slidingMin(d.lo, d.clo, 3*r/chunk, d.q)
	d.hi, d.q = slidingMax(d.hi, d.chi, r/chunk, d.q)
	words := a.GetBitArray()
	clear(words)
	black := false
	for i, v := range s {
		lo, hi := d.lo[i/chunk], d.hi[i/chunk]
		if hi-lo < minContrast {
			black = false
			continue
		}
		mid, m := (lo+hi)/2, (hi-lo)/16
		switch {
		case v < mid-m:
			black = true
		case v > mid+m:
			black = false
		}
		if black {
			words[i/32] |= 1 << uint(i%32)
		}
	}
}

// chunk is how many pixels binarise takes the extremes of at once.
const chunk = 8

// minContrast is the least range, in sums of four pixels, that a
// neighbourhood needs to hold bars: 40 grey levels, more than the noise
// of a webcam's flat areas after summing.
const minContrast = 160

// slidingMin sets dst[i] to the least of s[i-r..i+r] in linear time,
// with q as a queue of indices whose values rise from front to back.
func slidingMin(dst, s []int32, r int, q []int) ([]int32, []int) {
	n := len(s)
	dst = slices.Grow(dst[:0], n)[:n]
	q = q[:0]
	head, next := 0, 0
	for i := range n {
		for ; next < n && next <= i+r; next++ {
			v := s[next]
			for len(q) > head && s[q[len(q)-1]] >= v {
				q = q[:len(q)-1]
			}
			q = append(q, next)
		}
		for q[head] < i-r {
			head++
		}
		dst[i] = s[q[head]]
	}
	return dst, q
}

// slidingMax is slidingMin for the greatest value.
func slidingMax(dst, s []int32, r int, q []int) ([]int32, []int) {
	n := len(s)
	dst = slices.Grow(dst[:0], n)[:n]
	q = q[:0]
	head, next := 0, 0
	for i := range n {
		for ; next < n && next <= i+r; next++ {
			v := s[next]
			for len(q) > head && s[q[len(q)-1]] <= v {
				q = q[:len(q)-1]
			}
			q = append(q, next)
		}
		for q[head] < i-r {
			head++
		}
		dst[i] = s[q[head]]
	}
	return dst, q
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
