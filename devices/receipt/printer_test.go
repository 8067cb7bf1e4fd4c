package receipt

import (
	"bytes"
	"context"
	"io"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/anjungan/anjungan/kiosk"
)

var slip = kiosk.Receipt{
	Library: "Perpustakaan Umum Kota Nusantara",
	Heading: "Peminjaman",
	When:    "23 Nov 2026 10:00",
	Patron:  "Siti",
	Entries: []kiosk.ReceiptEntry{
		{Title: "Laskar Pelangi", Detail: "Jatuh tempo: 7 Des 2026 17:00"},
		{Title: "Café Société — edisi khusus", Detail: "Jatuh tempo: 7 Des 2026 17:00"},
	},
	Notes: []string{"Terima kasih!"},
}

func TestEncode(t *testing.T) {
	b := Encode(slip, 32)
	for _, want := range [][]byte{cmdInit, cmdCodePage, []byte("Laskar Pelangi\n"), []byte("Caf\x82 Soci\x82t\x82 ? edisi khusus"), cmdFeedCut} {
		if !bytes.Contains(b, want) {
			t.Errorf("slip lacks %q", want)
		}
	}
	if !bytes.HasSuffix(b, cmdFeedCut) {
		t.Error("slip does not end with a cut")
	}
}

func TestPrintOverPTY(t *testing.T) {
	master, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer master.Close()
	defer tty.Close()
	p := &Printer{Path: tty.Name(), Width: 42}
	got := make(chan []byte, 1)
	go func() {
		var buf bytes.Buffer
		chunk := make([]byte, 4096)
		for !bytes.HasSuffix(buf.Bytes(), cmdFeedCut) {
			n, err := master.Read(chunk)
			if err != nil && err != io.EOF {
				break
			}
			buf.Write(chunk[:n])
		}
		got <- buf.Bytes()
	}()
	if err := p.Print(context.Background(), slip); err != nil {
		t.Fatal(err)
	}
	select {
	case b := <-got:
		if !bytes.Equal(b, Encode(slip, 42)) {
			t.Fatalf("printer received %q", b)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("printer received nothing")
	}
}

func TestPrintWithoutPrinter(t *testing.T) {
	p := &Printer{Path: "/nonexistent/ttyUSB9"}
	err := p.Print(context.Background(), slip)
	if kiosk.ErrorKey(err) != kiosk.KeyPrinterUnavailable {
		t.Fatalf("err %v", err)
	}
}

func TestEncodeQR(t *testing.T) {
	r := slip
	if bytes.Contains(Encode(r, 32), []byte{0x1d, '(', 'k'}) {
		t.Fatal("QR commands without a QR")
	}
	r.QR = "ANJB1.jakpus.7.1795000000.pcXAAiSLst3SUv0lZgXltw"
	b := Encode(r, 32)
	n := len(r.QR) + 3
	store := append([]byte{0x1d, '(', 'k', byte(n), 0, 49, 80, 48}, r.QR...)
	for _, want := range [][]byte{
		{0x1d, '(', 'k', 4, 0, 49, 65, 50, 0}, // model 2
		store,
		{0x1d, '(', 'k', 3, 0, 49, 81, 48}, // print
	} {
		if !bytes.Contains(b, want) {
			t.Errorf("slip lacks % x", want)
		}
	}
	if bytes.Index(b, store) > bytes.Index(b, []byte{0x1d, '(', 'k', 3, 0, 49, 81, 48}) {
		t.Error("QR printed before it is stored")
	}
	if !bytes.HasSuffix(b, cmdFeedCut) {
		t.Error("slip does not end with a cut")
	}
}

// TestStatus asks a pseudo-terminal "printer" for its real-time status
// through paper near its end, paper out and cover open, and one that does
// not answer.
func TestStatus(t *testing.T) {
	tests := []struct {
		name           string
		offline, paper byte
		silent         bool
		want           kiosk.DeviceStatus
	}{
		{"all well", 0x12, 0x12, false, kiosk.DeviceStatus{Connected: true, Paper: PaperOK}},
		{"near end", 0x12, 0x1E, false, kiosk.DeviceStatus{Connected: true, Paper: PaperNearEnd}},
		{"paper out", 0x12, 0x72, false, kiosk.DeviceStatus{Connected: true, Paper: PaperOut}},
		{"cover open", 0x16, 0x12, false, kiosk.DeviceStatus{Connected: true, Paper: PaperOK, CoverOpen: true}},
		{"no answer", 0, 0, true, kiosk.DeviceStatus{Connected: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			master, tty, err := pty.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer master.Close()
			defer tty.Close() // held open, as a device node is there while it is plugged in
			name := tty.Name()
			go func() { // the printer: answers each DLE EOT n in the byte stream
				var window [3]byte
				b := make([]byte, 1)
				for {
					if _, err := io.ReadFull(master, b); err != nil {
						return
					}
					window[0], window[1], window[2] = window[1], window[2], b[0]
					if tt.silent || window[0] != 0x10 || window[1] != 0x04 {
						continue
					}
					switch window[2] {
					case 2:
						master.Write([]byte{tt.offline})
					case 4:
						master.Write([]byte{tt.paper})
					}
				}
			}()
			p := &Printer{Path: name, StatusTimeout: 5 * time.Second} // loaded CI machines are slow
			if tt.silent {
				p.StatusTimeout = 300 * time.Millisecond
			}
			got := p.Status(context.Background())
			if got.Connected != tt.want.Connected || got.Paper != tt.want.Paper || got.CoverOpen != tt.want.CoverOpen || got.Kind != kiosk.DevicePrinter {
				t.Fatalf("Status = %+v, want %+v", got, tt.want)
			}
			if tt.silent && got.LastError == "" {
				t.Fatal("no error said for a silent printer")
			}
		})
	}
	if got := (&Printer{Path: "/dev/does-not-exist"}).Status(context.Background()); got.Connected || got.LastError == "" {
		t.Fatalf("missing printer: %+v", got)
	}
}
