package vision

import (
	"fmt"
	"image"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
)

// QR draws payload as a QR code of at least size×size pixels (larger when
// the code needs it), black on white with a four-module quiet zone, error
// correction level M: a phone screen or a printout with a smudge still
// reads.
func QR(payload string, size int) (*image.Gray, error) {
	hints := map[gozxing.EncodeHintType]interface{}{
		gozxing.EncodeHintType_ERROR_CORRECTION: "M",
		gozxing.EncodeHintType_MARGIN:           4,
	}
	m, err := qrcode.NewQRCodeWriter().Encode(payload, gozxing.BarcodeFormat_QR_CODE, size, size, hints)
	if err != nil {
		return nil, fmt.Errorf("vision: QR code of %d bytes: %w", len(payload), err)
	}
	return fromMatrix(m), nil
}

// fromMatrix renders a bit matrix, set bits black.
func fromMatrix(m *gozxing.BitMatrix) *image.Gray {
	w, h := m.GetWidth(), m.GetHeight()
	g := image.NewGray(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			if m.Get(x, y) {
				g.Pix[y*w+x] = 0
			} else {
				g.Pix[y*w+x] = 0xff
			}
		}
	}
	return g
}
