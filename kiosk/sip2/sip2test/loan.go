package sip2test

import (
	"strings"
	"time"

	"github.com/anjungan/anjungan/kiosk/sip2"
)

// checkout, checkin and renew answer 11, 09 and 29 from the scripted
// items and patrons.
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
