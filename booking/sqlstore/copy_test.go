package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/anjungan/anjungan/booking"
	"github.com/anjungan/anjungan/booking/sqlstore"
	"github.com/anjungan/anjungan/kiosk/mock"
)

// TestCopyToPostgres moves a kiosk's SQLite makerspace into PostgreSQL:
// every table's rows, bookings with their ids, codes and states, and the
// token secret (codes issued before still verify); the copy books on.
// Into a database that holds a makerspace, or when a row is refused
// halfway, nothing is copied.
func TestCopyToPostgres(t *testing.T) {
	ctx := context.Background()
	clock := mock.NewClock(monday)
	lite, pg := engineNamed("sqlite"), engineNamed("postgres")
	from := lite.openStore(t, clock)
	secret, err := from.Secret(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := from.Grant(ctx, booking.Certification{Patron: teen.Card, Name: "sewing"}); err != nil {
		t.Fatal(err)
	}
	if _, err := from.AddClosure(ctx, booking.Closure{Resource: "room-1", First: "2026-12-24", Last: "2026-12-26", Reason: "Natal"}); err != nil {
		t.Fatal(err)
	}
	kept := mustBook(t, from, req("pc-1", adult, at(24, 9, 0), time.Hour))
	gone := mustBook(t, from, req("pc-2", adult, at(24, 10, 0), time.Hour))
	ahead := mustBook(t, from, req("pc-1", adult, at(26, 9, 0), time.Hour))
	if _, err := from.Cancel(ctx, gone.ID, booking.Actor{Staff: "desk"}); err != nil {
		t.Fatal(err)
	}
	clock.Set(at(24, 9, 5))
	if _, err := from.CheckIn(ctx, kept.ID, "k1"); err != nil {
		t.Fatal(err)
	}
	// Staff raised pc-1's buffer after those bookings: they keep theirs.
	if _, err := from.SQL().Exec(`UPDATE resources SET buffer_min = buffer_min + 15 WHERE id = 'pc-1'`); err != nil {
		t.Fatal(err)
	}

	to := pg.openBare(t, pg.fresh(t), clock, jakarta)
	counts, err := sqlstore.Copy(ctx, from, to)
	if err != nil {
		t.Fatal(err)
	}
	if counts["bookings"] != 3 || counts["resources"] != len(sqlstore.DemoResources()) || counts["closures"] != 1 || counts["certifications"] != 2 {
		t.Fatalf("counts %v", counts)
	}
	var buf, was int
	to.SQL().QueryRow(`SELECT buffer_min FROM resources WHERE id = 'pc-1'`).Scan(&buf)
	from.SQL().QueryRow(`SELECT buffer_min FROM resources WHERE id = 'pc-1'`).Scan(&was)
	if buf != was {
		t.Fatalf("pc-1's buffer %d after the copy, %d before", buf, was)
	}
	b, err := to.ByCode(ctx, kept.Code)
	if err != nil || b.ID != kept.ID || b.State != booking.CheckedIn || !b.Start.Equal(kept.Start) || b.Kiosk != "k1" {
		t.Fatalf("copied booking %+v %v, want %+v checked in", b, err, kept)
	}
	if b, _ := to.Booking(ctx, gone.ID); b.State != booking.Cancelled || b.ClosedBy != "staff:desk" {
		t.Fatalf("cancelled booking %+v", b)
	}
	if s2, err := to.Secret(ctx); err != nil || string(s2) != string(secret) {
		t.Fatal("the token secret did not move: QR codes issued at the kiosk would fail")
	}
	next := mustBook(t, to, req("pc-1", adult, at(25, 9, 0), time.Hour))
	if next.ID <= ahead.ID {
		t.Fatalf("the copy's next booking id %d is not past the copied ones (%d)", next.ID, ahead.ID)
	}
	// The slot taken in SQLite is taken in PostgreSQL.
	other := booking.Patron{Card: "20000003", Category: "adult", BirthDate: adult.BirthDate}
	if _, err := to.Book(ctx, req("pc-1", other, at(26, 9, 0), time.Hour)); keyOf(err) != booking.KeySlotTaken {
		t.Fatalf("a copied booking's slot: %v", err)
	}

	// Into a database that holds a makerspace: refused.
	if _, err := sqlstore.Copy(ctx, from, to); err == nil {
		t.Fatal("copied into a database that holds a makerspace")
	}

	// A row refused halfway (bookings come last): nothing stays.
	bad := pg.openBare(t, pg.fresh(t), clock, jakarta)
	if _, err := bad.SQL().Exec(`ALTER TABLE bookings ADD CONSTRAINT no_pc2 CHECK (resource_id <> 'pc-2')`); err != nil {
		t.Fatal(err)
	}
	if _, err := sqlstore.Copy(ctx, from, bad); err == nil {
		t.Fatal("a refused row did not stop the copy")
	}
	var n int
	bad.SQL().QueryRow(`SELECT (SELECT COUNT(*) FROM resources) + (SELECT COUNT(*) FROM bookings) + (SELECT COUNT(*) FROM settings)`).Scan(&n)
	if n != 0 {
		t.Fatalf("%d rows left after a failed copy", n)
	}
}
