package ui

import (
	"context"
	"testing"

	"github.com/anjungan/anjungan/kiosk"
)

// TestVisitOnScreen: Kunjungan, a card scanned, the visit counted with no
// PIN asked, and a tap on a face rates the visit.
func TestVisitOnScreen(t *testing.T) {
	u, s, _, _ := makerspaceUI(t)
	gb := s.GuestBook.(*guestBook)
	tap(t, u, "Kunjungan")
	shows(t, u, "Isi buku tamu", "Tidak perlu PIN")
	s.Scan(context.Background(), kiosk.Scan{Code: "20001000000012"})
	shows(t, u, "Kunjungan Anda sudah tercatat", "Bagaimana kunjungan Anda hari ini?")
	if len(gb.visits) != 1 || gb.visits[0].Card != "20001000000012" {
		t.Fatalf("visits %+v", gb.visits)
	}
	tap(t, u, "🙂  Baik")
	if len(gb.ratings) != 1 || gb.ratings[0].Score != 4 {
		t.Fatalf("ratings %+v", gb.ratings)
	}
	shows(t, u, "Penilaian Anda sudah tercatat.")
}
