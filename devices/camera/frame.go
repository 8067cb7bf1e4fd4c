package camera

import (
	"context"
	"errors"
	"fmt"
	"image"

	"github.com/anjungan/anjungan/devices/vision"
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

// Gray returns the frame's luma plane as a gray image, reusing dst.
func (f Frame) Gray(dst *image.Gray) (*image.Gray, error) {
	switch f.Format {
	case YUYV:
		return vision.Luma(dst, f.Data, f.Width, f.Height)
	case GREY:
		if len(f.Data) < f.Width*f.Height || f.Width <= 0 || f.Height <= 0 {
			return nil, errors.New("camera: GREY frame shorter than width×height")
		}
		if dst == nil || cap(dst.Pix) < f.Width*f.Height {
			dst = image.NewGray(image.Rect(0, 0, f.Width, f.Height))
		}
		dst.Pix, dst.Stride, dst.Rect = dst.Pix[:f.Width*f.Height], f.Width, image.Rect(0, 0, f.Width, f.Height)
		copy(dst.Pix, f.Data)
		return dst, nil
	}
	return nil, fmt.Errorf("camera: pixel format %v not supported", f.Format)
}

// Source delivers frames: a V4L2 device or, in tests, generated frames.
type Source interface {
	// Next waits for the next frame until ctx ends.
	Next(ctx context.Context) (Frame, error)
	Close() error
}

// ErrUnsupported is returned by Open where V4L2 capture is not built in.
var ErrUnsupported = errors.New("camera: V4L2 capture needs 64-bit Linux")
