package sip2_test

import (
	"context"
	"testing"
	"time"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/sip2/sip2test"
)

// TestAccountAsServersSendIt: fine lists padded with blank fields to the
// end item asked for, a total in BV or none, and the card's expiry (PA).
func TestAccountAsServersSendIt(t *testing.T) {
	ctx := context.Background()
	fines := []string{"IDR 3000 overdue Laskar Pelangi", "Lost card 1,500.00"}
	for _, tc := range []struct {
		name   string
		quirks sip2test.Quirks
		fee    string
		total  int64
	}{
		{"padded list, total in BV", sip2test.Quirks{PadFines: true}, "5000.00", 5000},
		{"padded list, no BV: the fines add up", sip2test.Quirks{PadFines: true}, "", 4500},
		{"plain list, no BV", sip2test.Quirks{}, "", 4500},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, c := library(t, tc.quirks)
			s.AddPatron(sip2test.Patron{Card: "2009", PIN: "1111", Name: "Budi", FeeAmount: tc.fee, Fines: fines, Expires: "20271231"})
			acc, err := c.Account(ctx, kiosk.Credentials{Card: "2009", PIN: "1111"})
			if err != nil {
				t.Fatal(err)
			}
			if len(acc.Fines) != 2 || acc.FinesTotal != tc.total {
				t.Fatalf("%d fines, total %d: %+v", len(acc.Fines), acc.FinesTotal, acc.Fines)
			}
			if y, m, d := acc.Patron.Expires.Date(); y != 2027 || m != time.December || d != 31 {
				t.Fatalf("card expires %v", acc.Patron.Expires)
			}
		})
	}
}

// TestUnknownItem: servers say "no such item" with a screen message, or
// with status 01 and an empty title and nothing else.
func TestUnknownItem(t *testing.T) {
	for _, q := range []sip2test.Quirks{{}, {BareUnknownItem: true}} {
		_, c := library(t, q)
		if _, err := c.Item(context.Background(), "3999"); kiosk.ErrorKey(err) != kiosk.KeyItemUnknown {
			t.Errorf("%+v: unknown item: %v", q, err)
		}
		if it, err := c.Item(context.Background(), "3001"); err != nil || it.Title != "Laskar Pelangi" {
			t.Errorf("%+v: known item: %+v %v", q, it, err)
		}
	}
}
