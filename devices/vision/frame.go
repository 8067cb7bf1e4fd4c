package vision

import (
	"encoding/binary"
	"image"
	"slices"
)

// Half returns g at half width and height, each pixel the mean of a 2×2
// block (rounded), reusing dst's pixels when they are large enough.
// Four pixels are made at once: eight bytes of each of two rows summed
// in 16-bit lanes.
func Half(dst *image.Gray, g *image.Gray) *image.Gray {
	b := g.Bounds()
	w, h := b.Dx()/2, b.Dy()/2
	dst = grayOf(dst, w, h)
	for y := range h {
		r0 := g.Pix[g.PixOffset(b.Min.X, b.Min.Y+2*y):]
		r1 := g.Pix[g.PixOffset(b.Min.X, b.Min.Y+2*y+1):]
		out := dst.Pix[y*w : y*w+w]
		x := 0
		for ; x+4 <= w; x += 4 {
			p := binary.LittleEndian.Uint64(r0[2*x : 2*x+8])
			q := binary.LittleEndian.Uint64(r1[2*x : 2*x+8])
			v := p&even16 + p>>8&even16 + q&even16 + q>>8&even16 + 2*ones16
			v = v >> 2 & even16
			v = (v | v>>8) & 0x0000ffff0000ffff
			binary.LittleEndian.PutUint32(out[x:x+4], uint32(v|v>>16))
		}
		for ; x < w; x++ {
			out[x] = uint8((uint(r0[2*x]) + uint(r0[2*x+1]) + uint(r1[2*x]) + uint(r1[2*x+1]) + 2) / 4)
		}
	}
	return dst
}

// smooth sets dst to g (Stride equal to its width, at least 2 pixels
// wide) with each pixel the mean of the 3×3 pixels around it, the
// border pixels repeated beyond the edges: a webcam's noise, which
// speckles a binarised code with small modules, falls to a third.
// rows is a buffer for the sums along rows; both are reused.
func smooth(dst, g *image.Gray, rows []uint16) (*image.Gray, []uint16) {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	dst = grayOf(dst, w, h)
	rows = slices.Grow(rows[:0], w*h)[:w*h]
	for y := range h {
		p, r := g.Pix[y*w:y*w+w], rows[y*w:y*w+w]
		r[0] = 2*uint16(p[0]) + uint16(p[1])
		for x := 1; x < w-1; x++ {
			r[x] = uint16(p[x-1]) + uint16(p[x]) + uint16(p[x+1])
		}
		r[w-1] = uint16(p[w-2]) + 2*uint16(p[w-1])
	}
	for y := range h {
		a, b, c := rows[max(0, y-1)*w:][:w], rows[y*w:][:w], rows[min(h-1, y+1)*w:][:w]
		out := dst.Pix[y*w : y*w+w]
		for x := range out {
			out[x] = uint8((uint32(a[x]) + uint32(b[x]) + uint32(c[x])) / 9)
		}
	}
	return dst, rows
}

// grayOf returns a w×h gray image with Stride w, reusing dst's buffer.
func grayOf(dst *image.Gray, w, h int) *image.Gray {
	if dst == nil || cap(dst.Pix) < w*h {
		return image.NewGray(image.Rect(0, 0, w, h))
	}
	dst.Pix, dst.Stride, dst.Rect = dst.Pix[:w*h], w, image.Rect(0, 0, w, h)
	return dst
}

// Gray converts any image to grayscale (ITU-R 601 luma), reusing dst. It
// is for still images (files, tests); camera frames come as YUYV or gray.
func Gray(dst *image.Gray, img image.Image) *image.Gray {
	if g, ok := img.(*image.Gray); ok && g.Stride == g.Rect.Dx() && g.Rect.Min == (image.Point{}) {
		return g
	}
	b := img.Bounds()
	dst = grayOf(dst, b.Dx(), b.Dy())
	for y := range b.Dy() {
		for x := range b.Dx() {
			r, g, bl, _ := img.At(b.Min.X+x, b.Min.Y+y).RGBA()
			dst.Pix[y*dst.Stride+x] = uint8((19595*r + 38470*g + 7471*bl + 1<<15) >> 24)
		}
	}
	return dst
}
