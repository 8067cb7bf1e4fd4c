//go:build linux && (amd64 || arm64)

package camera

import (
	"os"
	"path/filepath"
	"testing"
	"unsafe"
)

// TestABI checks the structures and request numbers against the values
// the kernel headers give on 64-bit Linux (measured with a C program
// including <linux/videodev2.h>).
func TestABI(t *testing.T) {
	sizes := map[string][2]uintptr{
		"capability":     {unsafe.Sizeof(capability{}), 104},
		"format":         {unsafe.Sizeof(format{}), 208},
		"pixFormat":      {unsafe.Sizeof(pixFormat{}), 48},
		"requestBuffers": {unsafe.Sizeof(requestBuffers{}), 20},
		"buffer":         {unsafe.Sizeof(buffer{}), 88},
		"buffer.m":       {unsafe.Offsetof(buffer{}.Offset), 64},
		"buffer.length":  {unsafe.Offsetof(buffer{}.Length), 72},
	}
	for name, s := range sizes {
		if s[0] != s[1] {
			t.Errorf("%s: %d, kernel %d", name, s[0], s[1])
		}
	}
	reqs := map[string][2]uintptr{
		"QUERYCAP": {vidiocQuerycap, 0x80685600}, "S_FMT": {vidiocSFmt, 0xc0d05605},
		"REQBUFS": {vidiocReqbufs, 0xc0145608}, "QUERYBUF": {vidiocQuerybuf, 0xc0585609},
		"QBUF": {vidiocQbuf, 0xc058560f}, "DQBUF": {vidiocDqbuf, 0xc0585611},
		"STREAMON": {vidiocStreamon, 0x40045612}, "STREAMOFF": {vidiocStreamoff, 0x40045613},
	}
	for name, r := range reqs {
		if r[0] != r[1] {
			t.Errorf("VIDIOC_%s = %#x, kernel %#x", name, r[0], r[1])
		}
	}
	if YUYV != 0x56595559 || GREY != 0x59455247 {
		t.Error("fourcc values")
	}
}

func TestOpenNotACamera(t *testing.T) {
	if _, err := Open(filepath.Join(t.TempDir(), "video9"), 640, 480); err == nil || !os.IsNotExist(unwrapAll(err)) {
		t.Errorf("missing device: %v", err)
	}
	if _, err := Open("/dev/null", 640, 480); err == nil {
		t.Error("/dev/null opened as a camera")
	}
}

func unwrapAll(err error) error {
	for {
		u, ok := err.(interface{ Unwrap() error })
		if !ok {
			return err
		}
		err = u.Unwrap()
	}
}
