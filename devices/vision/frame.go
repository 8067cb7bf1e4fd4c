package vision

import "image"

// Half returns g at half width and height, each pixel the mean of a 2×2
// block, reusing dst's pixels when they are large enough.
func Half(dst *image.Gray, g *image.Gray) *image.Gray {
	b := g.Bounds()
	w, h := b.Dx()/2, b.Dy()/2
	dst = grayOf(dst, w, h)
	for y := range h {
		r0 := g.Pix[(2*y)*g.Stride:]
		r1 := g.Pix[(2*y+1)*g.Stride:]
		out := dst.Pix[y*w : y*w+w]
		for x := range out {
			out[x] = uint8((uint(r0[2*x]) + uint(r0[2*x+1]) + uint(r1[2*x]) + uint(r1[2*x+1]) + 2) / 4)
		}
	}
	return dst
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
