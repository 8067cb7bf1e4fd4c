package sqlite_test

import (
	"context"
	"testing"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/sqlite"
)

// TestCheckMember: a member's card signs the guest book whatever their
// loans and fines; an unknown code, a blocked card and an expired one
// are told apart.
func TestCheckMember(t *testing.T) {
	db, _ := demoDB(t)
	ctx := context.Background()
	for _, tt := range []struct {
		name, card, key string
	}{
		{"Siti", sqlite.DemoCard(1), ""},
		{"Budi: overdue", sqlite.DemoCard(2), ""},
		{"Andi: fines", sqlite.DemoCard(6), ""},
		{"Rudi: expired", sqlite.DemoCard(4), kiosk.KeyPatronExpired},
		{"Dewi: blocked", sqlite.DemoCard(5), kiosk.KeyPatronBlocked},
		{"unknown card", "29999999999999", kiosk.KeyPatronUnknown},
		{"words", "hello world", kiosk.KeyPatronUnknown},
		{"an item", sqlite.DemoItem(1), kiosk.KeyPatronUnknown},
		{"empty", "", kiosk.KeyPatronUnknown},
	} {
		t.Run(tt.name, func(t *testing.T) {
			wantKey(t, "check", db.CheckMember(ctx, tt.card), tt.key)
		})
	}
}
