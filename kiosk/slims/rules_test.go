package slims_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/slims"
	"github.com/anjungan/anjungan/kiosk/slims/slimstest"
)

// lend puts an open loan in the table behind the kiosk's back, as the
// desk would have made it.
func (f *fixture) lend(t *testing.T, item, member, issued, due string, rule, renewed int) {
	t.Helper()
	f.d.Exec(t, `INSERT INTO loan (item_code, member_id, loan_date, due_date, renewed, loan_rules_id, is_lent, is_return, input_date, last_update, uid)
		VALUES (?, ?, ?, ?, ?, ?, 1, 0, ?, ?, 1)`, item, member, issued, due, renewed, rule, issued+" 09:00:00", issued+" 09:00:00")
}

func (f *fixture) reserve(t *testing.T, member, item, when string) {
	t.Helper()
	f.d.Exec(t, `INSERT INTO reserve (member_id, biblio_id, item_code, reserve_date) SELECT ?, biblio_id, item_code, ? FROM item WHERE item_code = ?`, member, when, item)
}

func wantKey(t *testing.T, err error, key string) {
	t.Helper()
	if got := kiosk.ErrorKey(err); got != key {
		t.Fatalf("error %v (key %q), want key %q", err, got, key)
	}
}

func TestAuthenticate(t *testing.T) {
	for _, e := range engines {
		t.Run(string(e), func(t *testing.T) {
			f := open(t, e)
			for _, c := range []struct {
				name, card, pin, key, want string
			}{
				{"bcrypt as PHP writes it ($2y$)", "M0001", "Rahasia-9", "", "M0001"},
				{"the card in any case", "m0001", "Rahasia-9", "", "M0001"},
				{"wrong password", "M0001", "rahasia-9", kiosk.KeyPINWrong, ""},
				{"the password exactly as typed", "M0001", "Rahasia-9 ", kiosk.KeyPINWrong, ""},
				{"no password typed", "M0001", "", kiosk.KeyPINRequired, ""},
				{"legacy MD5", "M0002", "1234", "", "M0002"},
				{"legacy MD5, wrong", "M0002", "12345", kiosk.KeyPINWrong, ""},
				{"expired yesterday", "M0003", "Rahasia-9", kiosk.KeyPatronExpired, ""},
				{"expires today: valid all day", "M0004", "kucing", "", "M0004"},
				{"pending may log in", "M0005", "Rahasia-9", "", "M0005"},
				{"no password in SLiMS", "M0006", "1234", kiosk.KeyPatronNoSecret, ""},
				{"unknown card", "M9999", "1234", kiosk.KeyPatronUnknown, ""},
				{"a card too long for SLiMS", strings.Repeat("9", 30), "1", kiosk.KeyPatronUnknown, ""},
			} {
				t.Run(c.name, func(t *testing.T) {
					p, err := f.Authenticate(ctx, kiosk.Credentials{Card: c.card, PIN: c.pin})
					wantKey(t, err, c.key)
					if c.want != "" && p.Card != c.want {
						t.Fatalf("card %q, want %q", p.Card, c.want)
					}
					if c.card == "M0005" && (len(p.Notices) != 1 || p.Notices[0].Key != kiosk.KeyPatronPending) {
						t.Fatalf("a pending member is not told: %v", p.Notices)
					}
				})
			}
			if got := f.d.String(t, "SELECT mpasswd FROM member WHERE member_id = 'M0002'"); got != "81dc9bdb52d04dc20036dbd8313ed055" {
				t.Fatalf("the MD5 password was rewritten (%q) though upgrades are off", got)
			}
		})
	}
}

func TestPasswordUpgradeAndLogins(t *testing.T) {
	f := open(t, slimstest.MyISAM, func(db *slims.DB) { db.UpgradePasswords = true })
	if _, err := f.Authenticate(ctx, kiosk.Credentials{Card: "M0002", PIN: "1234"}); err != nil {
		t.Fatal(err)
	}
	if got := f.d.String(t, "SELECT mpasswd FROM member WHERE member_id = 'M0002'"); !strings.HasPrefix(got, "$2") {
		t.Fatalf("MD5 not upgraded: %q", got)
	}
	if got := f.d.String(t, "SELECT CAST(last_update AS CHAR) FROM member WHERE member_id = 'M0002'"); got != "2026-12-01" {
		t.Fatalf("last_update %q", got)
	}
	if _, err := f.Authenticate(ctx, kiosk.Credentials{Card: "M0002", PIN: "1234"}); err != nil {
		t.Fatalf("after the upgrade: %v", err)
	}

	card := open(t, slimstest.MyISAM, func(db *slims.DB) { db.Login = slims.LoginCard })
	if _, err := card.Authenticate(ctx, kiosk.Credentials{Card: "M0006"}); err != nil {
		t.Fatalf("card-only login: %v", err)
	}

	pin := open(t, slimstest.InnoDB, func(db *slims.DB) { db.Login = slims.LoginPIN })
	wantKey(t, pinAuth(pin, "M0007", "2468"), kiosk.KeyPatronNoSecret)
	if err := pin.SetPIN(ctx, "m0007", "2468"); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"12", "1234567890123", "12a4"} {
		if err := pin.SetPIN(ctx, "M0007", bad); err == nil {
			t.Errorf("PIN %q accepted", bad)
		}
	}
	if err := pin.SetPIN(ctx, "M9999", "2468"); err == nil {
		t.Error("a PIN for a card SLiMS does not know")
	}
	if err := pinAuth(pin, "M0007", "2468"); err != nil {
		t.Fatal(err)
	}
	wantKey(t, pinAuth(pin, "M0007", "1357"), kiosk.KeyPINWrong)
	wantKey(t, pinAuth(pin, "M0007", "654321"), kiosk.KeyPINWrong) // the SLiMS password is not the kiosk PIN
	if got := pin.d.String(t, "SELECT pin_hash FROM anjungan_pin WHERE member_id = 'M0007'"); !strings.HasPrefix(got, "$2") {
		t.Fatalf("PIN stored as %q", got)
	}
	if ok, err := pin.RemovePIN(ctx, "M0007"); !ok || err != nil {
		t.Fatal(ok, err)
	}
	wantKey(t, pinAuth(pin, "M0007", "2468"), kiosk.KeyPatronNoSecret)
}

func pinAuth(f *fixture, card, pin string) error {
	_, err := f.Authenticate(ctx, kiosk.Credentials{Card: card, PIN: pin})
	return err
}

// loanRow is a loan as SLiMS's tables hold it.
func (f *fixture) loanRow(t *testing.T, item string) string {
	t.Helper()
	return f.d.String(t, `SELECT CONCAT_WS(' ', member_id, loan_date, due_date, renewed, loan_rules_id, is_lent, is_return,
		COALESCE(return_date, '-'), uid) FROM loan WHERE item_code = ? ORDER BY loan_id DESC LIMIT 1`, item)
}

func TestCheckout(t *testing.T) {
	type setup func(t *testing.T, f *fixture)
	for _, c := range []struct {
		name        string
		setup       setup
		card, item  string
		key         string
		row         string // member loan_date due_date renewed rule is_lent is_return return_date uid
		title, args string
	}{
		{"fiction on paper: rule 1, 5 days, Sunday skipped", nil, "M0001", "B0001", "", "M0001 2026-12-01 2026-12-07 0 1 1 0 - 7", "Laskar Pelangi", ""},
		{"codes in any case, written as stored", nil, "m0001", "b0002", "", "M0001 2026-12-01 2026-12-07 0 1 1 0 - 7", "Bumi Manusia", ""},
		{"no rule for the collection: a rule of the GMD alone (as SLiMS)", nil, "M0001", "B0030", "", "M0001 2026-12-01 2026-12-07 0 1 1 0 - 7", "", ""},
		{"no GMD: the fallback matches any rule of the member type (as SLiMS)", nil, "M0001", "B0031", "", "M0001 2026-12-01 2026-12-07 0 1 1 0 - 7", "", ""},
		{"video for a student: rule 2, 3 days", nil, "M0002", "B0020", "", "M0002 2026-12-01 2026-12-04 0 2 1 0 - 7", "", ""},
		{"no rule: the member type's 14 days, capped at expiry", nil, "M0002", "B0002", "", "M0002 2026-12-01 2026-12-10 0 0 1 0 - 7", "", ""},
		{"expires today: due today", nil, "M0004", "B0002", "", "M0004 2026-12-01 2026-12-01 0 1 1 0 - 7", "", ""},
		{"over Christmas", func(t *testing.T, f *fixture) { f.clock.Set(time.Date(2026, 12, 19, 9, 0, 0, 0, jkt)) }, "M0001", "B0001", "", "M0001 2026-12-19 2026-12-26 0 1 1 0 - 7", "", ""},
		{"an unknown status is loanable", nil, "M0001", "B0003", "", "M0001 2026-12-01 2026-12-07 0 1 1 0 - 7", "", ""},
		{"a status that allows loans; no GMD: the collection type's rule", nil, "M0002", "B0031", "", "M0002 2026-12-01 2026-12-04 0 2 1 0 - 7", "", ""},
		{"expired", nil, "M0003", "B0001", kiosk.KeyPatronExpired, "", "", ""},
		{"pending", nil, "M0005", "B0001", kiosk.KeyPatronPending, "", "", ""},
		{"unknown card", nil, "X1", "B0001", kiosk.KeyPatronUnknown, "", "", ""},
		{"unknown item", nil, "M0001", "B9999", kiosk.KeyItemUnknown, "", "", ""},
		{"a copy whose title is gone is unknown (as SLiMS)", nil, "M0001", "B0040", kiosk.KeyItemUnknown, "", "", ""},
		{"no loan", nil, "M0001", "B0010", kiosk.KeyItemNotLoanable, "", "", "Tidak Dipinjamkan"},
		{"in repair", nil, "M0001", "B0011", kiosk.KeyItemNotLoanable, "", "", "Perbaikan"},
		{"missing", nil, "M0001", "B0012", kiosk.KeyItemNotLoanable, "", "", "Hilang"},
		{"on loan to another", func(t *testing.T, f *fixture) { f.lend(t, "B0001", "M0007", "2026-11-25", "2026-12-02", 0, 0) }, "M0001", "B0001", kiosk.KeyItemOnLoan, "", "", ""},
		{"on loan to the same member", func(t *testing.T, f *fixture) { f.lend(t, "B0001", "M0001", "2026-11-25", "2026-12-02", 1, 0) }, "M0001", "B0001", kiosk.KeyItemAlreadyYours, "", "", ""},
		{"reserved first by another", func(t *testing.T, f *fixture) {
			f.reserve(t, "M0007", "B0001", "2026-11-20 10:00:00")
			f.reserve(t, "M0001", "B0001", "2026-11-21 10:00:00")
		}, "M0001", "B0001", kiosk.KeyItemOnHold, "", "", ""},
		{"reserved first by the member", func(t *testing.T, f *fixture) {
			f.reserve(t, "M0001", "B0001", "2026-11-20 10:00:00")
			f.reserve(t, "M0007", "B0001", "2026-11-21 10:00:00")
		}, "M0001", "B0001", "", "M0001 2026-12-01 2026-12-07 0 1 1 0 - 7", "", ""},
		{"rule 1's limit of 2 counts only rule 1's loans", func(t *testing.T, f *fixture) {
			f.lend(t, "B0002", "M0001", "2026-11-25", "2026-12-02", 1, 0)
			f.lend(t, "B0003", "M0001", "2026-11-25", "2026-12-02", 1, 0)
		}, "M0001", "B0004", kiosk.KeyPatronOverLimit, "", "", "2"},
		{"a rule-1 loan beside other loans", func(t *testing.T, f *fixture) {
			f.lend(t, "B0032", "M0001", "2026-11-25", "2026-12-02", 0, 0)
			f.lend(t, "B0033", "M0001", "2026-11-25", "2026-12-02", 0, 0)
			f.lend(t, "B0003", "M0001", "2026-11-25", "2026-12-02", 1, 0)
		}, "M0001", "B0004", "", "M0001 2026-12-01 2026-12-07 0 1 1 0 - 7", "", ""},
		{"the member type's limit counts every loan", func(t *testing.T, f *fixture) {
			f.lend(t, "B0032", "M0002", "2026-11-25", "2026-12-02", 0, 0)
			f.lend(t, "B0020", "M0002", "2026-11-25", "2026-11-28", 2, 0)
		}, "M0002", "B0002", kiosk.KeyPatronOverLimit, "", "", "2"},
		{"a returned loan does not count", func(t *testing.T, f *fixture) {
			f.lend(t, "B0032", "M0002", "2026-11-25", "2026-12-02", 0, 0)
			f.lend(t, "B0033", "M0002", "2026-11-25", "2026-12-02", 0, 0)
			f.d.Exec(t, "UPDATE loan SET is_return = 1, return_date = '2026-11-30' WHERE item_code = 'B0033'")
		}, "M0002", "B0002", "", "M0002 2026-12-01 2026-12-10 0 0 1 0 - 7", "", ""},
	} {
		for _, e := range engines {
			t.Run(c.name+"/"+string(e), func(t *testing.T) {
				f := open(t, e)
				if c.setup != nil {
					c.setup(t, f)
				}
				loan, err := f.Checkout(ctx, kiosk.Credentials{Card: c.card}, c.item)
				wantKey(t, err, c.key)
				if err != nil {
					if c.args != "" {
						var ke *kiosk.Error
						errors.As(err, &ke)
						found := false
						for _, v := range ke.Args {
							found = found || v == c.args
						}
						if !found {
							t.Fatalf("refusal args %v, want %q", ke.Args, c.args)
						}
					}
					if n := f.d.Int(t, "SELECT COUNT(*) FROM loan WHERE member_id = ? AND loan_date = '2026-12-01'", c.card); n != 0 {
						t.Fatalf("a refused checkout wrote %d loans", n)
					}
					return
				}
				item := strings.ToUpper(c.item)
				if got := f.loanRow(t, item); got != c.row {
					t.Fatalf("loan row\n got %s\nwant %s", got, c.row)
				}
				if c.title != "" && loan.Item.Title != c.title {
					t.Fatalf("title %q", loan.Item.Title)
				}
				if got, want := loan.Due.Format(time.DateOnly), strings.Fields(c.row)[2]; got != want {
					t.Fatalf("the kiosk says due %s, SLiMS %s", got, want)
				}
				if got := f.d.String(t, "SELECT CONCAT_WS(' ', input_date, last_update) FROM loan WHERE item_code = ? ORDER BY loan_id DESC LIMIT 1", item); !strings.HasPrefix(got, f.clock.Now().Format(time.DateTime)) {
					t.Fatalf("input_date, last_update %q", got)
				}
				if n := f.d.Int(t, "SELECT COUNT(*) FROM reserve WHERE member_id = ? AND item_code = ?", strings.ToUpper(c.card), item); n != 0 {
					t.Fatal("the member's own reservation was not removed")
				}
				if n := f.d.Int(t, "SELECT COUNT(*) FROM loan_history WHERE item_code = ?", item); n < 1 {
					t.Fatal("SLiMS's loan_history trigger saw no loan")
				}
			})
		}
	}
}

// TestPINTableWithoutCreate: once the kiosk PIN table is made, a kiosk
// whose CREATE grant was taken back still opens and sets PINs.
func TestPINTableWithoutCreate(t *testing.T) {
	d := slimstest.Shared(t).NewDatabase(t, slimstest.Options{CreateGrant: true})
	first := openOn(t, d, func(db *slims.DB) { db.Login = slims.LoginPIN })
	first.Close()
	cfg, err := mysql.ParseDSN(d.DSN)
	if err != nil {
		t.Fatal(err)
	}
	d.Exec(t, fmt.Sprintf("REVOKE CREATE, ALTER, INDEX ON %s.* FROM '%s'@'127.0.0.1'", d.Name, cfg.User))
	again := openOn(t, d, func(db *slims.DB) { db.Login = slims.LoginPIN })
	if err := again.SetPIN(ctx, "M0006", "5555"); err != nil {
		t.Fatal(err)
	}
	if err := pinAuth(again, "M0006", "5555"); err != nil {
		t.Fatal(err)
	}
}
