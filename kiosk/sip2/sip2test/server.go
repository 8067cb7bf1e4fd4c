// Package sip2test is a fake library system (ACS) for tests: it speaks
// SIP2 byte for byte over real TCP on loopback — checksums, sequence
// numbers, resends — with scriptable patrons and items and switchable
// quirks of real servers and gateways.
package sip2test

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"net"
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
