package vision

import (
	"image"
	"math/rand/v2"
	"testing"
)

// refBlack is blockBinarizer's rule pixel by pixel, as plainly as it can
// be written: the black points of the blocks, then each pixel against
// the mean of the 5×5 blocks around the last block row and any block
// column covering it.
func refBlack(g *image.Gray, bias int32) [][]bool {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	bw, bh := (w+block-1)/block, (h+block-1)/block
	pts := make([]int32, bw*bh)
	for by := range bh {
		for bx := range bw {
			x0, y0 := blockAt(bx, w), blockAt(by, h)
			sum, lo, hi := int32(0), int32(255), int32(0)
			for y := y0; y < y0+block; y++ {
				for x := x0; x < x0+block; x++ {
					v := int32(g.Pix[y*w+x])
					sum += v
					lo, hi = min(lo, v>>1), max(hi, v>>1)
				}
			}
			p := sum / (block * block)
			if 2*(hi-lo) <= flatSpan {
				p = lo
				if by > 0 && bx > 0 {
					n := (pts[(by-1)*bw+bx] + 2*pts[by*bw+bx-1] + pts[(by-1)*bw+bx-1]) / 4
					if 2*lo < n {
						p = n
					}
				}
			}
			pts[by*bw+bx] = p
		}
	}
	t := func(bx, by int) int32 {
		cx, cy := min(max(bx, 2), bw-3), min(max(by, 2), bh-3)
		var sum int32
		for yy := cy - 2; yy <= cy+2; yy++ {
			for xx := cx - 2; xx <= cx+2; xx++ {
				sum += pts[yy*bw+xx]
			}
		}
		return min(max(sum/25-bias, 0), 255)
	}
	out := make([][]bool, h)
	for y := range h {
		out[y] = make([]bool, w)
		by := 0
		for k := range bh {
			if blockAt(k, h) <= y {
				by = k
			}
		}
		for x := range w {
			for bx := range bw {
				if x0 := blockAt(bx, w); x0 <= x && x < x0+block && int32(g.Pix[y*w+x]) <= t(bx, by) {
					out[y][x] = true
				}
			}
		}
	}
	return out
}

func TestBlockBinarizer(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var b blockBinarizer
	for _, sz := range []image.Point{{64, 48}, {100, 61}, {45, 77}, {320, 240}} {
		g := image.NewGray(image.Rect(0, 0, sz.X, sz.Y))
		for i := range g.Pix {
			// Patches of flat grey, of noise and of bars.
			x, y := i%sz.X, i/sz.X
			switch (x/13 + y/11) % 3 {
			case 0:
				g.Pix[i] = uint8(120 + rng.IntN(8))
			case 1:
				g.Pix[i] = uint8(rng.IntN(256))
			default:
				g.Pix[i] = uint8(40 + 160*(x/3%2))
			}
		}
		b.reset(g)
		for _, bias := range []int32{0, 16, -16, 0} {
			m := b.rethreshold(bias)
			want := refBlack(g, bias)
			bad := 0
			for y := range sz.Y {
				for x := range sz.X {
					if m.Get(x, y) != want[y][x] {
						bad++
					}
				}
			}
			if bad > 0 {
				t.Errorf("%v bias %d: %d of %d pixels differ from the reference", sz, bias, bad, sz.X*sz.Y)
			}
		}
	}
}
