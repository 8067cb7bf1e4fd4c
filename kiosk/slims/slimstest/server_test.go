package slimstest

import (
	"database/sql"
	"strings"
	"testing"
)

func TestMain(m *testing.M) { Main(m) }

func TestDatabases(t *testing.T) {
	s := Shared(t)
	for _, e := range []Engine{MyISAM, InnoDB} {
		t.Run(string(e), func(t *testing.T) {
			d := s.NewDatabase(t, Options{Engine: e})
			if got := d.String(t, "SELECT ENGINE FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'loan'"); got != string(e) {
				t.Fatalf("loan is %s, want %s", got, e)
			}
			if n := d.Int(t, "SELECT COUNT(*) FROM member"); n != 7 {
				t.Fatalf("%d members in the fixture", n)
			}
			if got := d.String(t, "SELECT title FROM biblio WHERE biblio_id = 6"); !strings.Contains(got, "édisi") {
				t.Fatalf("title %q lost its accent", got)
			}
			// The kiosk's login reads and writes rows, and may not change
			// the tables.
			kiosk, err := sql.Open("mysql", d.DSN)
			if err != nil {
				t.Fatal(err)
			}
			defer kiosk.Close()
			if _, err := kiosk.Exec("UPDATE member SET member_email = 'x@example.org' WHERE member_id = 'M0006'"); err != nil {
				t.Fatal(err)
			}
			for _, q := range []string{"DROP TABLE loan", "CREATE TABLE t (a INT)", "ALTER TABLE loan ADD COLUMN x INT"} {
				if _, err := kiosk.Exec(q); err == nil {
					t.Errorf("the kiosk's login could %s", q)
				}
			}
		})
	}
	e := s.NewDatabase(t, Options{Empty: true})
	if n := e.Int(t, "SELECT COUNT(*) FROM member"); n != 0 {
		t.Fatalf("an empty database has %d members", n)
	}
}
