// Package vision finds barcodes in camera frames and draws QR codes.
//
// Decoder decodes grayscale frames with gozxing: QR codes first (booking
// check-ins and phone-held cards), then the 1D symbologies libraries print
// on cards and items (Code 128, Codabar, Code 39, EAN-13). gozxing has no
// multi-format reader, so Decoder chains the readers itself and shares one
// binarised bitmap between the 1D readers. It works on luminance bytes
// only: a YUYV camera frame's Y samples are the grayscale image, taken out
// without any colour conversion (Luma), and large frames are decoded at
// half size first. Nothing in this package allocates per pixel.
//
// QR draws a payload as an image for the screen.
package vision
