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
	for _, want := range [][]byte{cmdInit, cmdCodePage, []byte("Laskar Pelangi\n"), []byte("Caf\x82 Soci\x82t\x82 - edisi khusus"), cmdFeedCut} {
		if !bytes.Contains(b, want) {
			t.Errorf("slip lacks %q", want)
		}
	}
	if !bytes.HasSuffix(b, cmdFeedCut) {
		t.Error("slip does not end with a cut")
	}
}

func TestPrintOverPTY(t *testing.T) {
	if b := printOverPTY(t, 42, slip); !bytes.Equal(b, Encode(slip, 42)) {
		t.Fatalf("printer received %q", b)
	}
}

// printOverPTY prints r on a pseudo-terminal "printer" width characters
// wide and returns what reached it.
func printOverPTY(t *testing.T, width int, r kiosk.Receipt) []byte {
	t.Helper()
	master, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer master.Close()
	defer tty.Close()
	p := &Printer{Path: tty.Name(), Width: width}
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
	if err := p.Print(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	select {
	case b := <-got:
		return b
	case <-time.After(5 * time.Second):
		t.Fatal("printer received nothing")
		return nil
	}
}

// TestPrintCodePage prints a booking slip full of what PC850 has and what
// it lacks, and checks every byte the printer receives: PC850 selected
// after the reset, its own letters as its bytes, typographic punctuation
// as ASCII, other letters without their marks, the rest as "?", and the QR
// code's data untouched.
func TestPrintCodePage(t *testing.T) {
	r := kiosk.Receipt{
		Library: "Perpustakaan Umum Kota Nusantara",
		Heading: "Pemesanan Ruang Kreatif",
		When:    "23 Nov 2026 09:30",
		Patron:  "José Müller",
		Entries: []kiosk.ReceiptEntry{
			{Title: "Studio rekaman", Detail: "Sen, 23 Nov 2026 10:00–12:00"},
			{Title: "Lantai 2 · Ruang “Kreasi”", Barcode: "30001000000028"},
			{Title: "Denda", Detail: "Rp 5.000"},
		},
		Notes: []string{
			"Sewa Rp\u00a05.000 — bayar di meja…",
			"• Bawa kartu ‘wajib’",
			"Łódź Œuvre 5€ Ñoño ő 日本",
			"Tab\there, \x1b@ and e\u0301 too",
		},
		QR: "ANJB1.jakpus.7.1795000000.pcXAAiSLst3SUv0lZgXltw",
	}
	want := "\x1b@" + "\x1bt\x02" + // reset, then PC850
		"\x1ba\x01\x1bE\x01" +
		"Perpustakaan Umum Kota Nusantara\n" +
		"Pemesanan Ruang Kreatif\n" +
		"23 Nov 2026 09:30\n" +
		"Jos\x82 M\x81ller\n" +
		"\x1bE\x00\x1ba\x00" +
		"--------------------------------\n" +
		"Studio rekaman\n" +
		"  Sen, 23 Nov 2026 10:00-12:00\n" +
		"Lantai 2 \xfa Ruang \"Kreasi\"\n" +
		"  30001000000028\n" +
		"Denda\n" +
		"  Rp 5.000\n" +
		"--------------------------------\n" +
		"Sewa Rp 5.000 - bayar di meja...\n" +
		"* Bawa kartu 'wajib'\n" +
		"L\xa2dz OEuvre 5EUR \xa5o\xa4o o ??\n" +
		"Tab here, ?@ and \x82 too\n" +
		"\x1ba\x01" +
		"\x1d(k\x04\x001A2\x00" + "\x1d(k\x03\x001C\x06" + "\x1d(k\x03\x001E1" +
		"\x1d(k\x33\x001P0" + r.QR + "\x1d(k\x03\x001Q0\n" +
		"\x1ba\x00" +
		"\x1bd\x03" + "\x1dVB\x03"
	if got := printOverPTY(t, 32, r); string(got) != want {
		t.Fatalf("printer received\n%q\nwant\n%q", got, want)
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
