package sqlite_test

import (
	"context"
	"testing"
	"time"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/sqlite"
)

// TestStanding: each demo patron's standing, whatever the card's state
// and without a PIN: loans, overdue ones, fines, holds, and what the
// rules refuse them now.
func TestStanding(t *testing.T) {
	db, _ := demoDB(t)
	ctx := context.Background()
	for _, tt := range []struct {
		name             string
		card             int
		loans, overdue   int
		fines            int64
		holds            []string
		borrow, renew    string // the block's key
		expired, atLimit bool
	}{
		{name: "Siti: a hold waiting", card: 1, holds: []string{"Bumi Manusia"}},
		{name: "Budi: an overdue loan", card: 2, loans: 2, overdue: 1, borrow: kiosk.KeyPatronOverdue},
		{name: "Ayu", card: 3, loans: 2},
		{name: "Rudi: expired", card: 4, expired: true, borrow: kiosk.KeyPatronExpired, renew: kiosk.KeyPatronExpired},
		{name: "Dewi: blocked", card: 5, borrow: kiosk.KeyPatronBlocked, renew: kiosk.KeyPatronBlocked},
		{name: "Andi: fines", card: 6, fines: 15000, borrow: kiosk.KeyPatronFines, renew: kiosk.KeyPatronFines},
		{name: "Maria: staff", card: 7, loans: 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			st, err := db.Standing(ctx, sqlite.DemoCard(tt.card))
			if err != nil {
				t.Fatal(err)
			}
			if st.Patron.Card != sqlite.DemoCard(tt.card) || len(st.Loans) != tt.loans || len(st.Overdue()) != tt.overdue ||
				st.FinesTotal != tt.fines || st.Expired != tt.expired || st.AtLimit != tt.atLimit {
				t.Errorf("standing %+v", st)
			}
			var holds []string
			for _, h := range st.Holds {
				holds = append(holds, h.Title)
			}
			if len(holds) != len(tt.holds) || len(holds) > 0 && holds[0] != tt.holds[0] {
				t.Errorf("holds %q, want %q", holds, tt.holds)
			}
			wantKey(t, "borrow block", st.BorrowBlock, tt.borrow)
			wantKey(t, "renew block", st.RenewBlock, tt.renew)
		})
	}
	_, err := db.Standing(ctx, "29999999999999")
	wantKey(t, "unknown card", err, kiosk.KeyPatronUnknown)
	// Ayu at her limit (3), and Siti's hold put aside for her.
	if _, err := db.Checkout(ctx, cred(3), sqlite.DemoItem(1)); err != nil {
		t.Fatal(err)
	}
	if st, err := db.Standing(ctx, sqlite.DemoCard(3)); err != nil || !st.AtLimit || st.BorrowBlock != nil {
		t.Errorf("Ayu at her limit: %+v %v", st, err)
	}
	if _, err := db.Checkin(ctx, sqlite.DemoItem(6)); err != nil {
		t.Fatal(err)
	}
	st, err := db.Standing(ctx, sqlite.DemoCard(1))
	if err != nil || len(st.Holds) != 1 || !st.Holds[0].Ready || st.Holds[0].Item.Barcode != sqlite.DemoItem(6) {
		t.Errorf("Siti's hold put aside: %+v %v", st, err)
	}
}

// TestCheckPIN: the PIN alone, whatever the card's standing.
func TestCheckPIN(t *testing.T) {
	db, _ := demoDB(t)
	ctx := context.Background()
	for _, tt := range []struct {
		name string
		cred kiosk.Credentials
		want string
	}{
		{"right", cred(1), ""},
		{"expired card, right PIN", cred(4), ""},
		{"blocked card, right PIN", cred(5), ""},
		{"wrong", kiosk.Credentials{Card: sqlite.DemoCard(4), PIN: "0000"}, kiosk.KeyPINWrong},
		{"none", kiosk.Credentials{Card: sqlite.DemoCard(1)}, kiosk.KeyPINRequired},
		{"unknown card", kiosk.Credentials{Card: "29999999999999", PIN: "1234"}, kiosk.KeyPatronUnknown},
	} {
		t.Run(tt.name, func(t *testing.T) { wantKey(t, "CheckPIN", db.CheckPIN(ctx, tt.cred), tt.want) })
	}
}

// TestItemStatus: on loan with its due date, on the hold shelf, on the
// shelf, with the hold queue.
func TestItemStatus(t *testing.T) {
	db, clock := demoDB(t)
	ctx := context.Background()
	check := func(barcode string, status kiosk.CircStatus, holds int, due bool) {
		t.Helper()
		st, err := db.ItemStatus(ctx, barcode)
		if err != nil || st.Status != status || st.Holds != holds || st.Due.IsZero() == due || st.Item.Barcode != barcode {
			t.Fatalf("%s: %+v %v; want %s, %d holds, due %v", barcode, st, err, status, holds, due)
		}
	}
	check(sqlite.DemoItem(4), kiosk.CircOnLoan, 0, true)
	check(sqlite.DemoItem(6), kiosk.CircOnLoan, 1, true)
	check(sqlite.DemoItem(7), kiosk.CircAvailable, 1, false)
	check(sqlite.DemoItem(1), kiosk.CircAvailable, 0, false)
	clock.Advance(time.Hour)
	if _, err := db.Checkin(ctx, sqlite.DemoItem(6)); err != nil {
		t.Fatal(err)
	}
	check(sqlite.DemoItem(6), kiosk.CircOnHoldShelf, 1, false)
	check(sqlite.DemoItem(7), kiosk.CircAvailable, 0, false)
	_, err := db.ItemStatus(ctx, "39999999999999")
	wantKey(t, "unknown item", err, kiosk.KeyItemUnknown)
}
