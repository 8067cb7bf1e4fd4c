package sip2

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// yn writes a SIP2 boolean.
func yn(b bool) string {
	if b {
		return "Y"
	}
	return "N"
}

// isY reads a SIP2 boolean: Y (or y, or 1 where gateways send digits).
func isY(c byte) bool { return c == 'Y' || c == 'y' || c == '1' }

// PatronFlags are the 14 patron status flags of messages 24 and 64 (a
// flag is set when the server sends Y in its place).
type PatronFlags [14]bool

// Patron status flags, in order.
const (
	FlagChargeDenied = iota
	FlagRenewalDenied
	FlagRecallDenied
	FlagHoldDenied
	FlagCardLost
	FlagTooManyCharged
	FlagTooManyOverdue
	FlagTooManyRenewals
	FlagTooManyClaimsReturned
	FlagTooManyLost
	FlagExcessiveFines
	FlagExcessiveFees
	FlagRecallOverdue
	FlagTooManyBilled
)

func parseFlags(s string) PatronFlags {
	var f PatronFlags
	for i := 0; i < len(f) && i < len(s); i++ {
		f[i] = isY(s[i])
	}
	return f
}

func (f PatronFlags) String() string {
	b := make([]byte, len(f))
	for i, v := range f {
		b[i] = ' '
		if v {
			b[i] = 'Y'
		}
	}
	return string(b)
}

// ACSStatus is the 98 answer to SC Status.
type ACSStatus struct {
	Online, CheckinOK, CheckoutOK, RenewalPolicy, StatusUpdateOK, OfflineOK bool
	// Timeout is how long a transaction may take (the server's, in tenths
	// of seconds), 0 when it does not say; Retries how often to try, -1
	// when it does not say.
	Timeout                        time.Duration
	Retries                        int
	Time                           string
	Version                        string
	Institution, Library, Terminal string
	Supported                      string // BX: which messages the server supports
	Screen, Print                  []string
}

// DecodeACSStatus reads a 98 message.
func DecodeACSStatus(m Message) (ACSStatus, error) {
	if m.Code != "98" || len(m.Fixed) != 34 {
		return ACSStatus{}, fmt.Errorf("sip2: want 98, got %s", m.Code)
	}
	f := m.Fixed
	s := ACSStatus{Online: isY(f[0]), CheckinOK: isY(f[1]), CheckoutOK: isY(f[2]), RenewalPolicy: isY(f[3]),
		StatusUpdateOK: isY(f[4]), OfflineOK: isY(f[5]), Time: f[12:30], Version: f[30:34], Retries: -1,
		Institution: m.Value("AO"), Library: m.Value("AM"), Terminal: m.Value("AN"), Supported: m.Value("BX"),
		Screen: m.All("AF"), Print: m.All("AG")}
	if n, err := strconv.Atoi(f[6:9]); err == nil && n > 0 && n < 999 {
		s.Timeout = time.Duration(n) * 100 * time.Millisecond
	}
	if n, err := strconv.Atoi(f[9:12]); err == nil && n < 999 {
		s.Retries = n
	}
	return s, nil
}

// bxPosition is where each request's flag sits in the 98's BX field
// (supported messages), in the order the spec lists them.
var bxPosition = map[string]int{
	"23": 0, "11": 1, "09": 2, "01": 3, "99": 4, "97": 5, "93": 6, "63": 7,
	"35": 8, "37": 9, "17": 10, "19": 11, "25": 12, "15": 13, "29": 14, "65": 15,
}

// Supports reports whether the server's BX says it takes request code.
// Only an explicit N says no: a server that sends no BX, a short one, or
// another letter is taken to support everything (most do).
func (a ACSStatus) Supports(code string) bool {
	i, ok := bxPosition[code]
	if !ok || i >= len(a.Supported) {
		return true
	}
	return a.Supported[i] != 'N' && a.Supported[i] != 'n'
}

// clientRequests are the requests the Client sends, as BX names them.
var clientRequests = []struct{ code, name string }{
	{"23", "Patron Status"}, {"11", "Checkout"}, {"09", "Checkin"}, {"63", "Patron Information"},
	{"35", "End Patron Session"}, {"17", "Item Information"}, {"29", "Renew"}, {"65", "Renew All"},
}

// Unsupported lists the requests the Client sends that BX says the
// server does not take ("63 Patron Information", …); the Client does
// without them.
func (a ACSStatus) Unsupported() []string {
	var out []string
	for _, r := range clientRequests {
		if !a.Supports(r.code) {
			out = append(out, r.code+" "+r.name)
		}
	}
	return out
}

// Requests. Dates are SIP2 dates (FormatDate); empty strings are sent as
// empty fields where the field is required.

// Login is 93.
func Login(user, password, location string) Message {
	m := Message{Code: "93", Fixed: "00", Seq: -1}
	m.Add("CN", user).Add("CO", password)
	if location != "" {
		m.Add("CP", location)
	}
	return m
}

// SCStatus is 99 with status 0 (ok), print width and version 2.00.
func SCStatus(width int) Message {
	return Message{Code: "99", Fixed: fmt.Sprintf("0%03d2.00", min(max(width, 0), 999)), Seq: -1}
}

// PatronStatus is 23.
func PatronStatus(date, inst, patron, terminalPassword, pin string) Message {
	m := Message{Code: "23", Fixed: "001" + date, Seq: -1}
	m.Add("AO", inst).Add("AA", patron).Add("AC", terminalPassword).Add("AD", pin)
	return m
}

// Summary positions of 63: which list Patron Information returns.
const (
	SummaryHolds   = 0
	SummaryOverdue = 1
	SummaryCharged = 2
	SummaryFines   = 3
)

// PatronInformation is 63 asking for one list (a Summary position, or -1
// for none) of items start..end (1-based).
func PatronInformation(date, inst, patron, terminalPassword, pin string, list, start, end int) Message {
	summary := []byte("          ")
	if list >= 0 && list < len(summary) {
		summary[list] = 'Y'
	}
	m := Message{Code: "63", Fixed: "001" + date + string(summary), Seq: -1}
	m.Add("AO", inst).Add("AA", patron).Add("AC", terminalPassword)
	if pin != "" { // without a PIN (the offline replay's check), no AD at all: "" is a wrong PIN to some servers
		m.Add("AD", pin)
	}
	if list >= 0 {
		m.Add("BP", strconv.Itoa(start)).Add("BQ", strconv.Itoa(end))
	}
	return m
}

// Checkout is 11. noBlock and nbDue are for offline transactions
// replayed later.
func Checkout(date, nbDue, inst, patron, item, terminalPassword, pin string, noBlock bool) Message {
	if nbDue == "" {
		nbDue = BlankDate
	}
	m := Message{Code: "11", Fixed: "N" + yn(noBlock) + date + nbDue, Seq: -1}
	m.Add("AO", inst).Add("AA", patron).Add("AB", item).Add("AC", terminalPassword)
	if pin != "" {
		m.Add("AD", pin)
	}
	return m
}

// Checkin is 09.
func Checkin(date, returnDate, location, inst, item, terminalPassword string, noBlock bool) Message {
	if returnDate == "" {
		returnDate = date
	}
	m := Message{Code: "09", Fixed: yn(noBlock) + date + returnDate, Seq: -1}
	m.Add("AP", location).Add("AO", inst).Add("AB", item).Add("AC", terminalPassword)
	return m
}

// Renew is 29.
func Renew(date, inst, patron, pin, item, terminalPassword string) Message {
	m := Message{Code: "29", Fixed: "NN" + date + BlankDate, Seq: -1}
	m.Add("AO", inst).Add("AA", patron).Add("AD", pin).Add("AB", item).Add("AC", terminalPassword)
	return m
}

// RenewAll is 65.
func RenewAll(date, inst, patron, pin, terminalPassword string) Message {
	m := Message{Code: "65", Fixed: date, Seq: -1}
	m.Add("AO", inst).Add("AA", patron).Add("AD", pin).Add("AC", terminalPassword)
	return m
}

// ItemInformation is 17.
func ItemInformation(date, inst, item, terminalPassword string) Message {
	m := Message{Code: "17", Fixed: date, Seq: -1}
	m.Add("AO", inst).Add("AB", item).Add("AC", terminalPassword)
	return m
}

// EndPatronSession is 35.
func EndPatronSession(date, inst, patron, terminalPassword, pin string) Message {
	m := Message{Code: "35", Fixed: date, Seq: -1}
	m.Add("AO", inst).Add("AA", patron).Add("AC", terminalPassword).Add("AD", pin)
	return m
}

// PatronInfo is a 24 or 64 answer.
type PatronInfo struct {
	Flags                                            PatronFlags
	Valid, PasswordOK                                bool // BL, CQ: only an explicit Y counts
	PasswordKnown                                    bool // CQ was sent
	Name                                             string
	Currency, FeeAmount                              string
	FeeLimit                                         string
	HoldCount, OverdueCount, ChargedCount, FineCount int
	Holds, Overdue, Charged, Fines                   []string // AS, AT, AU, AV
	Expires, BirthDate                               string   // PA (expiration, an extension some servers send), PB (birth date)
	Email, Phone, Address                            string
	Screen, Print                                    []string
}

// DecodePatron reads a 24 or 64 message.
func DecodePatron(m Message) (PatronInfo, error) {
	if (m.Code != "24" || len(m.Fixed) != 35) && (m.Code != "64" || len(m.Fixed) != 59) {
		return PatronInfo{}, fmt.Errorf("sip2: want 24 or 64, got %s", m.Code)
	}
	p := PatronInfo{Flags: parseFlags(m.Fixed[:14]), Name: m.Value("AE"), Currency: m.Value("BH"), FeeAmount: m.Value("BV"),
		FeeLimit: m.Value("CC"), Holds: m.All("AS"), Overdue: m.All("AT"), Charged: m.All("AU"), Fines: m.All("AV"),
		Expires: m.Value("PA"), BirthDate: m.Value("PB"), Email: m.Value("BE"), Phone: m.Value("BF"), Address: m.Value("BD"),
		Screen: m.All("AF"), Print: m.All("AG")}
	bl, _ := m.Get("BL")
	cq, known := m.Get("CQ")
	p.Valid = strings.EqualFold(bl, "Y")
	p.PasswordOK, p.PasswordKnown = strings.EqualFold(cq, "Y"), known
	if m.Code == "64" {
		counts := []*int{&p.HoldCount, &p.OverdueCount, &p.ChargedCount, &p.FineCount}
		for i, c := range counts {
			n, err := strconv.Atoi(strings.TrimSpace(m.Fixed[35+4*i : 39+4*i]))
			if err == nil {
				*c = n
			}
		}
	}
	return p, nil
}

// Outcome is a 12, 10, 30 or 18 answer about one item.
type Outcome struct {
	OK            bool   // 1 for success
	Renewal       bool   // 12/30: it was a renewal
	Alert         bool   // 10: sort the item aside
	Item          string // AB
	Title         string // AJ
	Due           string // AH, a SIP2 date or what the server sent
	Permanent     string // AQ (10)
	Status        string // 18: circulation status (two digits)
	Hold          string // 18: CF hold queue length
	FeeAmount     string // BV
	Currency      string // BH
	Patron        string // AA
	Screen, Print []string
}

// DecodeOutcome reads a 12, 10, 30 or 18 message.
func DecodeOutcome(m Message) (Outcome, error) {
	want := map[string]int{"12": 22, "10": 22, "30": 22, "18": 24}
	if n, ok := want[m.Code]; !ok || len(m.Fixed) != n {
		return Outcome{}, fmt.Errorf("sip2: want 12, 10, 30 or 18, got %s", m.Code)
	}
	o := Outcome{Item: m.Value("AB"), Title: m.Value("AJ"), Due: m.Value("AH"), Permanent: m.Value("AQ"),
		FeeAmount: m.Value("BV"), Currency: m.Value("BH"), Patron: m.Value("AA"), Screen: m.All("AF"), Print: m.All("AG")}
	switch m.Code {
	case "18":
		o.OK, o.Status, o.Hold = true, m.Fixed[0:2], m.Value("CF")
	case "10":
		o.OK, o.Alert = m.Fixed[0] == '1', isY(m.Fixed[3])
	default:
		o.OK, o.Renewal = m.Fixed[0] == '1', isY(m.Fixed[1])
	}
	return o, nil
}

// RenewAllResult is a 66 answer.
type RenewAllResult struct {
	OK                 bool
	Renewed, Unrenewed []string // BM, BN
	Screen, Print      []string
}

// DecodeRenewAll reads a 66 message.
func DecodeRenewAll(m Message) (RenewAllResult, error) {
	if m.Code != "66" || len(m.Fixed) != 27 {
		return RenewAllResult{}, fmt.Errorf("sip2: want 66, got %s", m.Code)
	}
	return RenewAllResult{OK: m.Fixed[0] == '1', Renewed: m.All("BM"), Unrenewed: m.All("BN"), Screen: m.All("AF"), Print: m.All("AG")}, nil
}
