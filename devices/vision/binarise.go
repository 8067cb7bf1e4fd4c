package vision

import (
	"encoding/binary"
	"image"

	"github.com/makiuchi-d/gozxing"
)

// blockBinarizer thresholds a frame into a bit matrix block by block,
// as gozxing's hybrid binariser does (8×8 blocks, each against the mean
// black point of the 5×5 blocks around it, flat blocks taking their
// neighbours' point), but works on the frame's bytes eight at a time,
// reuses its matrix and can redraw it with moved thresholds
// (rethreshold): it is the largest part of a frame's cost.
type blockBinarizer struct {
	g      *image.Gray // Stride == width, Min at 0,0
	m      *gozxing.BitMatrix
	row    *gozxing.BitArray
	points []int32  // each block's black point
	thr    []uint64 // a block row's thresholds, as lanes for apply
	done   bool
	bias   int32 // what the matrix's thresholds were lowered by
}

const (
	block    = 8
	flatSpan = 40 // a block whose values span no more than this is flat
)

// reset prepares b for g (Stride equal to its width, Min at 0,0, at
// least 5×5 blocks), reusing its matrix when the size is the same.
func (b *blockBinarizer) reset(g *image.Gray) {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	b.g, b.done, b.bias = g, false, 0
	if b.m == nil || b.m.GetWidth() != w || b.m.GetHeight() != h {
		b.m, _ = gozxing.NewBitMatrix(w, h)
		b.row = gozxing.NewBitArray(w)
	}
}

// rethreshold redraws the matrix with every block's threshold lowered
// by bias grey levels (raised when negative): thin light lines between
// dark areas, which blur greys, come out light again.
func (b *blockBinarizer) rethreshold(bias int32) *gozxing.BitMatrix {
	if !b.done {
		b.measure()
		b.apply(bias)
		b.done = true
	} else if bias != b.bias {
		b.apply(bias)
	}
	return b.m
}

// blockAt is the offset of block i of n along a side of length size: the
// last block is moved back to end at the edge.
func blockAt(i, size int) int { return min(i*block, size-block) }

// Lanes for working on eight pixels in a uint64.
const (
	high8  = 0x8080808080808080
	low7   = 0x7f7f7f7f7f7f7f7f
	even16 = 0x00ff00ff00ff00ff
	ones16 = 0x0001000100010001
)

// minBytes and maxBytes are the least and greatest of a's and b's bytes,
// lane by lane, for bytes below 128.
func minBytes(a, b uint64) uint64 {
	ge := (((a | high8) - b) & high8) >> 7 * 0xff // a ≥ b
	return b&ge | a&^ge
}

func maxBytes(a, b uint64) uint64 {
	ge := (((a | high8) - b) & high8) >> 7 * 0xff
	return a&ge | b&^ge
}

// measure sets each block's black point: its mean, or for a flat block
// (whose extremes, taken to 7 bits, span no more than flatSpan) half its
// least value unless its neighbours say its level is dark. Frames smaller
// than 5×5 blocks are never given to it (see Decoder.decodeQR).
func (b *blockBinarizer) measure() {
	pix, w, h := b.g.Pix, b.g.Rect.Dx(), b.g.Rect.Dy()
	bw, bh := (w+block-1)/block, (h+block-1)/block
	if cap(b.points) < bw*bh {
		b.points = make([]int32, bw*bh)
	}
	pts := b.points[:bw*bh]
	for by := range bh {
		y0 := blockAt(by, h)
		for bx := range bw {
			x0 := blockAt(bx, w)
			var even, odd, hi uint64
			lo := uint64(low7)
			for y := y0; y < y0+block; y++ {
				v := binary.LittleEndian.Uint64(pix[y*w+x0 : y*w+x0+8])
				even += v & even16
				odd += v >> 8 & even16
				v = v >> 1 & low7
				lo, hi = minBytes(lo, v), maxBytes(hi, v)
			}
			sum := (even + odd) * ones16 >> 48
			lo = minBytes(lo, lo>>32)
			lo = minBytes(lo, lo>>16)
			lo = minBytes(lo, lo>>8)
			hi = maxBytes(hi, hi>>32)
			hi = maxBytes(hi, hi>>16)
			hi = maxBytes(hi, hi>>8)
			least, span := int32(lo&0x7f)*2, int32(hi&0x7f-lo&0x7f)*2
			p := int32(sum / (block * block))
			if span <= flatSpan {
				p = least / 2
				if by > 0 && bx > 0 {
					n := (pts[(by-1)*bw+bx] + 2*pts[by*bw+bx-1] + pts[(by-1)*bw+bx-1]) / 4
					if least < n {
						p = n
					}
				}
			}
			pts[by*bw+bx] = p
		}
	}
}

// apply draws the matrix: a pixel is black when it is no lighter than
// the mean black point of the 5×5 blocks around its block, less bias.
// Eight pixels are compared at once, in 16-bit lanes.
func (b *blockBinarizer) apply(bias int32) {
	pix, w, h := b.g.Pix, b.g.Rect.Dx(), b.g.Rect.Dy()
	bw, bh := (w+block-1)/block, (h+block-1)/block
	pts := b.points[:bw*bh]
	if cap(b.thr) < bw {
		b.thr = make([]uint64, bw)
	}
	thr := b.thr[:bw]
	words := b.row.GetBitArray()
	for by := range bh {
		y0 := blockAt(by, h)
		cy := min(max(by, 2), bh-3)
		for bx := range bw {
			cx := min(max(bx, 2), bw-3)
			var sum int32
			for yy := cy - 2; yy <= cy+2; yy++ {
				row := pts[yy*bw+cx-2 : yy*bw+cx+3]
				sum += row[0] + row[1] + row[2] + row[3] + row[4]
			}
			t := min(max(sum/25-bias, 0), 255)
			// 0x100 + t - v has bit 8 set when v ≤ t.
			thr[bx] = uint64(t)*ones16 | ones16<<8
		}
		for y := y0; y < y0+block; y++ {
			clear(words)
			line := pix[y*w : y*w+w]
			for bx, t := range thr {
				x0 := blockAt(bx, w)
				v := binary.LittleEndian.Uint64(line[x0 : x0+8])
				even := (t - v&even16) >> 8 & ones16
				odd := (t - v>>8&even16) >> 8 & ones16
				c := even | odd<<1
				bits := uint32((c | c>>14 | c>>28 | c>>42) & 0xff)
				i, s := x0/32, x0%32
				words[i] |= bits << s
				if s > 24 {
					words[i+1] |= bits >> (32 - s)
				}
			}
			b.m.SetRow(y, b.row)
		}
	}
	b.bias = bias
}
