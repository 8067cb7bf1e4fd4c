// Package sip2test is a fake library system (ACS) for tests: it speaks
// SIP2 byte for byte over real TCP on loopback — checksums, sequence
// numbers, resends — with scriptable patrons and items and switchable
// quirks of real servers and gateways.
package sip2test

import (
	"bytes"
	"cmp"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/anjungan/anjungan/kiosk/sip2"
)

// Patron is a library member the fake knows.
type Patron struct {
	Card, PIN, Name string
	Flags           sip2.PatronFlags
	Invalid         bool   // BL=N
	BirthDate       string // PB, YYYYMMDD
	FeeAmount       string
	Fines           []string // AV, free text
	Expires         string   // PA, YYYYMMDD: the card's expiry
}

// Item is a copy the fake knows.
type Item struct {
	Barcode, Title string
	Patron         string // borrower's card, "" when on the shelf
	Due            time.Time
	Holds          int  // others waiting: no renewal
	NoLoan         bool // reference: refused
	// Checkouts counts successful checkouts (a renewal by checkout too),
	// Checkins the returns that took it off loan.
	Checkouts, Checkins int
}

// Quirks are the ways real servers differ.
type Quirks struct {
	CRLF             bool          // Koha's default line end
	NoErrorDetection bool          // gateways: no AY/AZ
	Charset          sip2.Charset  // cp850, the spec's default, or ISO-8859-1
	RenumberResend   bool          // Evergreen: a resent answer gets a new sequence number
	GatewayDates     bool          // SLiMS/INLISLite gateways: due dates as YYYY-MM-DD
	CorruptAnswers   int           // damage the checksum of this many answers
	DisconnectAfter  int           // close mid-message on this answer (1-based); 0 never
	Delay            time.Duration // before every answer
	BLOnly           bool          // answer BL=Y without CQ
	Offline          bool          // 98 says the ACS is off-line
	NoSCOffline      bool          // 98 says the SC may not work off-line
	NoRenewals       bool          // 98 says the SC may not renew
	LowerCaseSum     bool
	TLS              bool // serve TLS with a certificate for 127.0.0.1 (RootCAs trusts it)
	// Supported is the 98's BX (16 Y/N, in the spec's order); "" is all
	// Y. A request it says N to is answered 96, as by a server that
	// cannot read it.
	Supported string
	// IdleTimeout closes a connection that has been quiet this long, as
	// real servers do (60 s is a common default).
	IdleTimeout time.Duration
	// RecallDenied sets "recall privileges denied" for every patron (a
	// default of several systems).
	RecallDenied bool
	// PadFines pads the fine list (AV) with blank fields up to the end
	// item the request asked for.
	PadFines bool
	// BareUnknownItem answers Item Information for an unknown barcode
	// with status 01, an empty AJ and no screen message.
	BareUnknownItem bool
	// Withhold applies a checkout, checkin or renewal, then waits this
	// long before answering: a hung library system that still did the
	// work.
	Withhold time.Duration
	// HangupOn is a message code: the next such request is applied, then
	// the connection is closed without an answer (once).
	HangupOn string
}

// Server is the fake ACS. Set Patrons, Items and Quirks before clients
// connect; Received records every request.
type Server struct {
	User, Password string
	Institution    string
	Quirks         Quirks
	Now            func() time.Time
	Location       *time.Location
	// RootCAs trusts the server's certificate, with Quirks.TLS; CertPEM
	// is that certificate.
	RootCAs *x509.CertPool
	CertPEM []byte

	mu       sync.Mutex
	patrons  map[string]*Patron
	items    map[string]*Item
	tls      *tls.Config // with Quirks.TLS, for Up
	received []sip2.Message
	answers  int
	idleEnds int // connections closed by IdleTimeout
	ln       net.Listener
	wg       sync.WaitGroup
	done     chan struct{}
	once     *sync.Once
}

// Start listens on a free loopback port; the server stops when the test
// ends.
func Start(t testing.TB, q Quirks) *Server {
	t.Helper()
	var ln net.Listener
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var pool *x509.CertPool
	var tc *tls.Config
	var certPEM []byte
	if q.TLS {
		cert, p, c, err := selfSigned()
		if err != nil {
			t.Fatal(err)
		}
		tc = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
		ln, pool, certPEM = tls.NewListener(ln, tc), p, c
	}
	s := &Server{RootCAs: pool, CertPEM: certPEM, tls: tc, User: "kiosk", Password: "sip-secret", Institution: "perpus", Quirks: q, Now: time.Now, Location: time.UTC,
		patrons: map[string]*Patron{}, items: map[string]*Item{}, ln: ln, done: make(chan struct{}), once: &sync.Once{}}
	s.wg.Add(1)
	go s.serve()
	t.Cleanup(s.Close)
	return s
}

// Addr is host:port.
func (s *Server) Addr() string { s.mu.Lock(); defer s.mu.Unlock(); return s.ln.Addr().String() }

// Close stops listening and ends every connection.
func (s *Server) Close() {
	s.mu.Lock()
	done, ln, once := s.done, s.ln, s.once
	s.mu.Unlock()
	once.Do(func() { close(done); ln.Close() })
	s.wg.Wait()
}

// Down closes the server like Close, keeping its patrons and items; Up
// serves them again on the same address: the library system going away
// and coming back.
func (s *Server) Down() { s.Close() }

// Up listens again on the same address.
func (s *Server) Up(t testing.TB) {
	t.Helper()
	addr := s.ln.Addr().String()
	var ln net.Listener
	var err error
	for range 50 { // the port may linger a moment
		if ln, err = net.Listen("tcp", addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	if s.tls != nil {
		ln = tls.NewListener(ln, s.tls)
	}
	s.mu.Lock()
	s.ln, s.done, s.once = ln, make(chan struct{}), &sync.Once{}
	s.mu.Unlock()
	s.wg.Add(1)
	go s.serve()
}

// AddPatron and AddItem script the library.
func (s *Server) AddPatron(p Patron) { s.mu.Lock(); s.patrons[p.Card] = &p; s.mu.Unlock() }
func (s *Server) AddItem(i Item)     { s.mu.Lock(); s.items[i.Barcode] = &i; s.mu.Unlock() }

// Item returns a copy of an item's state.
func (s *Server) Item(barcode string) (Item, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i, ok := s.items[barcode]
	if !ok {
		return Item{}, false
	}
	return *i, true
}

// IdleEnds counts the connections closed by Quirks.IdleTimeout.
func (s *Server) IdleEnds() int { s.mu.Lock(); defer s.mu.Unlock(); return s.idleEnds }

// Answers counts the answers sent so far (DisconnectAfter counts them).
func (s *Server) Answers() int { s.mu.Lock(); defer s.mu.Unlock(); return s.answers }

// SetQuirks changes the quirks for the next answers.
func (s *Server) SetQuirks(q Quirks) { s.mu.Lock(); s.Quirks = q; s.mu.Unlock() }

// Received returns the requests so far.
func (s *Server) Received() []sip2.Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]sip2.Message(nil), s.received...)
}

func (s *Server) serve() {
	defer s.wg.Done()
	s.mu.Lock()
	ln, done := s.ln, s.done
	s.mu.Unlock()
	var conns sync.WaitGroup
	defer conns.Wait()
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		conns.Add(1)
		go func() { defer conns.Done(); s.handle(c, done) }()
	}
}

func (s *Server) quirks() Quirks {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.Quirks
}

// handle serves one connection until it closes.
func (s *Server) handle(c net.Conn, done <-chan struct{}) {
	defer c.Close()
	stop := make(chan struct{})
	defer close(stop)
	go func() { // end the connection when the server closes
		select {
		case <-stop:
		case <-done:
			c.Close()
		}
	}()
	fr := sip2.NewFrameReader(c)
	var last sip2.Message // the last answer, for a 97
	for {
		if q := s.quirks(); q.IdleTimeout > 0 {
			c.SetReadDeadline(time.Now().Add(q.IdleTimeout))
		}
		frame, err := fr.Next()
		if err != nil {
			if ne, ok := err.(net.Error); ok && ne.Timeout() {
				s.mu.Lock()
				s.idleEnds++
				s.mu.Unlock()
			}
			return
		}
		q := s.quirks()
		req, err := sip2.ParseIn(frame, q.Charset)
		if err == sip2.ErrChecksum {
			s.send(c, sip2.Message{Code: "96", Seq: -1}, q)
			continue
		}
		if err != nil {
			continue // not an answerable message
		}
		s.mu.Lock()
		s.received = append(s.received, req)
		s.mu.Unlock()
		var ans sip2.Message
		if req.Code == "97" {
			ans = last
			if q.RenumberResend && ans.Seq >= 0 {
				ans.Seq = (ans.Seq + 5) % 10
			}
		} else {
			ans = s.answer(req, q)
			ans.Seq = req.Seq
			last = ans
		}
		if q.Delay > 0 {
			time.Sleep(q.Delay)
		}
		if q.HangupOn != "" && req.Code == q.HangupOn {
			s.mu.Lock()
			s.Quirks.HangupOn = ""
			s.mu.Unlock()
			return // applied, never answered
		}
		if q.Withhold > 0 && (req.Code == "11" || req.Code == "09" || req.Code == "29") {
			select { // applied; the answer comes late, or never
			case <-time.After(q.Withhold):
			case <-done:
				return
			}
		}
		if !s.send(c, ans, q) {
			return
		}
	}
}

// send writes an answer with the quirks; false when the connection is
// to end.
func (s *Server) send(c net.Conn, m sip2.Message, q Quirks) bool {
	s.mu.Lock()
	s.answers++
	n := s.answers
	corrupt := q.CorruptAnswers > 0
	if corrupt {
		s.Quirks.CorruptAnswers--
	}
	s.mu.Unlock()
	b, err := sip2.Encode(m, sip2.EncodeOptions{ErrorDetection: !q.NoErrorDetection, CRLF: q.CRLF, Charset: q.Charset})
	if err != nil {
		return false
	}
	if !q.NoErrorDetection {
		end := bytes.LastIndex(b, []byte("AZ")) + 2
		if corrupt { // one hex digit off: still hex, just wrong
			if b[end] == '0' {
				b[end] = '1'
			} else {
				b[end] = '0'
			}
		}
		if q.LowerCaseSum {
			copy(b[end:end+4], bytes.ToLower(b[end:end+4]))
		}
	}
	if q.DisconnectAfter > 0 && n == q.DisconnectAfter {
		c.Write(b[:len(b)/2])
		return false
	}
	_, err = c.Write(b)
	return err == nil
}

func (s *Server) date() string { return sip2.FormatDate(s.Now(), s.Location, false) }

func (s *Server) due(t time.Time, q Quirks) string {
	if q.GatewayDates {
		return t.In(s.Location).Format("2006-01-02")
	}
	return sip2.FormatDate(t, s.Location, false)
}

// answer builds the answer to a request from the scripted library.
func (s *Server) answer(req sip2.Message, q Quirks) sip2.Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.date()
	if q.Supported != "" && !(sip2.ACSStatus{Supported: q.Supported}).Supports(req.Code) {
		return sip2.Message{Code: "96"}
	}
	switch req.Code {
	case "93":
		ok := req.Value("CN") == s.User && req.Value("CO") == s.Password
		return sip2.Message{Code: "94", Fixed: map[bool]string{true: "1", false: "0"}[ok]}
	case "99":
		online := "Y"
		if q.Offline {
			online = "N"
		}
		renew, offline := "Y", "Y"
		if q.NoRenewals {
			renew = "N"
		}
		if q.NoSCOffline {
			offline = "N"
		}
		m := sip2.Message{Code: "98", Fixed: online + "YY" + renew + "N" + offline + "050" + "003" + now + "2.00"}
		m.Add("AO", s.Institution).Add("AM", "Perpustakaan Uji").Add("BX", cmp.Or(q.Supported, "YYYYYYYYYYYYYYYY"))
		return m
	case "23", "63":
		return s.patronAnswer(req, q, now)
	case "11":
		return s.checkout(req, q, now)
	case "09":
		return s.checkin(req, now)
	case "29":
		return s.renew(req, q, now)
	case "65":
		m := sip2.Message{Code: "66", Fixed: "1" + "0000" + "0000" + now}
		m.Add("AO", s.Institution)
		renewed, unrenewed := 0, 0
		for _, it := range s.items {
			if it.Patron != req.Value("AA") {
				continue
			}
			if it.Holds > 0 {
				m.Add("BN", it.Barcode)
				unrenewed++
				continue
			}
			it.Due = it.Due.AddDate(0, 0, 14)
			m.Add("BM", it.Barcode)
			renewed++
		}
		m.Fixed = fmt.Sprintf("1%04d%04d%s", renewed, unrenewed, now)
		return m
	case "17":
		it, ok := s.items[req.Value("AB")]
		m := sip2.Message{Code: "18", Fixed: "01" + "00" + "01" + now}
		m.Add("AB", req.Value("AB"))
		if !ok && q.BareUnknownItem {
			m.Add("AJ", "")
			return m
		}
		if !ok {
			m.Add("AJ", "").Add("AF", "Item not found")
			return m
		}
		status := "03"
		if it.Patron != "" {
			status = "04"
			m.Add("AH", s.due(it.Due, q))
		}
		m.Fixed = status + "00" + "01" + now
		m.Add("AJ", it.Title).Add("CF", strconv.Itoa(it.Holds))
		return m
	case "35":
		m := sip2.Message{Code: "36", Fixed: "Y" + now}
		m.Add("AO", s.Institution).Add("AA", req.Value("AA"))
		return m
	}
	return sip2.Message{Code: "96"}
}

func (s *Server) patronAnswer(req sip2.Message, q Quirks, now string) sip2.Message {
	card := req.Value("AA")
	p, ok := s.patrons[card]
	code, fixed := "24", ""
	var flags sip2.PatronFlags
	if ok {
		flags = p.Flags
	}
	if q.RecallDenied {
		flags[sip2.FlagRecallDenied] = true
	}
	if req.Code == "63" {
		var hold, over, charged int
		for _, it := range s.items {
			if ok && it.Patron == card {
				charged++
				if it.Due.Before(s.Now()) {
					over++
				}
			}
		}
		fines := 0
		if ok {
			fines = len(p.Fines)
		}
		code, fixed = "64", fmt.Sprintf("%s001%s%04d%04d%04d%04d%04d%04d", flags, now, hold, over, charged, fines, 0, 0)
	} else {
		fixed = flags.String() + "001" + now
	}
	m := sip2.Message{Code: code, Fixed: fixed}
	m.Add("AO", s.Institution).Add("AA", card)
	if !ok {
		m.Add("AE", "").Add("BL", "N")
		return m
	}
	m.Add("AE", p.Name).Add("BL", map[bool]string{true: "N", false: "Y"}[p.Invalid])
	if !q.BLOnly {
		m.Add("CQ", map[bool]string{true: "Y", false: "N"}[req.Value("AD") != "" && req.Value("AD") == p.PIN])
	}
	if p.FeeAmount != "" {
		m.Add("BH", "IDR").Add("BV", p.FeeAmount)
	}
	if p.BirthDate != "" {
		m.Add("PB", p.BirthDate)
	}
	if p.Expires != "" {
		m.Add("PA", p.Expires)
	}
	// The summary's Y says which one list is wanted.
	if req.Code == "63" && len(req.Fixed) >= 31 {
		switch strings.IndexAny(req.Fixed[21:], "Yy") {
		case sip2.SummaryCharged:
			for _, it := range s.items {
				if it.Patron == card {
					m.Add("AU", it.Barcode)
				}
			}
		case sip2.SummaryOverdue:
			for _, it := range s.items {
				if it.Patron == card && it.Due.Before(s.Now()) {
					m.Add("AT", it.Barcode)
				}
			}
		case sip2.SummaryFines:
			for _, f := range p.Fines {
				m.Add("AV", f)
			}
			if end, err := strconv.Atoi(req.Value("BQ")); q.PadFines && err == nil {
				for i := len(p.Fines); i < end; i++ {
					m.Add("AV", "") // padded to the end item asked for
				}
			}
		}
	}
	return m
}

func (s *Server) checkout(req sip2.Message, q Quirks, now string) sip2.Message {
	card, barcode := req.Value("AA"), req.Value("AB")
	m := sip2.Message{Code: "12", Fixed: "0NNN" + now}
	m.Add("AO", s.Institution).Add("AA", card).Add("AB", barcode)
	p, pok := s.patrons[card]
	it, iok := s.items[barcode]
	noBlock := len(req.Fixed) > 1 && req.Fixed[1] == 'Y'
	switch {
	case !pok || p.Invalid:
		m.Add("AJ", "").Add("AF", "Patron not found")
	case !noBlock && req.Value("AD") != p.PIN:
		m.Add("AJ", "").Add("AF", "Invalid PIN")
	case !noBlock && p.Flags[sip2.FlagChargeDenied]:
		m.Add("AJ", "").Add("AF", "Borrowing blocked")
	case !iok:
		m.Add("AJ", "").Add("AF", "Item not found")
	case it.NoLoan:
		m.Add("AJ", it.Title).Add("AF", "Reference only")
	case it.Patron != "" && it.Patron != card:
		m.Add("AJ", it.Title).Add("AF", "Item checked out to another patron")
	default:
		renewal := it.Patron == card
		it.Patron = card
		it.Checkouts++
		it.Due = s.Now().AddDate(0, 0, 14)
		if nb := req.Fixed[20:38]; noBlock && strings.TrimSpace(nb) != "" {
			if t, err := sip2.ParseDate(nb, s.Location); err == nil {
				it.Due = t
			}
		}
		m.Fixed = "1" + map[bool]string{true: "Y", false: "N"}[renewal] + "NY" + now
		m.Add("AJ", it.Title).Add("AH", s.due(it.Due, q)).Add("AF", "Selamat membaca").Add("AG", "Simpan struk ini")
	}
	return m
}

func (s *Server) checkin(req sip2.Message, now string) sip2.Message {
	barcode := req.Value("AB")
	m := sip2.Message{Code: "10", Fixed: "0YNN" + now}
	m.Add("AO", s.Institution).Add("AB", barcode)
	it, ok := s.items[barcode]
	switch {
	case !ok:
		m.Add("AQ", "").Add("AF", "Item not found")
	case it.Patron == "":
		m.Fixed = "1YNN" + now
		m.Add("AQ", "Lantai 1").Add("AJ", it.Title).Add("AF", "Item was not checked out")
	default:
		m.Fixed = "1YN" + map[bool]string{true: "Y", false: "N"}[it.Holds > 0] + now
		m.Add("AQ", "Lantai 1").Add("AJ", it.Title).Add("AA", it.Patron)
		it.Patron, it.Due = "", time.Time{}
		it.Checkins++
	}
	return m
}

func (s *Server) renew(req sip2.Message, q Quirks, now string) sip2.Message {
	card, barcode := req.Value("AA"), req.Value("AB")
	m := sip2.Message{Code: "30", Fixed: "0NUN" + now}
	m.Add("AO", s.Institution).Add("AA", card).Add("AB", barcode)
	it, ok := s.items[barcode]
	switch {
	case !ok || it.Patron != card:
		m.Add("AJ", "").Add("AF", "Item not checked out to you")
	case it.Holds > 0:
		m.Add("AJ", it.Title).Add("AF", "Item is on hold for another patron")
	default:
		it.Due = it.Due.AddDate(0, 0, 14)
		m.Fixed = "1YNN" + now
		m.Add("AJ", it.Title).Add("AH", s.due(it.Due, q))
	}
	return m
}
