package sqlite

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/anjungan/anjungan/kiosk"
)

// TestHotPathsUseIndexes runs every circulation path once, then asks
// SQLite how it runs each statement they prepared, and the account's:
// none may scan a table that grows with the library's life (loans,
// holds, fines, items, titles, patrons). A scan there is fast in a demo
// and slow in a library's fifth year.
func TestHotPathsUseIndexes(t *testing.T) {
	db := NewDB(filepath.Join(t.TempDir(), "library.db"))
	db.PINCost = bcrypt.MinCost
	now := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC) // a Monday
	db.Now = func() time.Time { return now }
	if err := db.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	if err := db.SeedDemo(ctx); err != nil {
		t.Fatal(err)
	}
	siti := kiosk.Credentials{Card: DemoCard(1), PIN: "1234"}
	if _, err := db.Checkout(ctx, siti, DemoItem(1)); err != nil {
		t.Fatal(err)
	}
	now = now.AddDate(0, 0, 10)
	if _, err := db.Renew(ctx, siti, DemoItem(1)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Checkin(ctx, DemoItem(1)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Account(ctx, siti); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Standing(ctx, siti.Card); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ItemStatus(ctx, DemoItem(1)); err != nil {
		t.Fatal(err)
	}
	queries := []string{accountLoansSQL, accountFinesSQL, accountHoldsSQL, patronHoldsSQL, itemStatusSQL}
	db.stmts.mu.Lock()
	for q := range db.stmts.m {
		queries = append(queries, q)
	}
	db.stmts.mu.Unlock()
	if len(queries) < 8 {
		t.Fatalf("only %d statements seen: the workload missed the hot paths", len(queries))
	}
	growing := []string{"loans", "holds", "fines", "items", "titles", "patrons"}
	for _, q := range queries {
		rows, err := db.db.QueryContext(ctx, "EXPLAIN QUERY PLAN "+q, make([]any, params(q))...)
		if err != nil {
			t.Fatalf("%v\n%s", err, q)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		for _, step := range plan {
			f := strings.Fields(step)
			if len(f) < 2 || f[0] != "SCAN" {
				continue
			}
			for _, table := range growing {
				if f[1] == table || strings.Contains(q, table+" "+f[1]+" ") || strings.Contains(q, table+" "+f[1]+"\n") {
					t.Errorf("scans %s (%s):\n%s\nplan: %s", table, step, strings.TrimSpace(q), strings.Join(plan, " | "))
				}
			}
		}
	}
}

// params counts a statement's parameters: "?" each, "?N" up to the
// largest N.
func params(q string) int {
	n, most := 0, 0
	for i := 0; i < len(q); i++ {
		if q[i] != '?' {
			continue
		}
		j := i + 1
		for j < len(q) && q[j] >= '0' && q[j] <= '9' {
			j++
		}
		if j == i+1 {
			n++
		} else if k, _ := strconv.Atoi(q[i+1 : j]); k > most {
			most = k
		}
	}
	return max(n, most)
}
