package slims_test

import (
	"testing"
	"time"

	"github.com/anjungan/anjungan/kiosk"
)

// finesRow is the fines rows of a member as SLiMS holds them.
func (f *fixture) finesRows(t *testing.T, member string) string {
	t.Helper()
	return f.d.String(t, `SELECT COALESCE(GROUP_CONCAT(CONCAT_WS(' ', fines_date, debet, credit, description) ORDER BY fines_id SEPARATOR ' | '), '')
		FROM fines WHERE member_id = ?`, member)
}

func TestCheckin(t *testing.T) {
	for _, c := range []struct {
		name    string
		setup   func(t *testing.T, f *fixture)
		item    string
		key     string
		fine    int64
		fines   string // the member's fines rows after
		hold    bool
		english bool
	}{
		{"on time", func(t *testing.T, f *fixture) { f.lend(t, "B0002", "M0001", "2026-11-24", "2026-12-01", 0, 0) }, "B0002", "", 0, "", false, false},
		{"a week late, past the grace: every day fined", func(t *testing.T, f *fixture) { f.lend(t, "B0002", "M0001", "2026-11-17", "2026-11-24", 0, 0) },
			"B0002", "", 3500, "2026-12-01 3500 0 Denda terlambat untuk eksemplar B0002", false, false},
		{"in English when SLiMS speaks English", func(t *testing.T, f *fixture) {
			f.lend(t, "B0002", "M0001", "2026-11-17", "2026-11-24", 0, 0)
			f.d.Exec(t, `UPDATE setting SET setting_value = 's:5:"en_US";' WHERE setting_name = 'default_lang'`)
		}, "B0002", "", 3500, "2026-12-01 3500 0 Overdue fines for item B0002", false, true},
		{"within the grace of 2 days", func(t *testing.T, f *fixture) { f.lend(t, "B0002", "M0001", "2026-11-23", "2026-11-30", 0, 0) }, "B0002", "", 0, "", false, false},
		{"the rule's rate, the member type's grace still counts", func(t *testing.T, f *fixture) { f.lend(t, "B0001", "M0001", "2026-11-25", "2026-11-30", 1, 0) }, "B0001", "", 0, "", false, false},
		{"the rule's rate", func(t *testing.T, f *fixture) { f.lend(t, "B0001", "M0001", "2026-11-20", "2026-11-25", 1, 0) },
			"B0001", "", 6000, "2026-12-01 6000 0 Denda terlambat untuk eksemplar B0001", false, false},
		{"a deleted rule: rate 0, a row of 0 (as SLiMS)", func(t *testing.T, f *fixture) {
			f.lend(t, "B0001", "M0001", "2026-11-20", "2026-11-25", 1, 0)
			f.d.Exec(t, "DELETE FROM mst_loan_rules WHERE loan_rules_id = 1")
		}, "B0001", "", 0, "2026-12-01 0 0 Denda terlambat untuk eksemplar B0001", false, false},
		{"holidays not fined when SLiMS says so", func(t *testing.T, f *fixture) {
			f.lend(t, "B0002", "M0001", "2026-11-21", "2026-11-28", 0, 0)
			f.d.Exec(t, `UPDATE setting SET setting_value = 'b:1;' WHERE setting_name = 'ignore_holidays_fine_calc'`)
		}, "B0002", "", 1000, "2026-12-01 1000 0 Denda terlambat untuk eksemplar B0002", false, false},
		{"holidays fined by default", func(t *testing.T, f *fixture) { f.lend(t, "B0002", "M0001", "2026-11-21", "2026-11-28", 0, 0) },
			"B0002", "", 1500, "2026-12-01 1500 0 Denda terlambat untuk eksemplar B0002", false, false},
		{"reserved by another: to the desk, the reservation stays", func(t *testing.T, f *fixture) {
			f.lend(t, "B0002", "M0001", "2026-11-24", "2026-12-01", 0, 0)
			f.reserve(t, "M0007", "B0002", "2026-11-26 10:00:00")
		}, "B0002", "", 0, "", true, false},
		{"an expired member can return", func(t *testing.T, f *fixture) { f.lend(t, "B0002", "M0003", "2026-11-20", "2026-11-27", 0, 0) },
			"B0002", "", 2000, "", false, false},
		{"a fine written before a crash is not written twice, and what SLiMS holds is told", func(t *testing.T, f *fixture) {
			f.lend(t, "B0002", "M0001", "2026-11-17", "2026-11-24", 0, 0)
			f.d.Exec(t, "INSERT INTO fines (fines_date, member_id, debet, credit, description) VALUES ('2026-12-01', 'M0001', 3000, 0, 'Denda terlambat untuk eksemplar B0002')")
		}, "B0002", "", 3000, "2026-12-01 3000 0 Denda terlambat untuk eksemplar B0002", false, false},
		{"not on loan", nil, "B0002", kiosk.KeyItemNotOnLoan, 0, "", false, false},
		{"unknown", nil, "Z0001", kiosk.KeyItemUnknown, 0, "", false, false},
		{"a loan of a deleted member goes to staff", func(t *testing.T, f *fixture) { f.lend(t, "B0002", "M4040", "2026-11-17", "2026-11-24", 0, 0) },
			"B0002", kiosk.KeyReturnSeeStaff, 0, "", false, false},
	} {
		for _, e := range engines {
			t.Run(c.name+"/"+string(e), func(t *testing.T) {
				f := open(t, e)
				if c.setup != nil {
					c.setup(t, f)
				}
				r, err := f.Checkin(ctx, c.item)
				wantKey(t, err, c.key)
				if err != nil {
					return
				}
				if r.Fine != c.fine || r.Hold != c.hold {
					t.Fatalf("fine %d hold %v, want %d %v", r.Fine, r.Hold, c.fine, c.hold)
				}
				if c.fines != "" {
					if got := f.finesRows(t, "M0001"); got != c.fines {
						t.Fatalf("fines\n got %q\nwant %q", got, c.fines)
					}
				} else if c.fine == 0 {
					if n := f.d.Int(t, "SELECT COUNT(*) FROM fines"); n != 0 {
						t.Fatalf("%d fines rows for a return that owes nothing", n)
					}
				}
				if got := f.d.String(t, "SELECT CONCAT_WS(' ', is_lent, is_return, return_date, last_update) FROM loan WHERE item_code = ?", c.item); got != "1 1 2026-12-01 2026-12-01 10:00:00" {
					t.Fatalf("loan after the return: %q", got)
				}
				if c.hold && f.d.Int(t, "SELECT COUNT(*) FROM reserve") != 1 {
					t.Fatal("a return removed a reservation")
				}
				if n := f.d.Int(t, "SELECT is_return FROM loan_history WHERE item_code = ?", c.item); n != 1 {
					t.Fatal("loan_history not told of the return")
				}
			})
		}
	}
}

func TestRenew(t *testing.T) {
	for _, c := range []struct {
		name     string
		setup    func(t *testing.T, f *fixture)
		card     string
		item     string
		key      string
		row      string // member loan_date due_date renewed rule is_lent is_return return_date uid
		fine     int64
		twiceKey string
	}{
		{"from today, capped at the expiry, once a day", func(t *testing.T, f *fixture) { f.lend(t, "B0002", "M0002", "2026-11-21", "2026-12-05", 0, 0) },
			"M0002", "B0002", "", "M0002 2026-11-21 2026-12-10 1 0 1 0 2026-12-01 1", 0, kiosk.KeyRenewToday},
		{"the member type's period for a loan without a rule", func(t *testing.T, f *fixture) { f.lend(t, "B0030", "M0001", "2026-11-24", "2026-12-01", 0, 0) },
			"M0001", "B0030", "", "M0001 2026-11-24 2026-12-08 1 0 1 0 2026-12-01 1", 0, kiosk.KeyRenewLimit},
		{"the loan's rule's period, once (Umum renews once)", func(t *testing.T, f *fixture) { f.lend(t, "B0030", "M0001", "2026-11-26", "2026-12-01", 1, 0) },
			"M0001", "B0030", "", "M0001 2026-11-26 2026-12-07 1 1 1 0 2026-12-01 1", 0, kiosk.KeyRenewLimit},
		{"a late loan is fined first", func(t *testing.T, f *fixture) { f.lend(t, "B0030", "M0001", "2026-11-17", "2026-11-24", 0, 0) },
			"M0001", "B0030", "", "M0001 2026-11-17 2026-12-08 1 0 1 0 2026-12-01 1", 3500, kiosk.KeyRenewLimit},
		{"fiction for Umum: the rule allows no renewal", func(t *testing.T, f *fixture) { f.lend(t, "B0001", "M0001", "2026-11-26", "2026-12-01", 1, 0) },
			"M0001", "B0001", kiosk.KeyRenewNone, "", 0, ""},
		{"renewed as often as allowed", func(t *testing.T, f *fixture) { f.lend(t, "B0030", "M0001", "2026-11-26", "2026-12-03", 0, 1) },
			"M0001", "B0030", kiosk.KeyRenewLimit, "", 0, ""},
		{"reserved by another", func(t *testing.T, f *fixture) {
			f.lend(t, "B0030", "M0001", "2026-11-26", "2026-12-03", 0, 0)
			f.reserve(t, "M0007", "B0030", "2026-11-27 08:00:00")
		}, "M0001", "B0030", kiosk.KeyRenewHold, "", 0, ""},
		{"expired", func(t *testing.T, f *fixture) { f.lend(t, "B0030", "M0003", "2026-11-26", "2026-12-03", 0, 0) },
			"M0003", "B0030", kiosk.KeyPatronExpired, "", 0, ""},
		{"pending may renew (as SLiMS)", func(t *testing.T, f *fixture) { f.lend(t, "B0030", "M0005", "2026-11-28", "2026-12-05", 0, 0) },
			"M0005", "B0030", "", "M0005 2026-11-28 2026-12-08 1 0 1 0 2026-12-01 1", 0, kiosk.KeyRenewLimit},
		{"not yours", func(t *testing.T, f *fixture) { f.lend(t, "B0030", "M0007", "2026-11-26", "2026-12-03", 0, 0) },
			"M0001", "B0030", kiosk.KeyItemNotYours, "", 0, ""},
		{"not on loan", nil, "M0001", "B0030", kiosk.KeyItemNotOnLoan, "", 0, ""},
	} {
		for _, e := range engines {
			t.Run(c.name+"/"+string(e), func(t *testing.T) {
				f := open(t, e)
				if c.setup != nil {
					c.setup(t, f)
				}
				loan, err := f.Renew(ctx, kiosk.Credentials{Card: c.card}, c.item)
				wantKey(t, err, c.key)
				if err != nil {
					return
				}
				if got := f.loanRow(t, c.item); got != c.row {
					t.Fatalf("loan row\n got %s\nwant %s", got, c.row)
				}
				if loan.Fine != c.fine || loan.Renewals != 1 {
					t.Fatalf("fine %d renewals %d", loan.Fine, loan.Renewals)
				}
				if got, want := loan.Due.Format(time.DateOnly), f.d.String(t, "SELECT CAST(due_date AS CHAR) FROM loan WHERE item_code = ?", c.item); got != want {
					t.Fatalf("the kiosk says due %s, SLiMS %s", got, want)
				}
				if n := f.d.Int(t, "SELECT COUNT(*) FROM loan WHERE item_code = ?", c.item); n != 1 {
					t.Fatalf("%d loan rows: a renewal is the same row", n)
				}
				_, err = f.Renew(ctx, kiosk.Credentials{Card: c.card}, c.item)
				wantKey(t, err, c.twiceKey)
				f.clock.Set(day.AddDate(0, 0, 1))
				if _, err := f.Renew(ctx, kiosk.Credentials{Card: c.card}, c.item); kiosk.ErrorKey(err) == kiosk.KeyRenewToday {
					t.Fatal("still 'renewed today' the next day")
				}
			})
		}
	}
}

func TestAccountAndVisits(t *testing.T) {
	for _, e := range engines {
		t.Run(string(e), func(t *testing.T) {
			f := open(t, e)
			f.lend(t, "B0030", "M0001", "2026-11-17", "2026-11-24", 0, 0)
			f.lend(t, "B0002", "M0001", "2026-11-26", "2026-12-03", 0, 0)
			f.d.Exec(t, `INSERT INTO fines (fines_date, member_id, debet, credit, description) VALUES
				('2026-10-01', 'M0001', 2000, 2000, 'Denda terlambat untuk eksemplar B0003'),
				('2026-11-02', 'M0001', 1500, 500, 'Denda terlambat untuk eksemplar B0004'),
				('2026-11-03', 'M0001', 0, 0, 'Denda terlambat untuk eksemplar B0001')`)
			f.reserve(t, "M0001", "B0020", "2026-11-29 12:00:00")
			a, err := f.Account(ctx, kiosk.Credentials{Card: "M0001"})
			if err != nil {
				t.Fatal(err)
			}
			if len(a.Loans) != 2 || a.Loans[0].Item.Barcode != "B0030" || !a.Loans[0].Overdue(day) || a.Loans[1].Overdue(day) {
				t.Fatalf("loans %+v", a.Loans)
			}
			if a.Loans[0].Item.Title != "Sejarah Nusantara: dari Sriwijaya hingga Majapahit, édisi kedua" {
				t.Fatalf("title %q", a.Loans[0].Item.Title)
			}
			if len(a.Fines) != 1 || a.FinesTotal != 1000 || a.Fines[0].Description != "Denda terlambat untuk eksemplar B0004" {
				t.Fatalf("fines %+v total %d", a.Fines, a.FinesTotal)
			}
			if a.Holds != 1 {
				t.Fatalf("holds %d", a.Holds)
			}
			st, err := f.Standing(ctx, "M0001")
			if err != nil || st.BorrowBlock != nil || st.Holds[0].Title != "Film Dokumenter: Komodo — Naga Terakhir" || !st.Holds[0].Ready {
				t.Fatalf("standing %+v, %v", st, err)
			}

			// Visits: the first of the day, once, with SLiMS's '' for no institution.
			if _, err := f.Checkout(ctx, kiosk.Credentials{Card: "M0002"}, "B0021"); err != nil {
				t.Fatal(err)
			}
			if err := f.EndSession(ctx, kiosk.Credentials{Card: "m0002"}); err != nil {
				t.Fatal(err)
			}
			if err := f.EndSession(ctx, kiosk.Credentials{Card: "M0001"}); err != nil {
				t.Fatal(err)
			}
			got := f.d.String(t, `SELECT GROUP_CONCAT(CONCAT_WS(' ', member_id, member_name, CONCAT('[', institution, ']'), checkin_date) ORDER BY visitor_id SEPARATOR ' | ') FROM visitor_count`)
			want := "M0002 Budi Santoso [] 2026-12-01 10:00:00 | M0001 Siti Rahmawati [SMA Negeri 1] 2026-12-01 10:00:00"
			if got != want {
				t.Fatalf("visits\n got %s\nwant %s", got, want)
			}
			f.clock.Set(day.AddDate(0, 0, 1))
			f.EndSession(ctx, kiosk.Credentials{Card: "M0001"})
			if n := f.d.Int(t, "SELECT COUNT(*) FROM visitor_count WHERE member_id = 'M0001'"); n != 2 {
				t.Fatalf("%d visits of M0001 over two days", n)
			}
		})
	}
}

func TestReplay(t *testing.T) {
	f := open(t, "")
	yesterday := day.AddDate(0, 0, -1)
	due := day.AddDate(0, 0, 13)
	// Offline the pending member left with a copy: recorded as it happened.
	loan, err := f.ReplayCheckout(ctx, "M0005", "B0001", yesterday, due)
	if err != nil {
		t.Fatal(err)
	}
	if got := f.loanRow(t, "B0001"); got != "M0005 2026-11-30 2026-12-14 0 1 1 0 - 7" {
		t.Fatalf("replayed loan %s", got)
	}
	if !loan.Due.Equal(time.Date(2026, 12, 14, 23, 59, 59, 0, jkt)) {
		t.Fatalf("due %v", loan.Due)
	}
	if ok, err := f.CheckedOutTo(ctx, "m0005", "b0001"); !ok || err != nil {
		t.Fatal("CheckedOutTo", ok, err)
	}
	// Never a second loan of a copy on loan to another.
	_, err = f.ReplayCheckout(ctx, "M0001", "B0001", yesterday, due)
	wantKey(t, err, kiosk.KeyItemOnLoan)
	if in, _ := f.CheckedIn(ctx, "B0001"); in {
		t.Fatal("CheckedIn of a copy on loan")
	}
	if _, err := f.ReplayCheckin(ctx, "B0001", day.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	if in, _ := f.CheckedIn(ctx, "B0001"); !in {
		t.Fatal("not CheckedIn after the return")
	}
}
