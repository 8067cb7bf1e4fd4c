package sitebook_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/anjungan/anjungan/booking/postgres/pgtest"
	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/sitebook"
)

// kioskGrants are the README's grants for the kiosks' login, word for
// word (the database named angka there).
const kioskGrants = `
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
CREATE ROLE anjungan_numbers LOGIN PASSWORD 'numbers-secret';
GRANT CONNECT ON DATABASE angka TO anjungan_numbers;
GRANT USAGE ON SCHEMA public TO anjungan_numbers;
GRANT SELECT ON sitebook_migrations TO anjungan_numbers;
GRANT SELECT, INSERT ON site_visits, site_ratings, site_circulation, site_skm TO anjungan_numbers;
`

// TestKioskLogin: with the README's login, a kiosk opens the store its
// owner migrated, copies rows and reads its marks, and cannot change or
// remove a row, or make a table.
func TestKioskLogin(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(strings.TrimSpace(kioskGrants), "\n") {
		if !strings.Contains(string(readme), l) && !strings.HasPrefix(l, "CREATE ROLE") {
			t.Errorf("README lacks the grant %q the test runs", l)
		}
	}
	srv := pgtest.Shared(t)
	admin := srv.NewDatabase(t)
	ctx := context.Background()
	owner := open(t, admin)
	owner.Close()
	db := admin[strings.LastIndex(admin, "/")+1 : strings.Index(admin, "?")]
	if err := srv.Exec(ctx, db, strings.ReplaceAll(kioskGrants, "angka", db)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		srv.Exec(context.Background(), db, "DROP OWNED BY anjungan_numbers")
		srv.Exec(context.Background(), "postgres", "DROP ROLE IF EXISTS anjungan_numbers")
	})
	url := strings.Replace(admin, "postgres://postgres@", "postgres://anjungan_numbers:numbers-secret@", 1)
	s := open(t, url)
	at := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	if err := s.Put(ctx, "k1", sitebook.Batch{Visits: []kiosk.Visit{{ID: 1, At: at, Card: "x"}}, Tallies: []kiosk.Tally{{ID: 1, At: at, Op: kiosk.OpCheckout}},
		Ratings: []kiosk.Rating{{ID: 1, At: at, Score: 3}}, Answers: []sitebook.Answer{{ID: 1, At: at}}}); err != nil {
		t.Fatal(err)
	}
	if m, err := s.Marks(ctx, "k1"); err != nil || m.Visits != 1 || m.Answers != 1 {
		t.Fatalf("marks %+v %v", m, err)
	}
	for _, q := range []string{"DELETE FROM site_visits", "UPDATE site_ratings SET score = 5", "TRUNCATE site_circulation",
		"DROP TABLE site_skm", "CREATE TABLE x (n int)", "DELETE FROM sitebook_migrations"} {
		if err := execAs(url, q); err == nil {
			t.Errorf("the kiosks' login could: %s", q)
		}
	}
}
