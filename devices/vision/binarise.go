package vision

import (
	"image"

	"github.com/makiuchi-d/gozxing"
)

// blockBinarizer thresholds a frame block by block, as gozxing's hybrid
// binariser does (8×8 blocks, each against the mean black point of the
// 5×5 blocks around it, flat blocks taking their neighbours' point), but
// works on the frame's bytes directly and reuses its matrix: it is the
// largest part of a frame's cost.
type blockBinarizer struct {
	g      *image.Gray // Stride == width, Min at 0,0
	m      *gozxing.BitMatrix
	points []int32
	done   bool
}

var _ gozxing.Binarizer = (*blockBinarizer)(nil)

const (
	block    = 8
	flatSpan = 24 // a block whose values span no more than this is flat
)

// reset prepares b for g, reusing its matrix when the size is the same.
func (b *blockBinarizer) reset(g *image.Gray) {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	b.g, b.done = g, false
	if b.m == nil || b.m.GetWidth() != w || b.m.GetHeight() != h {
		b.m, _ = gozxing.NewBitMatrix(w, h)
	} else {
		b.m.Clear()
	}
}

func (b *blockBinarizer) GetLuminanceSource() gozxing.LuminanceSource {
	src, _ := source(b.g)
	return src
}

func (b *blockBinarizer) GetWidth() int  { return b.g.Rect.Dx() }
func (b *blockBinarizer) GetHeight() int { return b.g.Rect.Dy() }

func (b *blockBinarizer) CreateBinarizer(src gozxing.LuminanceSource) gozxing.Binarizer {
	return gozxing.NewHybridBinarizer(src)
}

func (b *blockBinarizer) GetBlackRow(y int, row *gozxing.BitArray) (*gozxing.BitArray, error) {
	m, err := b.GetBlackMatrix()
	if err != nil {
		return nil, err
	}
	return m.GetRow(y, row), nil
}

func (b *blockBinarizer) GetBlackMatrix() (*gozxing.BitMatrix, error) {
	if !b.done {
		b.threshold()
		b.done = true
	}
	return b.m, nil
}

// blockAt is the offset of block i of n along a side of length size: the
// last block is moved back to end at the edge.
func blockAt(i, size int) int { return min(i*block, size-block) }

// threshold fills b.m. Frames smaller than 5×5 blocks are never given
// to it (see bitmap).
func (b *blockBinarizer) threshold() {
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
			lo, hi, sum := 255, 0, 0
			for y := y0; y < y0+block; y++ {
				for _, v := range pix[y*w+x0 : y*w+x0+block] {
					sum += int(v)
					lo, hi = min(lo, int(v)), max(hi, int(v))
				}
			}
			p := int32(sum / (block * block))
			if hi-lo <= flatSpan {
				// A flat block: light unless its neighbours say its
				// level is dark.
				p = int32(lo / 2)
				if by > 0 && bx > 0 {
					n := (pts[(by-1)*bw+bx] + 2*pts[by*bw+bx-1] + pts[(by-1)*bw+bx-1]) / 4
					if int32(lo) < n {
						p = n
					}
				}
			}
			pts[by*bw+bx] = p
		}
	}
	for by := range bh {
		y0 := blockAt(by, h)
		cy := min(max(by, 2), bh-3)
		for bx := range bw {
			x0 := blockAt(bx, w)
			cx := min(max(bx, 2), bw-3)
			var sum int32
			for yy := cy - 2; yy <= cy+2; yy++ {
				row := pts[yy*bw+cx-2 : yy*bw+cx+3]
				sum += row[0] + row[1] + row[2] + row[3] + row[4]
			}
			t := uint8(sum / 25)
			for y := y0; y < y0+block; y++ {
				for x, v := range pix[y*w+x0 : y*w+x0+block] {
					if v <= t {
						b.m.Set(x0+x, y)
					}
				}
			}
		}
	}
}
