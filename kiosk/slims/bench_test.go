package slims_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/slims/slimstest"
)

// report adds the throughput and the p50 and p99 of times to b.
func report(b *testing.B, times []time.Duration, unit string) {
	slices.Sort(times)
	q := func(p float64) float64 { return float64(times[int(p*float64(len(times)-1))]) / 1e6 }
	b.ReportMetric(float64(len(times))/b.Elapsed().Seconds(), unit+"/s")
	b.ReportMetric(q(0.5), "p50-ms")
	b.ReportMetric(q(0.99), "p99-ms")
}

// BenchmarkCheckoutCheckin lends and returns copies in turn against a
// local MariaDB, on SLiMS's default MyISAM tables and on InnoDB: each
// operation is one patron's checkout or return, with SLiMS's rules, the
// lock and the re-check. Goal: p99 ≤ 5 ms.
func BenchmarkCheckoutCheckin(b *testing.B) {
	for _, e := range engines {
		b.Run(string(e), func(b *testing.B) {
			f := open(b, e)
			const items = 200
			d := f.d
			d.Root.Exec(`INSERT INTO mst_member_type (member_type_id, member_type_name, loan_limit, loan_periode, member_periode,
				reborrow_limit, fine_each_day, input_date) VALUES (9, 'Uji', 1000, 7, 365, 0, 0, '2020-01-01')`)
			d.Root.Exec(`INSERT INTO member (member_id, member_name, member_type_id, expire_date) VALUES ('U0001', 'Penguji', 9, '2030-01-01')`)
			for i := range items {
				if _, err := d.Root.Exec(`INSERT INTO item (biblio_id, coll_type_id, item_code, item_status_id, input_date) VALUES (2, 1, ?, '0', '2020-01-01')`,
					fmt.Sprintf("C%04d", i)); err != nil {
					b.Fatal(err)
				}
			}
			cred := kiosk.Credentials{Card: "U0001"}
			times := make([]time.Duration, 0, 1024)
			for i := 0; b.Loop(); i++ {
				code := fmt.Sprintf("C%04d", i%items)
				t0 := time.Now()
				var err error
				if i/items%2 == 0 {
					_, err = f.Checkout(ctx, cred, code)
				} else {
					_, err = f.Checkin(ctx, code)
				}
				times = append(times, time.Since(t0))
				if err != nil {
					b.Fatal(err)
				}
			}
			report(b, times, "tx")
		})
	}
}

// BenchmarkAccount50 reads My account of a member with 50 open loans
// (and fines and reservations). Goal: ≤ 5 ms.
func BenchmarkAccount50(b *testing.B) {
	f := open(b, slimstest.MyISAM)
	d := f.d
	d.Root.Exec(`INSERT INTO mst_member_type (member_type_id, member_type_name, loan_limit, loan_periode, member_periode,
		reborrow_limit, fine_each_day, input_date) VALUES (9, 'Uji', 1000, 7, 365, 1, 500, '2020-01-01')`)
	d.Root.Exec(`INSERT INTO member (member_id, member_name, member_type_id, expire_date) VALUES ('U0001', 'Penguji', 9, '2030-01-01')`)
	for i := range 50 {
		code := fmt.Sprintf("C%04d", i)
		d.Root.Exec(`INSERT INTO item (biblio_id, coll_type_id, item_code, item_status_id, input_date) VALUES (?, 1, ?, '0', '2020-01-01')`, 1+i%7, code)
		d.Root.Exec(`INSERT INTO loan (item_code, member_id, loan_date, due_date, loan_rules_id, is_lent, is_return) VALUES (?, 'U0001', '2026-11-20', ?, 0, 1, 0)`,
			code, fmt.Sprintf("2026-12-%02d", 1+i%28))
		d.Root.Exec(`INSERT INTO fines (fines_date, member_id, debet, credit, description) VALUES ('2026-11-01', 'U0001', 500, 0, ?)`, "Denda terlambat untuk eksemplar "+code)
	}
	cred := kiosk.Credentials{Card: "U0001"}
	times := make([]time.Duration, 0, 1024)
	for b.Loop() {
		t0 := time.Now()
		a, err := f.Account(ctx, cred)
		times = append(times, time.Since(t0))
		if err != nil || len(a.Loans) != 50 {
			b.Fatal(err)
		}
	}
	report(b, times, "accounts")
}
