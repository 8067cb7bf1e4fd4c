package sqlite_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/mock"
	"github.com/anjungan/anjungan/kiosk/sqlite"
)

// benchLibrary adds n items and patrons patrons with no loan limit, and
// returns their credentials.
func benchLibrary(b *testing.B, db *sqlite.DB, n, patrons int) []kiosk.Credentials {
	b.Helper()
	ctx := context.Background()
	if err := db.Exec(ctx, `INSERT INTO patron_categories (code, name, max_items, fine_limit, block_on_overdue) VALUES ('bench', 'Bench', 1000000, 0, 0)`); err != nil {
		b.Fatal(err)
	}
	items := make([]sqlite.ItemRecord, n)
	for i := range items {
		items[i] = sqlite.ItemRecord{Barcode: fmt.Sprintf("B%09d", i), TitleRecord: sqlite.TitleRecord{Title: fmt.Sprintf("Judul %d", i)}, ItemType: "buku", Loanable: true}
	}
	if err := db.AddItems(ctx, items...); err != nil {
		b.Fatal(err)
	}
	creds := make([]kiosk.Credentials, patrons)
	for i := range creds {
		card := fmt.Sprintf("BENCH%04d", i)
		if err := db.AddPatron(ctx, sqlite.PatronRecord{Card: card, Name: "Bench", Category: "bench", Expires: "2099-12-31"}, ""); err != nil {
			b.Fatal(err)
		}
		creds[i] = kiosk.Credentials{Card: card}
	}
	return creds
}

// BenchmarkCheckout measures checkouts per second on one SQLite file
// (goal: 5,000/s), at both durability levels. Loans go round-robin to 500
// patrons, as at a library, rather than piling thousands on one card.
func BenchmarkCheckout(b *testing.B) {
	for _, sync := range []sqlite.Sync{sqlite.SyncNormal, sqlite.SyncFull} {
		b.Run(string(sync), func(b *testing.B) {
			clock := mock.NewClock(monday)
			db := sqlite.NewDB(b.TempDir() + "/library.db")
			db.Now, db.Location, db.Sync = clock.Now, jakarta, sync
			if err := db.Open(context.Background()); err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			if err := db.SeedDemo(context.Background()); err != nil {
				b.Fatal(err)
			}
			creds := benchLibrary(b, db, b.N, 500)
			ctx := context.Background()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := db.Checkout(ctx, creds[i%len(creds)], fmt.Sprintf("B%09d", i)); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "checkouts/s")
		})
	}
}

// BenchmarkAccount50Loans looks up a patron's account with 50 loans
// (goal: ≤ 1 ms).
func BenchmarkAccount50Loans(b *testing.B) {
	clock := mock.NewClock(monday)
	db := sqlite.NewDB(b.TempDir() + "/library.db")
	db.Now, db.Location = clock.Now, jakarta
	if err := db.Open(context.Background()); err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if err := db.SeedDemo(context.Background()); err != nil {
		b.Fatal(err)
	}
	cred := benchLibrary(b, db, 5000, 1)[0]
	ctx := context.Background()
	for i := 0; i < 50; i++ {
		if _, err := db.Checkout(ctx, cred, fmt.Sprintf("B%09d", i*7)); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		acc, err := db.Account(ctx, cred)
		if err != nil || len(acc.Loans) != 50 {
			b.Fatalf("%v, %d loans", err, len(acc.Loans))
		}
	}
}
