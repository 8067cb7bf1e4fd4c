// Package vision finds barcodes in camera frames and draws QR codes.
//
// Decoder decodes grayscale frames with gozxing: QR codes first (booking
// check-ins and phone-held cards), then the 1D symbologies libraries print
// on cards and items (Code 128, Codabar, Code 39, EAN-13). gozxing has no
// multi-format reader, so Decoder chains the readers itself and shares one
// binarised bitmap between the 1D readers. It works on luminance bytes
// only (devices/camera takes a YUYV frame's Y samples out without any
// colour conversion), and large frames are decoded at half size first.
// Find suits devices/camera's Reader.Decode. Nothing in this package allocates per pixel.
//
// QR draws a payload as an image for the screen.
package vision
