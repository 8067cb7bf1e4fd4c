// Package scanner reads barcode scanners attached over serial: USB CDC-ACM
// or RS-232, through go.bug.st/serial.
//
// A Framer cuts the byte stream into lines: CR, LF, CRLF, TAB or ETX end a
// line, and so does an idle gap with no bytes (for scanners configured
// without a suffix). Lines with control bytes, invalid UTF-8 or more than
// MaxLine bytes are garbage: they are dropped and counted, never delivered.
// Without an idle gap, a pause of DefaultResyncGap resynchronises the
// stream: a scanner sends a code in one burst, so whatever was still
// waiting for its terminator is noise, dropped, and the next bytes start a
// new line. Noise never spoils the scan that follows it.
// Decode then strips AIM symbology identifiers (]E0, ]C0, ]Q1 …) and
// Codabar start/stop characters and can verify a Mod-10 check digit.
//
// A Reader owns one port: it finds it by path or by USB VID/PID, reads it
// until it fails, reports the scanner disconnected, and reopens it with
// backoff when it comes back. It never exits on a device fault; only its
// context ends it.
package scanner
