package receipt

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.bug.st/serial"

	"github.com/anjungan/anjungan/kiosk"
)

// Real-time status requests (DLE EOT n). A printer answers each with one
// byte of the form 0xx1xx10 even when it cannot print.
var (
	reqOffline = []byte{0x10, 0x04, 2} // cover open: bit 2
	reqPaper   = []byte{0x10, 0x04, 4} // near end: bits 2-3; out: bits 5-6
)

// Paper states.
const (
	PaperOK      = "ok"
	PaperNearEnd = "near_end"
	PaperOut     = "out"
)

// Status asks the printer for its real-time status: connected, paper
// and cover. A printer that does not answer the request (not every
// ESC/POS printer does) is reported connected with the paper unknown,
// as long as its port opens.
func (p *Printer) Status(ctx context.Context) kiosk.DeviceStatus {
	st := kiosk.DeviceStatus{Name: "receipt", Kind: kiosk.DevicePrinter, Port: p.Path, Since: time.Now().UTC()}
	p.mu.Lock()
	defer p.mu.Unlock()
	baud := p.BaudRate
	if baud == 0 {
		baud = 9600
	}
	port, err := serial.Open(p.Path, &serial.Mode{BaudRate: baud, DataBits: 8, StopBits: serial.OneStopBit})
	if err != nil {
		st.LastError = err.Error()
		return st
	}
	defer port.Close()
	st.Connected = true
	port.SetReadTimeout(100 * time.Millisecond)
	ask := func(req []byte) (byte, error) {
		if _, err := port.Write(req); err != nil {
			return 0, err
		}
		wait := p.StatusTimeout
		if wait <= 0 {
			wait = 500 * time.Millisecond
		}
		deadline := time.Now().Add(wait)
		b := make([]byte, 1)
		for time.Now().Before(deadline) && ctx.Err() == nil {
			n, err := port.Read(b)
			if err != nil {
				return 0, err
			}
			if n == 1 {
				if b[0]&0x93 != 0x12 { // fixed bits 0xx1xx10
					return 0, fmt.Errorf("status byte %#02x is not a DLE EOT reply", b[0])
				}
				return b[0], nil
			}
		}
		return 0, errors.New("no real-time status answer")
	}
	off, err := ask(reqOffline)
	if err != nil {
		st.LastError = err.Error()
		return st
	}
	st.CoverOpen = off&0x04 != 0
	paper, err := ask(reqPaper)
	if err != nil {
		st.LastError = err.Error()
		return st
	}
	st.Paper = PaperFrom(paper)
	return st
}

// PaperFrom reads the paper sensor byte of DLE EOT 4.
func PaperFrom(b byte) string {
	switch {
	case b&0x60 != 0:
		return PaperOut
	case b&0x0C != 0:
		return PaperNearEnd
	}
	return PaperOK
}
