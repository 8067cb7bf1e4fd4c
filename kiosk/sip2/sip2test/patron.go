package sip2test

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/anjungan/anjungan/kiosk/sip2"
)

// patronAnswer answers a patron status or information request (23, 63)
// from the scripted patrons.
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
