package postgres_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/anjungan/anjungan/booking"
	"github.com/anjungan/anjungan/booking/postgres/pgtest"
	"github.com/anjungan/anjungan/booking/sqlstore"
)

// kioskGrants are the README's grants for the kiosks' login, word for
// word: rows to read, bookings to make and move, nothing to drop or alter.
const kioskGrants = `
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
CREATE ROLE anjungan_kiosk LOGIN PASSWORD 'kiosk-secret';
GRANT CONNECT ON DATABASE %s TO anjungan_kiosk;
GRANT USAGE ON SCHEMA public TO anjungan_kiosk;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO anjungan_kiosk;
GRANT INSERT, UPDATE ON bookings TO anjungan_kiosk;
GRANT INSERT, UPDATE, DELETE ON pin_failures TO anjungan_kiosk;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO anjungan_kiosk;
`

// TestKioskLogin: with the README's least-privilege login, a kiosk
// opens the store an administrator migrated, books, cancels, checks in
// and sweeps — and cannot drop, alter, truncate or delete.
func TestKioskLogin(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(strings.TrimSpace(kioskGrants), "\n") {
		if !strings.Contains(string(readme), strings.ReplaceAll(l, "%s", "makerspace")) && !strings.HasPrefix(l, "CREATE ROLE") {
			t.Errorf("README lacks the grant %q the test runs", l)
		}
	}
	srv := pgtest.Shared(t)
	admin := srv.NewDatabase(t)
	ctx := context.Background()
	owner := open(t, admin) // the administrator migrates
	if err := owner.SeedDemo(ctx, "20000001"); err != nil {
		t.Fatal(err)
	}
	if _, err := owner.Secret(ctx); err != nil {
		t.Fatal(err)
	}
	db := admin[strings.LastIndex(admin, "/")+1 : strings.Index(admin, "?")]
	if err := srv.Exec(ctx, db, strings.ReplaceAll(kioskGrants, "%s", db)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		srv.Exec(context.Background(), db, "DROP OWNED BY anjungan_kiosk")
		srv.Exec(context.Background(), "postgres", "DROP ROLE IF EXISTS anjungan_kiosk")
	})
	kioskURL := strings.Replace(admin, "postgres@", "anjungan_kiosk:kiosk-secret@", 1)
	k := open(t, kioskURL)
	start := booking.Date("2030-01-07").At(9*60, jakarta)
	k.Now = func() time.Time { return start.Add(-time.Hour) }
	b, err := k.Book(ctx, booking.Request{Resource: "pc-1", Patron: booking.Patron{Card: "20000001"}, Start: start, Duration: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := k.Cancel(ctx, b.ID, booking.Actor{Patron: "20000001"}); err != nil {
		t.Fatal(err)
	}
	b2, err := k.Book(ctx, booking.Request{Resource: "pc-2", Patron: booking.Patron{Card: "20000001"}, Start: start, Duration: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	k.Now = func() time.Time { return start.Add(5 * time.Minute) }
	if _, err := k.CheckIn(ctx, b2.ID, "k1"); err != nil {
		t.Fatal(err)
	}
	k.Now = func() time.Time { return start.Add(2 * time.Hour) }
	if _, err := k.Sweep(ctx); err != nil {
		t.Fatal(err)
	}
	guard := &sqlstore.PINGuard{Store: &k.Store, Max: 2, For: time.Minute}
	if _, _, err := guard.Fail(ctx, "20000001", start); err != nil {
		t.Fatal(err)
	}
	if err := guard.Clear(ctx, "20000001"); err != nil {
		t.Fatal(err)
	}
	conn, err := pgx.Connect(ctx, kioskURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	for _, q := range []string{"DROP TABLE bookings", "ALTER TABLE bookings DROP CONSTRAINT \"booking overlap\"", "TRUNCATE bookings",
		"DELETE FROM bookings", "ALTER TABLE bookings DISABLE TRIGGER bookings_update", "CREATE TABLE x (a int)",
		"UPDATE resources SET buffer_min = 0", "DELETE FROM settings"} {
		if _, err := conn.Exec(ctx, q); err == nil {
			t.Errorf("the kiosks' login could: %s", q)
		}
	}
}
