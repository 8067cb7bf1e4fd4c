package receipt

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"go.bug.st/serial"

	"github.com/anjungan/anjungan/kiosk"
)

// ESC/POS commands.
var (
	cmdInit      = []byte{0x1b, '@'}         // ESC @: reset
	cmdCenter    = []byte{0x1b, 'a', 1}      // ESC a 1
	cmdLeft      = []byte{0x1b, 'a', 0}      // ESC a 0
	cmdBoldOn    = []byte{0x1b, 'E', 1}      // ESC E 1
	cmdBoldOff   = []byte{0x1b, 'E', 0}      // ESC E 0
	cmdFeedCut   = []byte{0x1d, 'V', 'B', 3} // GS V 66 3: feed and partial cut
	cmdFeedLines = []byte{0x1b, 'd', 3}      // ESC d 3
)

// Printer is an ESC/POS printer on a serial port.
type Printer struct {
	Path     string
	BaudRate int
	// Width is the paper width in characters (32 on 58 mm paper, 42 or 48
	// on 80 mm).
	Width int
	// Timeout bounds a whole print; StatusTimeout the wait for each
	// real-time status byte (500 ms when zero).
	Timeout       time.Duration
	StatusTimeout time.Duration

	mu sync.Mutex // one slip at a time
}

var _ kiosk.Printer = (*Printer)(nil)

// Print implements kiosk.Printer.
func (p *Printer) Print(ctx context.Context, r kiosk.Receipt) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	timeout := p.Timeout
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	baud := p.BaudRate
	if baud == 0 {
		baud = 9600
	}
	port, err := serial.Open(p.Path, &serial.Mode{BaudRate: baud, DataBits: 8, StopBits: serial.OneStopBit})
	if err != nil {
		return kiosk.Errorf(kiosk.EUNAVAILABLE, kiosk.KeyPrinterUnavailable).Wrap(fmt.Errorf("receipt: open %s: %w", p.Path, err))
	}
	stop := context.AfterFunc(ctx, func() { port.Close() })
	defer stop()
	defer port.Close()
	data := Encode(r, p.width())
	for len(data) > 0 {
		n, err := port.Write(data)
		if err != nil {
			if ctx.Err() != nil {
				err = ctx.Err()
			}
			return kiosk.Errorf(kiosk.EUNAVAILABLE, kiosk.KeyPrinterUnavailable).Wrap(fmt.Errorf("receipt: write: %w", err))
		}
		data = data[n:]
	}
	// Drain fails on some ports (a pty for one) although the bytes are
	// written: it is not a failed print.
	_ = port.Drain()
	return nil
}

func (p *Printer) width() int {
	if p.Width <= 0 {
		return 42
	}
	return p.Width
}

// Encode renders a receipt as ESC/POS bytes in code page 850: centred
// bold heading, the entries, a feed and a cut. Every text is made
// printable first (see printable), then laid out, so a line is as wide on
// paper as it was measured.
func Encode(r kiosk.Receipt, width int) []byte {
	var b bytes.Buffer
	b.Write(cmdInit)
	b.Write(cmdCodePage)
	text := toPaper(r).Text(width)
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	header := 0
	for header < len(lines) && !strings.HasPrefix(lines[header], "---") {
		header++
	}
	b.Write(cmdCenter)
	b.Write(cmdBoldOn)
	for _, l := range lines[:header] {
		b.Write(encode(strings.TrimLeft(l, " ")))
		b.WriteByte('\n')
	}
	b.Write(cmdBoldOff)
	b.Write(cmdLeft)
	for _, l := range lines[header:] {
		b.Write(encode(l))
		b.WriteByte('\n')
	}
	if r.QR != "" {
		b.Write(cmdCenter)
		writeQR(&b, r.QR)
		b.Write(cmdLeft)
	}
	b.Write(cmdFeedLines)
	b.Write(cmdFeedCut)
	return b.Bytes()
}

// writeQR prints data as a QR code with the printer's own encoder (GS ( k,
// function 165-169): model 2, 6-dot modules, error correction M.
func writeQR(b *bytes.Buffer, data string) {
	if len(data) > 7089 {
		return // more than any QR code holds
	}
	fn := func(args ...byte) {
		n := len(args)
		b.Write([]byte{0x1d, '(', 'k', byte(n), byte(n >> 8)})
		b.Write(args)
	}
	fn(49, 65, 50, 0) // model 2
	fn(49, 67, 6)     // module size
	fn(49, 69, 49)    // error correction M
	n := len(data) + 3
	b.Write([]byte{0x1d, '(', 'k', byte(n), byte(n >> 8), 49, 80, 48})
	b.WriteString(data) // tokens are ASCII
	fn(49, 81, 48)      // print
	b.WriteByte('\n')
}

// toPaper returns r with every text printable in the printer's code page.
// The QR code's data is left as it is: the printer encodes its bytes, it
// does not print them as text.
func toPaper(r kiosk.Receipt) kiosk.Receipt {
	r.Library, r.Heading, r.When, r.Patron = printable(r.Library), printable(r.Heading), printable(r.When), printable(r.Patron)
	entries := make([]kiosk.ReceiptEntry, len(r.Entries))
	for i, e := range r.Entries {
		entries[i] = kiosk.ReceiptEntry{Title: printable(e.Title), Barcode: printable(e.Barcode), Detail: printable(e.Detail)}
	}
	notes := make([]string, len(r.Notes))
	for i, n := range r.Notes {
		notes[i] = printable(n)
	}
	r.Entries, r.Notes = entries, notes
	return r
}
