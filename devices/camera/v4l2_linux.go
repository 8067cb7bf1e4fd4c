//go:build linux && (amd64 || arm64 || riscv64 || ppc64le || loong64)

package camera

import (
	"context"
	"errors"
	"fmt"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// ioctl request numbers, as the kernel's _IOC macros build them.
func ioc(dir, nr, size uintptr) uintptr { return dir<<30 | size<<16 | 'V'<<8 | nr }

const (
	iocWrite = 1
	iocRead  = 2
)

var (
	vidiocQuerycap  = ioc(iocRead, 0, unsafe.Sizeof(capability{}))
	vidiocSFmt      = ioc(iocRead|iocWrite, 5, unsafe.Sizeof(format{}))
	vidiocReqbufs   = ioc(iocRead|iocWrite, 8, unsafe.Sizeof(requestBuffers{}))
	vidiocQuerybuf  = ioc(iocRead|iocWrite, 9, unsafe.Sizeof(buffer{}))
	vidiocQbuf      = ioc(iocRead|iocWrite, 15, unsafe.Sizeof(buffer{}))
	vidiocDqbuf     = ioc(iocRead|iocWrite, 17, unsafe.Sizeof(buffer{}))
	vidiocStreamon  = ioc(iocWrite, 18, 4)
	vidiocStreamoff = ioc(iocWrite, 19, 4)
)

const (
	bufTypeVideoCapture = 1
	memoryMmap          = 1
	fieldNone           = 1
	capVideoCapture     = 0x00000001
	capStreaming        = 0x04000000
	capDeviceCaps       = 0x80000000
)

// struct v4l2_capability
type capability struct {
	Driver       [16]byte
	Card         [32]byte
	BusInfo      [32]byte
	Version      uint32
	Capabilities uint32
	DeviceCaps   uint32
	Reserved     [3]uint32
}

// struct v4l2_pix_format
type pixFormat struct {
	Width, Height, PixelFormat, Field, BytesPerLine, SizeImage uint32
	Colorspace, Priv, Flags, YcbcrEnc, Quantization, XferFunc  uint32
}

// struct v4l2_format: the union is pointer-aligned.
type format struct {
	Type uint32
	Fmt  struct {
		_   [0]uintptr
		Pix pixFormat
		_   [200 - unsafe.Sizeof(pixFormat{})]byte
	}
}

// struct v4l2_requestbuffers
type requestBuffers struct {
	Count, Type, Memory, Capabilities uint32
	Flags                             uint8
	Reserved                          [3]uint8
}

// struct v4l2_buffer on 64-bit Linux.
type buffer struct {
	Index, Type, BytesUsed, Flags, Field uint32
	_                                    uint32
	Timestamp                            unix.Timeval
	Timecode                             [16]byte
	Sequence, Memory                     uint32
	Offset                               uint64 // union m: offset (low word on little endian), userptr, planes, fd
	Length, Reserved2                    uint32
	RequestFD                            uint32
	_                                    uint32
}

// Device is an open V4L2 capture device streaming into mmap'ed buffers.
type Device struct {
	fd      int
	bufs    [][]byte
	format  pixFormat
	queued  int // index of the buffer handed out by Next, -1 when none
	path    string
	timeout time.Duration
}

var _ Source = (*Device)(nil)

func ioctl(fd int, req uintptr, arg unsafe.Pointer) error {
	for {
		_, _, e := unix.Syscall(unix.SYS_IOCTL, uintptr(fd), req, uintptr(arg))
		if e == unix.EINTR {
			continue
		}
		if e != 0 {
			return e
		}
		return nil
	}
}

// Open opens path (such as /dev/video0), asks for width×height in YUYV
// (falling back to GREY) and starts streaming. The driver may choose
// another size; Next reports the size it delivers.
func Open(path string, width, height int) (*Device, error) {
	fd, err := unix.Open(path, unix.O_RDWR|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, fmt.Errorf("camera: open %s: %w", path, err)
	}
	d := &Device{fd: fd, queued: -1, path: path, timeout: 2 * time.Second}
	if err := d.start(width, height); err != nil {
		d.Close()
		return nil, fmt.Errorf("camera: %s: %w", path, err)
	}
	return d, nil
}

func (d *Device) start(width, height int) error {
	var c capability
	if err := ioctl(d.fd, vidiocQuerycap, unsafe.Pointer(&c)); err != nil {
		return fmt.Errorf("not a V4L2 device: %w", err)
	}
	caps := c.Capabilities
	if caps&capDeviceCaps != 0 {
		caps = c.DeviceCaps
	}
	if caps&capVideoCapture == 0 || caps&capStreaming == 0 {
		return errors.New("not a streaming capture device")
	}
	var f format
	for _, pf := range []PixelFormat{YUYV, GREY} {
		f = format{Type: bufTypeVideoCapture}
		f.Fmt.Pix = pixFormat{Width: uint32(width), Height: uint32(height), PixelFormat: uint32(pf), Field: fieldNone}
		if err := ioctl(d.fd, vidiocSFmt, unsafe.Pointer(&f)); err != nil {
			return fmt.Errorf("set format: %w", err)
		}
		if f.Fmt.Pix.PixelFormat == uint32(pf) {
			break
		}
	}
	d.format = f.Fmt.Pix
	if pf := PixelFormat(d.format.PixelFormat); pf != YUYV && pf != GREY {
		return fmt.Errorf("camera offers %v, not YUYV or GREY", pf)
	}
	req := requestBuffers{Count: 4, Type: bufTypeVideoCapture, Memory: memoryMmap}
	if err := ioctl(d.fd, vidiocReqbufs, unsafe.Pointer(&req)); err != nil {
		return fmt.Errorf("request buffers: %w", err)
	}
	if req.Count < 2 {
		return errors.New("too few capture buffers")
	}
	for i := range req.Count {
		b := buffer{Index: i, Type: bufTypeVideoCapture, Memory: memoryMmap}
		if err := ioctl(d.fd, vidiocQuerybuf, unsafe.Pointer(&b)); err != nil {
			return fmt.Errorf("query buffer: %w", err)
		}
		m, err := unix.Mmap(d.fd, int64(uint32(b.Offset)), int(b.Length), unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED)
		if err != nil {
			return fmt.Errorf("map buffer: %w", err)
		}
		d.bufs = append(d.bufs, m)
		if err := ioctl(d.fd, vidiocQbuf, unsafe.Pointer(&b)); err != nil {
			return fmt.Errorf("queue buffer: %w", err)
		}
	}
	typ := uint32(bufTypeVideoCapture)
	if err := ioctl(d.fd, vidiocStreamon, unsafe.Pointer(&typ)); err != nil {
		return fmt.Errorf("stream on: %w", err)
	}
	return nil
}

// Next returns the next frame. Its Data is the driver's buffer, handed
// back to the driver at the following call.
func (d *Device) Next(ctx context.Context) (Frame, error) {
	if d.queued >= 0 {
		b := buffer{Index: uint32(d.queued), Type: bufTypeVideoCapture, Memory: memoryMmap}
		d.queued = -1
		if err := ioctl(d.fd, vidiocQbuf, unsafe.Pointer(&b)); err != nil {
			return Frame{}, fmt.Errorf("camera: %s: requeue: %w", d.path, err)
		}
	}
	deadline := time.Now().Add(d.timeout)
	for {
		if err := ctx.Err(); err != nil {
			return Frame{}, err
		}
		fds := []unix.PollFd{{Fd: int32(d.fd), Events: unix.POLLIN}}
		n, err := unix.Poll(fds, 100)
		if err != nil && err != unix.EINTR {
			return Frame{}, fmt.Errorf("camera: %s: poll: %w", d.path, err)
		}
		if n > 0 && fds[0].Revents&(unix.POLLERR|unix.POLLHUP|unix.POLLNVAL) != 0 {
			return Frame{}, fmt.Errorf("camera: %s: device gone", d.path)
		}
		if n == 0 {
			if time.Now().After(deadline) {
				return Frame{}, fmt.Errorf("camera: %s: no frame for %v", d.path, d.timeout)
			}
			continue
		}
		b := buffer{Type: bufTypeVideoCapture, Memory: memoryMmap}
		if err := ioctl(d.fd, vidiocDqbuf, unsafe.Pointer(&b)); err != nil {
			if err == unix.EAGAIN {
				continue
			}
			return Frame{}, fmt.Errorf("camera: %s: dequeue: %w", d.path, err)
		}
		if int(b.Index) >= len(d.bufs) {
			return Frame{}, fmt.Errorf("camera: %s: driver returned buffer %d of %d", d.path, b.Index, len(d.bufs))
		}
		d.queued = int(b.Index)
		data := d.bufs[b.Index]
		if int(b.BytesUsed) <= len(data) && b.BytesUsed > 0 {
			data = data[:b.BytesUsed]
		}
		return Frame{Format: PixelFormat(d.format.PixelFormat), Width: int(d.format.Width), Height: int(d.format.Height), Data: data}, nil
	}
}

// Close stops streaming, unmaps the buffers and closes the device.
func (d *Device) Close() error {
	if d.fd < 0 {
		return nil
	}
	typ := uint32(bufTypeVideoCapture)
	ioctl(d.fd, vidiocStreamoff, unsafe.Pointer(&typ))
	for _, b := range d.bufs {
		unix.Munmap(b)
	}
	d.bufs = nil
	err := unix.Close(d.fd)
	d.fd = -1
	return err
}
