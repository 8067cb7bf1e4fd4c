package sip2

import (
	"fmt"
	"strconv"
)

// Checksum returns the SIP2 checksum of b (everything from the message
// code through "AZ"): the two's complement of the low 16 bits of the sum
// of the bytes, as four upper-case hex digits.
func Checksum(b []byte) string {
	var sum uint16
	for _, c := range b {
		sum += uint16(c)
	}
	return fmt.Sprintf("%04X", -sum)
}

// checkSum reports whether hex (4 digits, either case) is b's checksum.
func checkSum(b []byte, hex string) bool {
	if len(hex) != 4 {
		return false
	}
	v, err := strconv.ParseUint(hex, 16, 16)
	if err != nil {
		return false
	}
	var sum uint16
	for _, c := range b {
		sum += uint16(c)
	}
	return uint16(v) == -sum
}
