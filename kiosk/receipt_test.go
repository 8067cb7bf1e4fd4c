package kiosk_test

import (
	"testing"

	"github.com/anjungan/anjungan/kiosk"
)

// TestReceiptText lays a receipt out at 32 characters: two copies of one
// title are told apart by their barcodes, printed under each title; an
// item known only by its barcode has it once.
func TestReceiptText(t *testing.T) {
	r := kiosk.Receipt{
		Library: "Perpustakaan Umum Kota Nusantara",
		Heading: "Bukti Peminjaman",
		When:    "23 Nov 2026 10:00",
		Patron:  "Siti",
		Entries: []kiosk.ReceiptEntry{
			{Title: "Laskar Pelangi", Barcode: "30001000000028", Detail: "Kembali: 7 Des 2026 17:00"},
			{Title: "Laskar Pelangi", Barcode: "30001000000036", Detail: "Kembali: 7 Des 2026 17:00"},
			{Title: "30001000000044", Barcode: "30001000000044", Detail: "Kembali (offline)"},
			{Title: "Studio rekaman", Detail: "Sen, 23 Nov 2026 10:00–12:00"},
		},
		Notes: []string{"Jumlah: 4 eksemplar"},
	}
	want := `Perpustakaan Umum Kota Nusantara
        Bukti Peminjaman
       23 Nov 2026 10:00
              Siti
--------------------------------
Laskar Pelangi
  30001000000028
  Kembali: 7 Des 2026 17:00
Laskar Pelangi
  30001000000036
  Kembali: 7 Des 2026 17:00
30001000000044
  Kembali (offline)
Studio rekaman
  Sen, 23 Nov 2026 10:00–12:00
--------------------------------
Jumlah: 4 eksemplar
`
	if got := r.Text(32); got != want {
		t.Fatalf("receipt text:\n%s\nwant:\n%s", got, want)
	}
}
