package sip2_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/anjungan/anjungan/assets"
	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/sip2"
	"github.com/anjungan/anjungan/kiosk/sqlite"
)

// patronInfo is a 63 in language lang asking for the list at summary
// position list (-1: none), items start..end (0: no BP/BQ); pin "-" sends
// no AD.
func patronInfo(lang, card, pin string, list, start, end int) string {
	summary := []byte("          ")
	if list >= 0 {
		summary[list] = 'Y'
	}
	f := "63" + lang + sipNow() + string(summary) + "AOanjungan|AA" + card + "|AC|"
	if pin != "-" {
		f += "AD" + pin + "|"
	}
	if start > 0 {
		f += "BP" + strconv.Itoa(start) + "|BQ" + strconv.Itoa(end) + "|"
	}
	return f
}

// counts reads the six counts of a 64: holds, overdue, charged, fines,
// recalls, unavailable holds.
func counts(t *testing.T, m sip2.Message) [6]int {
	t.Helper()
	var c [6]int
	for i := range c {
		s := m.Fixed[35+4*i : 39+4*i]
		n, err := strconv.Atoi(s)
		if err != nil {
			t.Fatalf("count %d is %q, not four digits: %q", i, s, m.Fixed)
		}
		c[i] = n
	}
	return c
}

// TestServerPatronInformation: 64 tells the patron's real standing: the
// six counts always, each list its summary position asks for (within
// BP/BQ), the fee amount and currency, the status flags, and for a card
// that is expired or blocked but whose PIN is right, BL=Y and CQ=Y with
// the flags and a screen message.
func TestServerPatronInformation(t *testing.T) {
	s := serveDemo(t, nil)
	cat := assets.Catalog()
	item := sqlite.DemoItem
	type flags []int
	for _, tt := range []struct {
		name, lang, card, pin string
		list, start, end      int
		bl, cq                string
		counts                [6]int
		flags                 flags
		field                 string   // the list's field
		items                 []string // its values (a fine: a substring)
		fee                   string   // BV
		screen                string   // AF holds this; "-": no AF
	}{
		{name: "charged", lang: "001", card: sqlite.DemoCard(2), pin: "2345", list: sip2.SummaryCharged, start: 1, end: 10, bl: "Y", cq: "Y",
			counts: [6]int{0, 1, 2, 0, 0, 0}, flags: flags{sip2.FlagChargeDenied, sip2.FlagTooManyOverdue},
			field: "AU", items: []string{item(4), item(42)}, fee: "0", screen: "Overdue items on your card: 1"},
		{name: "charged, second only", lang: "001", card: sqlite.DemoCard(2), pin: "2345", list: sip2.SummaryCharged, start: 2, end: 2, bl: "Y", cq: "Y",
			counts: [6]int{0, 1, 2, 0, 0, 0}, flags: flags{sip2.FlagChargeDenied, sip2.FlagTooManyOverdue},
			field: "AU", items: []string{item(42)}, fee: "0"},
		{name: "charged, no BP/BQ", lang: "001", card: sqlite.DemoCard(3), pin: "3456", list: sip2.SummaryCharged, bl: "Y", cq: "Y",
			counts: [6]int{0, 0, 2, 0, 0, 0}, field: "AU", items: []string{item(6), item(32)}, fee: "0", screen: "-"},
		{name: "overdue", lang: "001", card: sqlite.DemoCard(2), pin: "2345", list: sip2.SummaryOverdue, start: 1, end: 10, bl: "Y", cq: "Y",
			counts: [6]int{0, 1, 2, 0, 0, 0}, flags: flags{sip2.FlagChargeDenied, sip2.FlagTooManyOverdue},
			field: "AT", items: []string{item(4)}, fee: "0"},
		{name: "fines", lang: "001", card: sqlite.DemoCard(6), pin: "6789", list: sip2.SummaryFines, start: 1, end: 10, bl: "Y", cq: "Y",
			counts: [6]int{0, 0, 0, 1, 0, 0}, flags: flags{sip2.FlagChargeDenied, sip2.FlagRenewalDenied, sip2.FlagExcessiveFines},
			field: "AV", items: []string{"15000"}, fee: "15000", screen: "fines are over the limit"},
		{name: "unavailable holds", lang: "001", card: sqlite.DemoCard(1), pin: "1234", list: 5, start: 1, end: 10, bl: "Y", cq: "Y",
			counts: [6]int{0, 0, 0, 0, 0, 1}, field: "CD", items: []string{"Bumi Manusia"}, fee: "0", screen: "-"},
		{name: "no list asked", lang: "001", card: sqlite.DemoCard(2), pin: "2345", list: -1, bl: "Y", cq: "Y",
			counts: [6]int{0, 1, 2, 0, 0, 0}, flags: flags{sip2.FlagChargeDenied, sip2.FlagTooManyOverdue}, fee: "0"},
		{name: "expired card, right PIN", lang: "001", card: sqlite.DemoCard(4), pin: "4567", list: -1, bl: "Y", cq: "Y",
			flags: flags{sip2.FlagChargeDenied, sip2.FlagRenewalDenied, sip2.FlagRecallDenied, sip2.FlagHoldDenied}, fee: "0",
			screen: cat.T(kiosk.LangEN, kiosk.KeyPatronExpired, nil)},
		{name: "expired card, right PIN, Indonesian by default", lang: "000", card: sqlite.DemoCard(4), pin: "4567", list: -1, bl: "Y", cq: "Y",
			flags: flags{sip2.FlagChargeDenied, sip2.FlagRenewalDenied, sip2.FlagRecallDenied, sip2.FlagHoldDenied}, fee: "0",
			screen: cat.T(kiosk.LangID, kiosk.KeyPatronExpired, nil)},
		{name: "blocked card, right PIN", lang: "001", card: sqlite.DemoCard(5), pin: "5678", list: -1, bl: "Y", cq: "Y",
			flags: flags{sip2.FlagChargeDenied, sip2.FlagRenewalDenied, sip2.FlagRecallDenied, sip2.FlagHoldDenied, sip2.FlagCardLost}, fee: "0",
			screen: cat.T(kiosk.LangEN, kiosk.KeyPatronBlocked, nil)},
		{name: "expired card, wrong PIN", lang: "001", card: sqlite.DemoCard(4), pin: "0000", list: sip2.SummaryCharged, start: 1, end: 10, bl: "Y", cq: "N",
			screen: "Wrong PIN."},
		{name: "wrong PIN", lang: "001", card: sqlite.DemoCard(2), pin: "0000", list: sip2.SummaryCharged, start: 1, end: 10, bl: "Y", cq: "N",
			screen: "Wrong PIN."},
		{name: "unknown card", lang: "001", card: "29999999999999", pin: "1234", list: -1, bl: "N", cq: "N",
			screen: cat.T(kiosk.LangEN, kiosk.KeyPatronUnknown, nil)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := s.dial(t, true)
			m := parse(t, r.ask(withSum(patronInfo(tt.lang, tt.card, tt.pin, tt.list, tt.start, tt.end), 3)))
			if m.Code != "64" || m.Seq != 3 {
				t.Fatalf("answer %v", m)
			}
			if m.Value("BL") != tt.bl || m.Value("CQ") != tt.cq {
				t.Errorf("BL %q CQ %q, want %s %s", m.Value("BL"), m.Value("CQ"), tt.bl, tt.cq)
			}
			for _, id := range []string{"AO", "AA", "AE"} {
				if _, ok := m.Get(id); !ok {
					t.Errorf("required field %s missing", id)
				}
			}
			if got := counts(t, m); got != tt.counts {
				t.Errorf("counts %v, want %v", got, tt.counts)
			}
			want := strings.Repeat(" ", 14)
			for _, f := range tt.flags {
				want = want[:f] + "Y" + want[f+1:]
			}
			if m.Fixed[:14] != want {
				t.Errorf("patron status %q, want %q", m.Fixed[:14], want)
			}
			if tt.field != "" {
				got := m.All(tt.field)
				if len(got) != len(tt.items) {
					t.Fatalf("%s %q, want %q", tt.field, got, tt.items)
				}
				for i := range got {
					if !strings.Contains(got[i], tt.items[i]) {
						t.Errorf("%s %q, want %q", tt.field, got, tt.items)
					}
				}
			}
			for _, other := range []string{"AS", "AT", "AU", "AV", "BU", "CD"} {
				if other != tt.field && len(m.All(other)) > 0 {
					t.Errorf("list %s not asked for: %q", other, m.All(other))
				}
			}
			if tt.fee != "" && (m.Value("BV") != tt.fee || m.Value("BH") != "IDR") {
				t.Errorf("BV %q BH %q, want %s IDR", m.Value("BV"), m.Value("BH"), tt.fee)
			}
			if tt.cq == "N" && (m.Value("AE") != "" || m.Value("BV") != "") {
				t.Errorf("a wrong PIN learns the name %q, fees %q", m.Value("AE"), m.Value("BV"))
			}
			switch af := strings.Join(m.All("AF"), " "); {
			case tt.screen == "-" && af != "":
				t.Errorf("AF %q", af)
			case tt.screen != "-" && !strings.Contains(af, tt.screen):
				t.Errorf("AF %q, want %q", af, tt.screen)
			}
			if lang := m.Fixed[14:17]; (tt.lang == "001") != (lang == "001") {
				t.Errorf("language %q answering %q", lang, tt.lang)
			}
		})
	}
}

// TestServerPatronByClient: the kiosk's own client reads the served
// library's patrons: an expired or blocked card with the right PIN is
// never taken for a wrong PIN, and the account lists the loans.
func TestServerPatronByClient(t *testing.T) {
	s := serveDemo(t, nil)
	ctx := context.Background()
	c := s.client()
	for _, tt := range []struct {
		name string
		cred kiosk.Credentials
		want string // error key; "" : let in
	}{
		{"active", kiosk.Credentials{Card: sqlite.DemoCard(1), PIN: "1234"}, ""},
		{"overdue loans", kiosk.Credentials{Card: sqlite.DemoCard(2), PIN: "2345"}, ""},
		{"wrong PIN", kiosk.Credentials{Card: sqlite.DemoCard(1), PIN: "9999"}, kiosk.KeyPINWrong},
		{"blocked", kiosk.Credentials{Card: sqlite.DemoCard(5), PIN: "5678"}, kiosk.KeyPatronBlocked},
		{"unknown", kiosk.Credentials{Card: "29999999999999", PIN: "1234"}, kiosk.KeyPatronUnknown},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.Authenticate(ctx, tt.cred)
			if kiosk.ErrorKey(err) != tt.want {
				t.Fatalf("got %v, want %q", err, tt.want)
			}
		})
	}
	if _, err := c.Authenticate(ctx, kiosk.Credentials{Card: sqlite.DemoCard(4), PIN: "4567"}); kiosk.ErrorKey(err) == kiosk.KeyPINWrong {
		t.Errorf("expired card with the right PIN: %v", err)
	}
	acc, err := c.Account(ctx, kiosk.Credentials{Card: sqlite.DemoCard(2), PIN: "2345"})
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, l := range acc.Loans {
		titles = append(titles, l.Item.Title)
	}
	slices.Sort(titles)
	if !slices.Equal(titles, []string{"Atomic Habits", "Sang Pemimpi"}) {
		t.Errorf("loans %q", titles)
	}
	acc, err = c.Account(ctx, kiosk.Credentials{Card: sqlite.DemoCard(6), PIN: "6789"})
	if err != nil || acc.FinesTotal != 15000 || len(acc.Fines) != 1 || acc.Fines[0].Amount != 15000 {
		t.Errorf("fines: %+v %v", acc, err)
	}
}
