package camera

import (
	"image"
	"testing"
)

func TestFrameGray(t *testing.T) {
	luma := []byte{0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110} // 4×3
	yuyv := make([]byte, 2*len(luma))
	for i, y := range luma {
		yuyv[2*i], yuyv[2*i+1] = y, byte(200+i) // chroma ignored
	}
	for _, f := range []Frame{{Format: YUYV, Width: 4, Height: 3, Data: yuyv}, {Format: GREY, Width: 4, Height: 3, Data: luma}} {
		g, err := f.Gray(nil)
		if err != nil || string(g.Pix) != string(luma) || g.Rect != image.Rect(0, 0, 4, 3) || g.Stride != 4 {
			t.Fatalf("%v: Gray = %v %v", f.Format, g, err)
		}
		if again, _ := f.Gray(g); &again.Pix[0] != &g.Pix[0] {
			t.Errorf("%v: Gray did not reuse its buffer", f.Format)
		}
	}
	for name, f := range map[string]Frame{
		"short YUYV":  {Format: YUYV, Width: 4, Height: 3, Data: yuyv[:20]},
		"odd width":   {Format: YUYV, Width: 3, Height: 4, Data: yuyv},
		"short GREY":  {Format: GREY, Width: 4, Height: 4, Data: luma},
		"no size":     {Format: GREY, Data: luma},
		"other pixel": {Format: PixelFormat('M' | 'J'<<8 | 'P'<<16 | 'G'<<24), Width: 4, Height: 3, Data: yuyv},
	} {
		if _, err := f.Gray(nil); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	// Frames of every width's remainder by four take every luma byte.
	for _, w := range []int{2, 6, 8, 10, 640} {
		data := make([]byte, 2*w*3)
		for i := range data {
			data[i] = byte(i * 7)
		}
		g, err := Frame{Format: YUYV, Width: w, Height: 3, Data: data}.Gray(nil)
		if err != nil {
			t.Fatal(err)
		}
		for i, v := range g.Pix {
			if v != data[2*i] {
				t.Fatalf("width %d: pixel %d = %d, want %d", w, i, v, data[2*i])
			}
		}
	}
	if YUYV.String() != "YUYV" || GREY.String() != "GREY" {
		t.Fatal("fourcc")
	}
}
