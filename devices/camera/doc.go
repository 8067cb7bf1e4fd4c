// Package camera reads barcodes through a webcam: it captures frames from
// a V4L2 device on Linux (memory-mapped streaming, YUYV or GREY), takes
// the luma plane without colour conversion and hands it to the decoder it
// is given (Reader.Decode: the kiosk wires devices/vision's, so the two
// adapters do not import each other), and reports each new code as a
// kiosk.Scan with Source "camera". Reader reopens the device with backoff when it is unplugged,
// like the serial scanners.
//
// The V4L2 code speaks the kernel's ioctl interface directly (no cgo) and
// supports 64-bit Linux (amd64, arm64 — a Raspberry Pi with a 64-bit OS);
// elsewhere Open reports that capture is unsupported.
package camera
