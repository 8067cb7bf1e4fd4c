package sip2test

import (
	"cmp"
	"fmt"
	"strconv"
	"time"

	"github.com/anjungan/anjungan/kiosk/sip2"
)

// The fake's answers: a request's code picks its answer from the
// scripted library, bent by the quirks in force.

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
