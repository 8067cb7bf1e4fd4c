package sqlite_test

import (
	"context"
	"testing"

	"github.com/anjungan/anjungan/kiosk/sqlite"
)

// TestRenewSaysTheFine: the late days charged at a renewal come back with
// the renewed loan, for the receipt, from Renew and from RenewAll.
func TestRenewSaysTheFine(t *testing.T) {
	ctx := context.Background()
	db, _ := demoDB(t)
	loan, err := db.Renew(ctx, cred(2), sqlite.DemoItem(4)) // 6 days overdue
	if err != nil || loan.Fine != 3000 {
		t.Fatalf("renew: %+v, %v; want a fine of 3000", loan, err)
	}

	db, _ = demoDB(t)
	res, err := db.RenewAll(ctx, cred(2))
	if err != nil {
		t.Fatal(err)
	}
	charged := false
	for _, r := range res {
		switch {
		case r.Barcode == sqlite.DemoItem(4):
			charged = r.Loan != nil && r.Loan.Fine == 3000
		case r.Loan != nil && r.Loan.Fine != 0: // not late: nothing to charge
			t.Errorf("%s: fine %d", r.Barcode, r.Loan.Fine)
		}
	}
	if !charged {
		t.Fatalf("renew all: %+v; want Sang Pemimpi renewed with a fine of 3000", res)
	}
}
