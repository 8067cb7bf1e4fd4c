// Package vision finds barcodes in camera frames and draws QR codes.
//
// Decoder decodes grayscale frames with gozxing's readers: QR codes
// (booking check-ins and phone-held cards, black on white or white on
// black) and the 1D symbologies libraries print on cards, items and books
// (Code 128, EAN-13, Codabar, Code 39). It works on luminance bytes only
// (devices/camera takes a YUYV frame's Y samples out without colour
// conversion). A frame is binarised block by block for the QR readers,
// whose finder-pattern search runs on the matrix's words; large frames
// are searched for QR codes at half size first. 1D codes are read on
// scan lines over the whole frame, rows and columns (codes held
// sideways), each thresholded on its own, one symbology over all lines
// before the next; a code counts when two lines agree. DecodeAll and Each
// report every code in view in a stable order; Find suits
// devices/camera's Reader.Decode and Each its Reader.Each.
//
// QR draws a payload as an image for the screen.
package vision
