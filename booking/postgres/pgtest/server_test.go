package pgtest

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
)

func TestMain(m *testing.M) { Main(m) }

// TestServer: the cluster answers as itself, a database of a test's own
// is separate from another's, and btree_gist's exclusion constraint —
// what the booking store stands on — refuses an overlap.
func TestServer(t *testing.T) {
	s := Shared(t)
	ctx := context.Background()
	a, b := s.NewDatabase(t), s.NewDatabase(t)
	if a == b {
		t.Fatal("one database for two tests")
	}
	conn, err := pgx.Connect(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	for _, q := range []string{
		"CREATE EXTENSION btree_gist",
		"CREATE TABLE r (id int, t tstzrange, EXCLUDE USING gist (id WITH =, t WITH &&))",
		"INSERT INTO r VALUES (1, tstzrange('2026-12-01 10:00+07', '2026-12-01 11:00+07'))",
		"INSERT INTO r VALUES (1, tstzrange('2026-12-01 11:00+07', '2026-12-01 12:00+07'))",
	} {
		if _, err := conn.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if _, err := conn.Exec(ctx, "INSERT INTO r VALUES (1, tstzrange('2026-12-01 10:30+07', '2026-12-01 11:30+07'))"); err == nil {
		t.Fatal("an overlapping range was taken")
	}
}
