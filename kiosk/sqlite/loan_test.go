package sqlite_test

import (
	"context"
	"testing"
	"time"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/sqlite"
)

func TestCheckoutRefusals(t *testing.T) {
	db, _ := demoDB(t)
	ctx := context.Background()
	// Ayu (pelajar, max 3) has two loans; a third is fine, a fourth is over.
	if _, err := db.Checkout(ctx, cred(3), sqlite.DemoItem(1)); err != nil {
		t.Fatalf("Ayu's third loan: %v", err)
	}
	// Siti holds Bumi Manusia; copy 7 is put aside for her by a return.
	tests := []struct {
		name    string
		card    int
		barcode string
		key     string
	}{
		{"unknown item", 1, "39999999999999", kiosk.KeyItemUnknown},
		{"on loan to another patron", 1, sqlite.DemoItem(4), kiosk.KeyItemOnLoan},
		{"already the patron's", 2, sqlite.DemoItem(4), kiosk.KeyItemAlreadyYours},
		{"reference only", 1, sqlite.DemoItem(53), kiosk.KeyItemReference},
		{"over the category's limit", 3, sqlite.DemoItem(2), kiosk.KeyPatronOverLimit},
		{"blocked by an overdue loan", 2, sqlite.DemoItem(2), kiosk.KeyPatronOverdue},
		{"blocked by fines", 6, sqlite.DemoItem(46), kiosk.KeyPatronFines},
		{"expired card", 4, sqlite.DemoItem(2), kiosk.KeyPatronExpired},
		{"blocked card", 5, sqlite.DemoItem(2), kiosk.KeyPatronBlocked},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := db.Checkout(ctx, cred(tt.card), tt.barcode)
			wantKey(t, "Checkout", err, tt.key)
		})
	}
	_, err := db.Checkout(ctx, kiosk.Credentials{Card: "29999999999999"}, sqlite.DemoItem(2))
	wantKey(t, "unknown patron", err, kiosk.KeyPatronUnknown)
}

func TestCheckoutDueAtClosingTime(t *testing.T) {
	db, clock := demoDB(t)
	ctx := context.Background()
	tests := []struct {
		name    string
		now     time.Time
		card    int
		barcode string
		due     time.Time
	}{
		{"DVD due on Christmas skips the holidays and Sunday", time.Date(2026, 12, 18, 9, 0, 0, 0, jakarta), 1, sqlite.DemoItem(62),
			time.Date(2026, 12, 28, 17, 0, 0, 0, jakarta)},
		{"book, 14 days from a Monday", monday, 1, sqlite.DemoItem(1),
			time.Date(2026, 12, 7, 17, 0, 0, 0, jakarta)},
		{"book due on a Saturday closes early", time.Date(2026, 11, 28, 11, 0, 0, 0, jakarta), 1, sqlite.DemoItem(2),
			time.Date(2026, 12, 12, 15, 0, 0, 0, jakarta)},
		{"DVD due on a Sunday moves to Monday", time.Date(2026, 11, 29, 11, 0, 0, 0, jakarta), 1, sqlite.DemoItem(61),
			time.Date(2026, 12, 7, 17, 0, 0, 0, jakarta)},
		{"staff: 28 days", monday, 7, sqlite.DemoItem(9),
			time.Date(2026, 12, 21, 17, 0, 0, 0, jakarta)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock.Set(tt.now)
			loan, err := db.Checkout(ctx, cred(tt.card), tt.barcode)
			if err != nil {
				t.Fatal(err)
			}
			if !loan.Due.Equal(tt.due) {
				t.Fatalf("due %v, want %v", loan.Due.In(jakarta), tt.due)
			}
			if loan.Item.Title == "" {
				t.Fatal("loan without a title")
			}
		})
	}
}

func TestCheckinAndFines(t *testing.T) {
	db, clock := demoDB(t)
	ctx := context.Background()
	loan, err := db.Checkout(ctx, cred(1), sqlite.DemoItem(1)) // book: Rp 500/day, cap Rp 20.000
	if err != nil {
		t.Fatal(err)
	}
	// Later on the due day itself: no fine.
	clock.Set(loan.Due.Add(3 * time.Hour))
	ret, err := db.Checkin(ctx, sqlite.DemoItem(1))
	if err != nil {
		t.Fatal(err)
	}
	if ret.Fine != 0 {
		t.Fatalf("fine %d for a return on the due day", ret.Fine)
	}
	_, err = db.Checkin(ctx, sqlite.DemoItem(1))
	wantKey(t, "second return", err, kiosk.KeyItemNotOnLoan)

	clock.Set(monday)
	loan, err = db.Checkout(ctx, cred(1), sqlite.DemoItem(1))
	if err != nil {
		t.Fatal(err)
	}
	clock.Set(loan.Due.Add(3*24*time.Hour + time.Hour))
	ret, err = db.Checkin(ctx, sqlite.DemoItem(1))
	if err != nil {
		t.Fatal(err)
	}
	if ret.Fine != 1500 {
		t.Fatalf("fine %d for 3 days late, want 1500", ret.Fine)
	}
	clock.Set(monday)
	loan, _ = db.Checkout(ctx, cred(1), sqlite.DemoItem(1))
	clock.Set(loan.Due.AddDate(0, 0, 100))
	ret, _ = db.Checkin(ctx, sqlite.DemoItem(1))
	if ret.Fine != 20000 {
		t.Fatalf("fine %d for 100 days late, want the cap 20000", ret.Fine)
	}
	acc, err := db.Account(ctx, cred(1))
	if err != nil {
		t.Fatal(err)
	}
	if acc.FinesTotal != 21500 || len(acc.Fines) != 2 {
		t.Fatalf("account fines %d in %d rows, want 21500 in 2", acc.FinesTotal, len(acc.Fines))
	}
	// Each fine names its late item and when it was due.
	if f := acc.Fines[1]; f.Title != "Laskar Pelangi" || !f.Due.Equal(loan.Due) || f.Amount != 20000 {
		t.Fatalf("fine %+v, want Laskar Pelangi due %v", f, loan.Due)
	}
	_, err = db.Checkin(ctx, "39999999999999")
	wantKey(t, "unknown item", err, kiosk.KeyItemUnknown)
}

func TestCheckinPutsHoldAside(t *testing.T) {
	db, _ := demoDB(t)
	ctx := context.Background()
	// Siti holds Bumi Manusia, which Ayu has (copy 6).
	ret, err := db.Checkin(ctx, sqlite.DemoItem(6))
	if err != nil {
		t.Fatal(err)
	}
	if !ret.Hold {
		t.Fatal("return of a held title not put aside")
	}
	_, err = db.Checkout(ctx, cred(7), sqlite.DemoItem(6))
	wantKey(t, "held copy to another patron", err, kiosk.KeyItemOnHold)
	if _, err := db.Checkout(ctx, cred(1), sqlite.DemoItem(6)); err != nil {
		t.Fatalf("held copy to its holder: %v", err)
	}
	acc, _ := db.Account(ctx, cred(1))
	if acc.Holds != 0 {
		t.Fatalf("hold still active after the holder borrowed it: %d", acc.Holds)
	}
}

func TestRenew(t *testing.T) {
	db, clock := demoDB(t)
	ctx := context.Background()
	loan, err := db.Checkout(ctx, cred(1), sqlite.DemoItem(1)) // book: 2 renewals
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.Renew(ctx, cred(1), sqlite.DemoItem(1))
	wantKey(t, "renew at once", err, kiosk.KeyRenewNotExtended)

	for i := 1; i <= 2; i++ {
		clock.Set(loan.Due.Add(-24 * time.Hour))
		loan, err = db.Renew(ctx, cred(1), sqlite.DemoItem(1))
		if err != nil {
			t.Fatalf("renewal %d: %v", i, err)
		}
		if loan.Renewals != i {
			t.Fatalf("renewals %d, want %d", loan.Renewals, i)
		}
	}
	clock.Set(loan.Due.Add(-24 * time.Hour))
	_, err = db.Renew(ctx, cred(1), sqlite.DemoItem(1))
	wantKey(t, "third renewal", err, kiosk.KeyRenewLimit)

	_, err = db.Renew(ctx, cred(1), sqlite.DemoItem(4))
	wantKey(t, "someone else's loan", err, kiosk.KeyItemNotYours)
	_, err = db.Renew(ctx, cred(1), sqlite.DemoItem(9))
	wantKey(t, "not on loan", err, kiosk.KeyItemNotOnLoan)
	_, err = db.Renew(ctx, cred(3), sqlite.DemoItem(6))
	wantKey(t, "held by another patron", err, kiosk.KeyRenewHold)
	_, err = db.Renew(ctx, cred(6), sqlite.DemoItem(1))
	wantKey(t, "fines over the limit", err, kiosk.KeyPatronFines)
}

func TestRenewOverdueChargesLateDays(t *testing.T) {
	db, _ := demoDB(t)
	ctx := context.Background()
	// Budi's Sang Pemimpi is 6 days overdue: renewing charges 6 × Rp 500
	// and the later return charges nothing for those days again.
	loan, err := db.Renew(ctx, cred(2), sqlite.DemoItem(4))
	if err != nil {
		t.Fatal(err)
	}
	if !loan.Due.After(monday) {
		t.Fatalf("renewed due %v not in the future", loan.Due)
	}
	acc, _ := db.Account(ctx, cred(2))
	if acc.FinesTotal != 3000 {
		t.Fatalf("fines %d after renewing 6 days late, want 3000", acc.FinesTotal)
	}
	ret, err := db.Checkin(ctx, sqlite.DemoItem(4))
	if err != nil || ret.Fine != 0 {
		t.Fatalf("return after renewal: fine %v, %v", ret, err)
	}
}

func TestRenewAll(t *testing.T) {
	db, clock := demoDB(t)
	ctx := context.Background()
	clock.Advance(7 * 24 * time.Hour)
	res, err := db.RenewAll(ctx, cred(3))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range res {
		got[r.Barcode] = kiosk.ErrorKey(r.Err)
		if r.Err == nil && r.Loan == nil {
			t.Fatalf("%s: neither loan nor error", r.Barcode)
		}
	}
	want := map[string]string{sqlite.DemoItem(6): kiosk.KeyRenewHold, sqlite.DemoItem(32): ""}
	if len(got) != len(want) {
		t.Fatalf("results %v, want %v", got, want)
	}
	for b, k := range want {
		if got[b] != k {
			t.Fatalf("%s: %q, want %q", b, got[b], k)
		}
	}
	_, err = db.RenewAll(ctx, cred(5))
	wantKey(t, "blocked card", err, kiosk.KeyPatronBlocked)
}

func TestAccount(t *testing.T) {
	db, _ := demoDB(t)
	ctx := context.Background()
	acc, err := db.Account(ctx, cred(2))
	if err != nil {
		t.Fatal(err)
	}
	if len(acc.Loans) != 2 || acc.Patron.Name != "Budi Santoso" {
		t.Fatalf("account %+v", acc)
	}
	if !acc.Loans[0].Overdue(monday) || acc.Loans[1].Overdue(monday) {
		t.Fatal("loans not sorted soonest due first, or overdue wrong")
	}
	if acc.Loans[0].MaxRenewals != 2 {
		t.Fatalf("max renewals %d, want 2", acc.Loans[0].MaxRenewals)
	}
	acc, _ = db.Account(ctx, cred(6))
	if acc.FinesTotal != 15000 {
		t.Fatalf("Andi's fines %d", acc.FinesTotal)
	}
	_, err = db.Account(ctx, kiosk.Credentials{Card: "nope"})
	wantKey(t, "unknown", err, kiosk.KeyPatronUnknown)
}

func TestItem(t *testing.T) {
	db, _ := demoDB(t)
	it, err := db.Item(context.Background(), sqlite.DemoItem(53))
	if err != nil || it.Loanable || it.Title != "Kamus Besar Bahasa Indonesia" {
		t.Fatalf("Item = %+v, %v", it, err)
	}
	_, err = db.Item(context.Background(), "x")
	wantKey(t, "unknown", err, kiosk.KeyItemUnknown)
}

func TestNoLoanRule(t *testing.T) {
	db, _ := demoDB(t)
	ctx := context.Background()
	if err := db.Exec(ctx, `INSERT INTO item_types (code, name) VALUES ('alat', 'Alat')`); err != nil {
		t.Fatal(err)
	}
	if err := db.AddItems(ctx, sqlite.ItemRecord{Barcode: "T1", TitleRecord: sqlite.TitleRecord{Title: "Obeng"}, ItemType: "alat", Loanable: true}); err != nil {
		t.Fatal(err)
	}
	_, err := db.Checkout(ctx, cred(1), "T1")
	wantKey(t, "no rule", err, sqlite.KeyNoRule)
	var n int
	db.SQL().QueryRow(`SELECT COUNT(*) FROM loans WHERE item_id = (SELECT id FROM items WHERE barcode = 'T1')`).Scan(&n)
	if n != 0 {
		t.Fatal("a refused checkout left a loan behind")
	}
}

// TestRuleChangesReachACachingKiosk changes the loan period and adds a
// holiday through a second handle on the file, as kioskctl would, between
// two checkouts: the second must use the new rules.
func TestRuleChangesReachACachingKiosk(t *testing.T) {
	db, _ := demoDB(t)
	ctx := context.Background()
	loan, err := db.Checkout(ctx, cred(1), sqlite.DemoItem(1))
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 12, 7, 17, 0, 0, 0, jakarta); !loan.Due.Equal(want) {
		t.Fatalf("due %v, want %v", loan.Due, want)
	}
	other := sqlite.NewDB(db.Path)
	if err := other.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if err := other.Exec(ctx, `UPDATE loan_rules SET loan_days = 21 WHERE category = '*' AND item_type = 'buku'`,
		`INSERT INTO closed_days (day, reason) VALUES ('2026-12-14', 'Libur daerah')`); err != nil {
		t.Fatal(err)
	}
	loan, err = db.Checkout(ctx, cred(1), sqlite.DemoItem(2))
	if err != nil {
		t.Fatal(err)
	}
	// 21 days lands on Monday 14 December, now a holiday: Tuesday.
	if want := time.Date(2026, 12, 15, 17, 0, 0, 0, jakarta); !loan.Due.Equal(want) {
		t.Fatalf("after the change: due %v, want %v", loan.Due.In(jakarta), want)
	}
}
