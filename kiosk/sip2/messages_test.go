package sip2

import (
	"slices"
	"strings"
	"testing"
	"time"
)

const when = "20261123    100000"

// TestRequests encodes every request the client sends and checks the
// exact bytes.
func TestRequests(t *testing.T) {
	tests := []struct {
		name string
		m    Message
		want string
	}{
		{"93 login", Login("kiosk", "rahasia", "Lantai 1"), "9300CNkiosk|COrahasia|CPLantai 1|"},
		{"99 SC status", SCStatus(40), "9900402.00"},
		{"23 patron status", PatronStatus(when, "perpus", "2001", "", "1234"), "23001" + when + "AOperpus|AA2001|AC|AD1234|"},
		{"63 patron information, charged 1-50", PatronInformation(when, "perpus", "2001", "", "1234", SummaryCharged, 1, 50),
			"63001" + when + "  Y       AOperpus|AA2001|AC|AD1234|BP1|BQ50|"},
		{"11 checkout", Checkout(when, "", "perpus", "2001", "3001", "", "1234", false), "11NN" + when + BlankDate + "AOperpus|AA2001|AB3001|AC|AD1234|"},
		{"11 offline checkout", Checkout(when, "20261207    235959", "perpus", "2001", "3001", "", "", true), "11NY" + when + "20261207    235959AOperpus|AA2001|AB3001|AC|"},
		{"09 checkin", Checkin(when, "", "Lantai 1", "perpus", "3001", "", false), "09N" + when + when + "APLantai 1|AOperpus|AB3001|AC|"},
		{"29 renew", Renew(when, "perpus", "2001", "1234", "3001", ""), "29NN" + when + BlankDate + "AOperpus|AA2001|AD1234|AB3001|AC|"},
		{"65 renew all", RenewAll(when, "perpus", "2001", "1234", ""), "65" + when + "AOperpus|AA2001|AD1234|AC|"},
		{"17 item information", ItemInformation(when, "perpus", "3001", ""), "17" + when + "AOperpus|AB3001|AC|"},
		{"35 end session", EndPatronSession(when, "perpus", "2001", "", "1234"), "35" + when + "AOperpus|AA2001|AC|AD1234|"},
	}
	for _, tt := range tests {
		b, err := Encode(tt.m, EncodeOptions{})
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if got := strings.TrimSuffix(string(b), "\r"); got != tt.want {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, got, tt.want)
		}
	}
}

func mustParse(t *testing.T, s string) Message {
	t.Helper()
	m, err := Parse([]byte(s))
	if err != nil {
		t.Fatalf("Parse(%q): %v", s, err)
	}
	return m
}

func TestDecodeACSStatus(t *testing.T) {
	m := mustParse(t, "98YYYYNN600003"+when+"2.00AOperpus|AMPerpustakaan Umum|BXYYYYYYYYYYYYYYYY|ANkiosk|AFSelamat datang|")
	s, err := DecodeACSStatus(m)
	if err != nil || !s.Online || !s.CheckinOK || !s.CheckoutOK || !s.RenewalPolicy || s.StatusUpdateOK || s.OfflineOK ||
		s.Timeout != 60*time.Second || s.Retries != 3 || s.Version != "2.00" || s.Library != "Perpustakaan Umum" || s.Screen[0] != "Selamat datang" {
		t.Fatalf("%+v %v", s, err)
	}
	unknown, _ := DecodeACSStatus(mustParse(t, "98NYYYNN999999"+when+"2.00"))
	if unknown.Online || unknown.Timeout != 0 || unknown.Retries != -1 {
		t.Fatalf("999s: %+v", unknown)
	}
	if _, err := DecodeACSStatus(mustParse(t, "941")); err == nil {
		t.Fatal("94 decoded as 98")
	}
}

func TestDecodePatron(t *testing.T) {
	status := "Y   Y         " // charge denied (1st), card lost (5th)
	m := mustParse(t, "64"+status+"001"+when+"0001000200030004"+"00000000"+
		"AOperpus|AA2001|AESiti Rahmawati|BLY|CQY|BHIDR|BV15000|CC10000|ATa|AUb|AUc|AVfine 1|PB19960412|AFKartu diblokir|")
	p, err := DecodePatron(m)
	if err != nil {
		t.Fatal(err)
	}
	if !p.Flags[FlagChargeDenied] || !p.Flags[FlagCardLost] || p.Flags[FlagTooManyOverdue] || p.Flags.String() != status {
		t.Errorf("flags %v", p.Flags)
	}
	if !p.Valid || !p.PasswordOK || !p.PasswordKnown || p.Name != "Siti Rahmawati" || p.FeeAmount != "15000" || p.HoldCount != 1 ||
		p.OverdueCount != 2 || p.ChargedCount != 3 || p.FineCount != 4 || len(p.Charged) != 2 || p.BirthDate != "19960412" || p.Screen[0] != "Kartu diblokir" {
		t.Errorf("%+v", p)
	}
	// BL=Y alone: the password is not known to be right.
	p, _ = DecodePatron(mustParse(t, "24"+strings.Repeat(" ", 14)+"001"+when+"AOx|AA2001|BLY|"))
	if !p.Valid || p.PasswordOK || p.PasswordKnown {
		t.Errorf("BL alone: %+v", p)
	}
	p, _ = DecodePatron(mustParse(t, "24"+strings.Repeat(" ", 14)+"001"+when+"AOx|AA2001|BLy|CQn|"))
	if !p.Valid || p.PasswordOK || !p.PasswordKnown {
		t.Errorf("lower case: %+v", p)
	}
}

func TestDecodeOutcomes(t *testing.T) {
	co, err := DecodeOutcome(mustParse(t, "121NNY"+when+"AOperpus|AA2001|AB3001|AJLaskar Pelangi|AH20261207    170000|AGSimpan struk ini|"))
	if err != nil || !co.OK || co.Renewal || co.Title != "Laskar Pelangi" || co.Due != "20261207    170000" || co.Print[0] != "Simpan struk ini" {
		t.Fatalf("12: %+v %v", co, err)
	}
	ci, _ := DecodeOutcome(mustParse(t, "101YNY"+when+"AOperpus|AB3001|AQLantai 1|AJLaskar Pelangi|"))
	if !ci.OK || !ci.Alert || ci.Permanent != "Lantai 1" {
		t.Fatalf("10: %+v", ci)
	}
	rn, _ := DecodeOutcome(mustParse(t, "300NUN"+when+"AOperpus|AA2001|AB3001|AFSudah dipesan orang lain|"))
	if rn.OK || rn.Screen[0] != "Sudah dipesan orang lain" {
		t.Fatalf("30: %+v", rn)
	}
	item, err := DecodeOutcome(mustParse(t, "18030001"+when+"CF2|AB3001|AJLaskar Pelangi|AH20261207    170000|"))
	if err != nil || item.Status != "03" || item.Hold != "2" {
		t.Fatalf("18: %+v %v", item, err)
	}
	ra, err := DecodeRenewAll(mustParse(t, "66100020001"+when+"AOperpus|BMa|BMb|BNc|"))
	if err != nil || !ra.OK || len(ra.Renewed) != 2 || len(ra.Unrenewed) != 1 {
		t.Fatalf("66: %+v %v", ra, err)
	}
}

func TestSupports(t *testing.T) {
	for _, tt := range []struct {
		bx   string
		want []string // what the client sends that is not taken
	}{
		{"", nil},                 // no BX: everything
		{"YYYYYYYYYYYYYYYY", nil}, // all
		{"YYYYYYYNNYNYYYYN", []string{"63 Patron Information", "35 End Patron Session", "17 Item Information", "65 Renew All"}},
		{"nYYY", []string{"23 Patron Status"}}, // lower case; short: the rest taken
		{"YYYNYYYYYNYNNNYY", nil},              // sip2 serve's: nothing the client needs is missing
		{"XXXXXXXXXXXXXXXX", nil},              // only N says no
	} {
		got := ACSStatus{Supported: tt.bx}.Unsupported()
		if !slices.Equal(got, tt.want) {
			t.Errorf("BX %q: %q, want %q", tt.bx, got, tt.want)
		}
	}
	if (ACSStatus{Supported: "YYYNYYYYYNYNNNYY"}).Supports("15") {
		t.Error("Hold (15) is N in this BX")
	}
}
