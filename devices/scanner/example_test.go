package scanner_test

import (
	"fmt"
	"time"

	"github.com/anjungan/anjungan/devices/scanner"
)

// Framing a scanner's bytes into lines. Reads from a serial port split a
// code anywhere; the Framer joins the pieces and ends a line at CR, LF,
// CRLF, TAB or ETX. A line with control bytes is garbage: dropped and
// counted, the next line unharmed.
func ExampleFramer() {
	var f scanner.Framer
	t0 := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	reads := []string{"B00012", "3\r\n3000100", "0000011\r", "bad\x07line\n", "20000017\t"}
	for i, r := range reads {
		for _, fr := range f.Feed([]byte(r), t0.Add(time.Duration(i)*10*time.Millisecond)) {
			if fr.Err != nil {
				fmt.Printf("dropped %d bytes: %v\n", fr.Size, fr.Err)
				continue
			}
			fmt.Printf("line %q\n", fr.Line)
		}
	}
	fmt.Println("garbage lines:", f.Dropped())
	// Output:
	// line "B000123"
	// line "30001000000011"
	// dropped 8 bytes: control bytes in line
	// line "20000017"
	// garbage lines: 1
}

// A scanner configured without a suffix: the line ends after IdleGap with
// no bytes, found by calling Idle (a Reader does it between reads).
func ExampleFramer_idleGap() {
	f := scanner.Framer{IdleGap: 50 * time.Millisecond}
	t0 := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	f.Feed([]byte("2000"), t0)
	f.Feed([]byte("0017"), t0.Add(5*time.Millisecond))
	fmt.Println("after 20 ms:", len(f.Idle(t0.Add(25*time.Millisecond))), "lines")
	for _, fr := range f.Idle(t0.Add(60 * time.Millisecond)) {
		fmt.Printf("after 60 ms: %q\n", fr.Line)
	}
	// Output:
	// after 20 ms: 0 lines
	// after 60 ms: "20000017"
}

// Decoding a framed line: a Codabar card's start and stop characters are
// taken off.
func ExampleDecode() {
	code, sym, err := scanner.Decode("A20000017B", scanner.DecodeOptions{})
	fmt.Println(code, sym, err)
	// Output:
	// 20000017 codabar <nil>
}
