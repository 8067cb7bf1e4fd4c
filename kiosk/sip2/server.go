package sip2

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/anjungan/anjungan/kiosk"
)

// Server exposes a kiosk.Circulation (the embedded library) over SIP2, so
// that other self-check machines and kiosk software can use it, and two
// kiosks can share one embedded library (`kioskctl sip2 serve`).
type Server struct {
	Circ        kiosk.Circulation
	Institution string
	Library     string
	// Users are the SC logins (93); empty: no login needed.
	Users map[string]string
	// Options: error detection is answered as the client asks (an answer
	// has AY/AZ when its request had them); CRLF and Charset apply.
	Options Options
	// Text renders a refusal's key and arguments for the screen message
	// (AF); the key itself when nil.
	Text   func(kiosk.Message) string
	Loc    *time.Location
	Now    func() time.Time
	Logger *slog.Logger
}

// Serve answers connections on ln until ctx ends.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	if s.Loc == nil {
		s.Loc = time.Local
	}
	if s.Now == nil {
		s.Now = time.Now
	}
	if s.Logger == nil {
		s.Logger = slog.Default()
	}
	stop := context.AfterFunc(ctx, func() { ln.Close() })
	defer stop()
	var wg sync.WaitGroup
	defer wg.Wait()
	for {
		nc, err := ln.Accept()
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("sip2 server: %w", err)
		}
		wg.Add(1)
		go func() { defer wg.Done(); s.handle(ctx, nc) }()
	}
}

// handle serves one client, one request at a time.
func (s *Server) handle(ctx context.Context, nc net.Conn) {
	defer nc.Close()
	stop := context.AfterFunc(ctx, func() { nc.Close() })
	defer stop()
	fr := NewFrameReader(nc)
	loggedIn := len(s.Users) == 0
	var last []byte
	for {
		frame, err := fr.Next()
		if err != nil {
			return
		}
		req, err := ParseIn(frame, s.Options.Charset)
		ed := strings.Contains(string(frame), "AZ")
		opt := EncodeOptions{ErrorDetection: ed, CRLF: s.Options.CRLF, Charset: s.Options.Charset}
		var ans Message
		switch {
		case errors.Is(err, ErrChecksum):
			ans = Message{Code: "96", Seq: -1}
		case err != nil:
			s.Logger.Warn("SIP2 request refused", "err", err)
			continue
		case req.Code == "97":
			if last != nil {
				nc.Write(last)
			}
			continue
		case req.Code == "93":
			loggedIn = s.Users == nil || (s.Users[req.Value("CN")] != "" && s.Users[req.Value("CN")] == req.Value("CO"))
			ans = Message{Code: "94", Fixed: map[bool]string{true: "1", false: "0"}[loggedIn]}
		case !loggedIn:
			s.Logger.Warn("SIP2 request before login", "code", req.Code)
			return
		default:
			ans = s.answer(ctx, req)
		}
		ans.Seq = req.Seq
		b, err := Encode(ans, opt)
		if err != nil {
			s.Logger.Error("SIP2 answer not encoded", "code", ans.Code, "err", err)
			return
		}
		last = b
		if _, err := nc.Write(b); err != nil {
			return
		}
	}
}

func (s *Server) date() string { return FormatDate(s.Now(), s.Loc, false) }

// screen renders an error for AF.
func (s *Server) screen(err error) string {
	m := kiosk.ErrorMessage(err)
	text := m.Key
	if s.Text != nil {
		text = s.Text(m)
	}
	return strings.NewReplacer("|", "/", "\r", " ", "\n", " ").Replace(text)
}

// serverSupports is the BX this server sends: every message it answers
// (not Block Patron, Fee Paid, Item Status Update, Patron Enable or
// Hold, which the kiosk's library does not take over SIP2).
const serverSupports = "YYYNYYYYYNYNNNYY"

func (s *Server) answer(ctx context.Context, req Message) Message {
	now := s.date()
	cred := kiosk.Credentials{Card: req.Value("AA"), PIN: req.Value("AD")}
	switch req.Code {
	case "99":
		m := Message{Code: "98", Fixed: "YYYYNN" + "030" + "003" + now + "2.00"}
		m.Add("AO", s.Institution).Add("AM", s.Library).Add("BX", serverSupports)
		return m
	case "23", "63":
		return s.patron(ctx, req, cred, now)
	case "11":
		loan, err := s.Circ.Checkout(ctx, cred, req.Value("AB"))
		return s.loanAnswer("12", "0NNN", "1NNY", now, cred.Card, req.Value("AB"), loan, err)
	case "09":
		m := Message{Code: "10", Fixed: "0YNN" + now}
		m.Add("AO", s.Institution).Add("AB", req.Value("AB"))
		ret, err := s.Circ.Checkin(ctx, req.Value("AB"))
		if err != nil {
			m.Add("AQ", "").Add("AF", s.screen(err))
			return m
		}
		m.Fixed = "1YN" + yn(ret.Hold) + now
		m.Add("AQ", ret.Item.Location).Add("AJ", ret.Item.Title)
		if ret.Fine > 0 {
			m.Add("BV", fmt.Sprint(ret.Fine))
		}
		return m
	case "29":
		loan, err := s.Circ.Renew(ctx, cred, req.Value("AB"))
		return s.loanAnswer("30", "0NUN", "1YNN", now, cred.Card, req.Value("AB"), loan, err)
	case "65":
		results, err := s.Circ.RenewAll(ctx, cred)
		m := Message{Code: "66", Fixed: "0" + "0000" + "0000" + now}
		m.Add("AO", s.Institution)
		if err != nil {
			m.Add("AF", s.screen(err))
			return m
		}
		var ok, no int
		for _, r := range results {
			if r.Err == nil {
				m.Add("BM", r.Barcode)
				ok++
			} else {
				m.Add("BN", r.Barcode)
				no++
			}
		}
		m.Fixed = fmt.Sprintf("1%04d%04d%s", ok, no, now)
		return m
	case "17":
		m := Message{Code: "18", Fixed: "01" + "00" + "01" + now}
		m.Add("AB", req.Value("AB"))
		it, err := s.Circ.Item(ctx, req.Value("AB"))
		if err != nil {
			m.Add("AJ", "").Add("AF", s.screen(err))
			return m
		}
		m.Fixed = "03" + "00" + "01" + now
		m.Add("AJ", it.Title).Add("AQ", it.Location)
		return m
	case "35":
		m := Message{Code: "36", Fixed: "Y" + now}
		m.Add("AO", s.Institution).Add("AA", cred.Card)
		return m
	}
	return Message{Code: "96"}
}

// loanAnswer is a 12 or 30: the loan with its title and due date, or the
// refusal in the library's words; the flags after ok/not ok are code's.
func (s *Server) loanAnswer(code, refusedFixed, okFixed, now, card, item string, loan *kiosk.Loan, err error) Message {
	m := Message{Code: code, Fixed: refusedFixed + now}
	m.Add("AO", s.Institution).Add("AA", card).Add("AB", item)
	if err != nil {
		m.Add("AJ", "").Add("AF", s.screen(err))
		return m
	}
	m.Fixed = okFixed + now
	m.Add("AJ", loan.Item.Title).Add("AH", FormatDate(loan.Due, s.Loc, false))
	return m
}

// patron answers 23 and 64 from Authenticate, and for 63 the loans from
// Account.
func (s *Server) patron(ctx context.Context, req Message, cred kiosk.Credentials, now string) Message {
	var flags PatronFlags
	p, err := s.Circ.Authenticate(ctx, cred)
	valid, pinOK := err == nil, err == nil
	switch kiosk.ErrorKey(err) {
	case kiosk.KeyPINWrong, kiosk.KeyPINRequired:
		valid = true
	case kiosk.KeyPatronBlocked:
		valid, flags[FlagCardLost], flags[FlagChargeDenied] = true, true, true
	case kiosk.KeyPatronExpired:
		valid, flags[FlagChargeDenied] = true, true
	}
	var charged []string
	if req.Code == "63" && err == nil && len(req.Fixed) == 31 && req.Fixed[21+SummaryCharged] == 'Y' {
		if acc, aerr := s.Circ.Account(ctx, cred); aerr == nil {
			for _, l := range acc.Loans {
				charged = append(charged, l.Item.Barcode)
			}
		}
	}
	m := Message{Code: "24", Fixed: flags.String() + "001" + now}
	if req.Code == "63" {
		m = Message{Code: "64", Fixed: fmt.Sprintf("%s001%s%04d%04d%04d%04d%04d%04d", flags, now, 0, 0, len(charged), 0, 0, 0)}
	}
	m.Add("AO", s.Institution).Add("AA", cred.Card)
	name := ""
	if p != nil {
		name = p.Name
	}
	m.Add("AE", name).Add("BL", yn(valid)).Add("CQ", yn(pinOK))
	if p != nil && !p.BirthDate.IsZero() {
		m.Add("PB", p.BirthDate.Format("20060102"))
	}
	for _, b := range charged {
		m.Add("AU", b)
	}
	if err != nil && valid {
		m.Add("AF", s.screen(err))
	}
	return m
}
