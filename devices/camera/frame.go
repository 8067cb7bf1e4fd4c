package camera

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
)

// PixelFormat is a V4L2 fourcc.
type PixelFormat uint32

// Pixel formats Reader can decode without conversion.
const (
	YUYV PixelFormat = 'Y' | 'U'<<8 | 'Y'<<16 | 'V'<<24
	GREY PixelFormat = 'G' | 'R'<<8 | 'E'<<16 | 'Y'<<24
)

func (p PixelFormat) String() string {
	return string([]byte{byte(p), byte(p >> 8), byte(p >> 16), byte(p >> 24)})
}

// Frame is one captured image. Data is only valid until the next call to
// the source's Next.
type Frame struct {
	Format        PixelFormat
	Width, Height int
	Data          []byte
}

// Gray returns the frame's luma plane as a gray image, reusing dst's
// pixels when they are large enough. A YUYV frame has two bytes per
// pixel, Y0 U Y1 V: its Y samples are the gray image, without colour
// conversion.
func (f Frame) Gray(dst *image.Gray) (*image.Gray, error) {
	n := f.Width * f.Height
	switch f.Format {
	case YUYV:
		if f.Width <= 0 || f.Height <= 0 || f.Width%2 != 0 {
			return nil, errors.New("camera: YUYV frame needs a positive, even width")
		}
		if len(f.Data) < 2*n {
			return nil, errors.New("camera: YUYV frame shorter than width×height×2")
		}
		dst = grayOf(dst, f.Width, f.Height)
		luma(dst.Pix, f.Data[:2*n])
		return dst, nil
	case GREY:
		if f.Width <= 0 || f.Height <= 0 || len(f.Data) < n {
			return nil, errors.New("camera: GREY frame shorter than width×height")
		}
		dst = grayOf(dst, f.Width, f.Height)
		copy(dst.Pix, f.Data)
		return dst, nil
	}
	return nil, fmt.Errorf("camera: pixel format %v not supported", f.Format)
}

// luma copies every other byte of src, from the first, to dst, which
// is half as long: four pixels at a time, eight bytes of src taken as a
// little-endian word whose even bytes are packed together.
func luma(dst, src []byte) {
	i := 0
	for ; i+4 <= len(dst); i += 4 {
		v := binary.LittleEndian.Uint64(src[2*i : 2*i+8])
		v &= 0x00ff00ff00ff00ff
		v = (v | v>>8) & 0x0000ffff0000ffff
		v = v | v>>16
		binary.LittleEndian.PutUint32(dst[i:i+4], uint32(v))
	}
	for ; i < len(dst); i++ {
		dst[i] = src[2*i]
	}
}

// grayOf returns a w×h gray image with Stride w, reusing dst's buffer.
func grayOf(dst *image.Gray, w, h int) *image.Gray {
	if dst == nil || cap(dst.Pix) < w*h {
		return image.NewGray(image.Rect(0, 0, w, h))
	}
	dst.Pix, dst.Stride, dst.Rect = dst.Pix[:w*h], w, image.Rect(0, 0, w, h)
	return dst
}

// Source delivers frames: a V4L2 device or, in tests, generated frames.
type Source interface {
	// Next waits for the next frame until ctx ends.
	Next(ctx context.Context) (Frame, error)
	Close() error
}

// ErrUnsupported is returned by Open where V4L2 capture is not built in.
var ErrUnsupported = errors.New("camera: V4L2 capture needs 64-bit Linux")
