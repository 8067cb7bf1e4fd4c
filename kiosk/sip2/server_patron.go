package sip2

import (
	"context"
	"fmt"
	"strconv"

	"github.com/anjungan/anjungan/kiosk"
)

// patronView is what an answer about a patron may tell: BL, CQ ("" when
// no PIN was given), and the standing (nil for an unknown card or a
// wrong PIN, which learn nothing more).
type patronView struct {
	valid  bool
	cq     string
	st     *kiosk.Standing
	screen []string
}

// patron answers 23 (24), 63 (64), 25 (26) and 01 (24) with the
// patron's standing. A right PIN, or none (the SC vouches for the
// patron), tells it all; a card that is expired or blocked is still
// valid with its PIN right, and says so in the flags and the screen
// message. The error is a fault of the library.
func (c *session) patron(ctx context.Context, req Message) (Message, error) {
	code := map[string]string{"23": "24", "63": "64", "25": "26", "01": "24"}[req.Code]
	asked := ""
	if req.Code == "23" || req.Code == "63" {
		asked = req.Fixed[:3]
		c.lang = c.s.language(asked)
	}
	v, err := c.view(ctx, req)
	if err != nil {
		return Message{}, err
	}
	if req.Code == "01" || req.Code == "25" {
		c.s.Logger.Warn("SIP2 request to block or enable a card: not carried out", "code", req.Code, "patron", kiosk.MaskCard(req.Value("AA")))
		v.screen = append(v.screen, c.s.render(c.lang, kiosk.Message{Key: keyNotHere}))
	}
	var flags PatronFlags
	var n [6]int
	if v.st != nil {
		flags, n = standingFlags(v.st), standingCounts(v.st)
	}
	fixed := flags.String() + languageCode(c.lang, asked) + c.s.date()
	if code == "64" {
		for _, x := range n {
			fixed += fmt.Sprintf("%04d", min(x, 9999))
		}
	}
	m := Message{Code: code, Fixed: fixed}
	m.Add("AO", c.s.Institution).Add("AA", req.Value("AA"))
	name := ""
	if v.st != nil {
		name = v.st.Patron.Name
	}
	m.Add("AE", name).Add("BL", yn(v.valid))
	if v.cq != "" {
		m.Add("CQ", v.cq)
	}
	if st := v.st; st != nil {
		m.Add("BH", c.s.Currency).Add("BV", strconv.FormatInt(st.FinesTotal, 10))
		if st.FineLimit > 0 {
			m.Add("CC", strconv.FormatInt(st.FineLimit, 10))
		}
		if code == "64" {
			c.lists(&m, req, st)
		}
		if !st.Patron.Expires.IsZero() {
			m.Add("PA", st.Patron.Expires.In(c.s.Loc).Format("20060102"))
		}
		if !st.Patron.BirthDate.IsZero() {
			m.Add("PB", st.Patron.BirthDate.Format("20060102"))
		}
		if st.BorrowBlock != nil {
			m.Add("AF", c.screen(st.BorrowBlock))
		}
	}
	for _, s := range v.screen {
		m.Add("AF", s)
	}
	return m, nil
}

// view checks the request's PIN and reads the standing it may see.
func (c *session) view(ctx context.Context, req Message) (patronView, error) {
	given, err := c.s.patronPIN(ctx, req)
	switch {
	case kiosk.ErrorKey(err) == kiosk.KeyPatronUnknown:
		return patronView{cq: "N", screen: []string{c.screen(err)}}, nil
	case kiosk.ErrorCode(err) == kiosk.EUNAUTH: // a wrong PIN, or none when one is needed
		return patronView{valid: true, cq: "N", screen: []string{c.screen(err)}}, nil
	case err != nil:
		return patronView{}, fmt.Errorf("check PIN: %w", err)
	}
	st, err := c.s.standing(ctx, req.Value("AA"))
	switch {
	case kiosk.ErrorKey(err) == kiosk.KeyPatronUnknown:
		return patronView{screen: []string{c.screen(err)}}, nil
	case err != nil:
		return patronView{}, fmt.Errorf("standing: %w", err)
	}
	v := patronView{valid: true, st: st}
	if given {
		v.cq = "Y"
	}
	return v, nil
}

// standing reads a patron's standing from the library, or, from one
// that cannot tell it, from the account.
func (s *Server) standing(ctx context.Context, card string) (*kiosk.Standing, error) {
	if ps, ok := s.Circ.(kiosk.PatronStanding); ok {
		return ps.Standing(ctx, card)
	}
	acc, err := s.Circ.Account(ctx, kiosk.Credentials{Card: card})
	if err != nil {
		return nil, err
	}
	now := s.Now()
	st := &kiosk.Standing{Patron: acc.Patron, Loans: acc.Loans, Fines: acc.Fines, FinesTotal: acc.FinesTotal, At: now,
		Expired: !acc.Patron.Expires.IsZero() && now.After(acc.Patron.Expires)}
	switch {
	case acc.Patron.Status == kiosk.PatronBlocked:
		st.BorrowBlock = kiosk.Errorf(kiosk.EFORBIDDEN, kiosk.KeyPatronBlocked)
	case st.Expired:
		st.BorrowBlock = kiosk.Errorf(kiosk.EFORBIDDEN, kiosk.KeyPatronExpired)
	}
	st.RenewBlock = st.BorrowBlock
	return st, nil
}

// standingFlags are the patron status flags of a standing.
func standingFlags(st *kiosk.Standing) PatronFlags {
	var f PatronFlags
	lost := st.Patron.Status == kiosk.PatronBlocked
	f[FlagCardLost] = lost
	f[FlagRecallDenied], f[FlagHoldDenied] = lost || st.Expired, lost || st.Expired
	f[FlagChargeDenied] = st.BorrowBlock != nil
	f[FlagRenewalDenied] = st.RenewBlock != nil
	f[FlagTooManyOverdue] = kiosk.ErrorKey(st.BorrowBlock) == kiosk.KeyPatronOverdue
	f[FlagExcessiveFines] = st.FineLimit > 0 && st.FinesTotal > st.FineLimit
	f[FlagTooManyCharged] = st.AtLimit
	return f
}

// standingCounts are the six counts of a 64: holds ready, overdue,
// charged, fines, recalls (none here), holds waiting.
func standingCounts(st *kiosk.Standing) [6]int {
	ready := 0
	for _, h := range st.Holds {
		if h.Ready {
			ready++
		}
	}
	return [6]int{ready, len(st.Overdue()), len(st.Loans), len(st.Fines), 0, len(st.Holds) - ready}
}

// maxList bounds one list in one answer; a SC pages with BP/BQ.
const maxList = 200

// lists adds each list the request's summary asks for (a Y at its
// position), items BP to BQ (1-based; all, up to maxList, without them).
func (c *session) lists(m *Message, req Message, st *kiosk.Standing) {
	summary := req.Fixed[21:31]
	start, end := 1, maxList
	if n, err := strconv.Atoi(req.Value("BP")); err == nil && n > 0 {
		start, end = n, n+maxList-1
	}
	if n, err := strconv.Atoi(req.Value("BQ")); err == nil && n >= start {
		end = min(n, start+maxList-1)
	}
	add := func(id string, values []string) {
		for i := start; i <= end && i <= len(values); i++ {
			m.Add(id, values[i-1])
		}
	}
	for pos := range summary {
		if summary[pos] != 'Y' && summary[pos] != 'y' {
			continue
		}
		var values []string
		switch pos {
		case 0: // hold items: the copies put aside
			for _, h := range st.Holds {
				if h.Ready {
					values = append(values, h.Item.Barcode)
				}
			}
			add("AS", values)
		case 1:
			for _, l := range st.Overdue() {
				values = append(values, l.Item.Barcode)
			}
			add("AT", values)
		case 2:
			for _, l := range st.Loans {
				values = append(values, l.Item.Barcode)
			}
			add("AU", values)
		case 3:
			for _, f := range st.Fines {
				values = append(values, fmt.Sprintf("%s %d %s", c.s.Currency, f.Amount, f.Description))
			}
			add("AV", values)
		case 4:
			add("BU", nil) // no recalls in this library
		case 5: // unavailable holds: the titles waited for
			for _, h := range st.Holds {
				if !h.Ready {
					values = append(values, h.Title)
				}
			}
			add("CD", values)
		}
	}
}

// endSession answers 35, forgetting the patron's verified PIN.
func (c *session) endSession(req Message) Message {
	if pin := req.Value("AD"); pin != "" {
		c.s.pins.forget(kiosk.Credentials{Card: req.Value("AA"), PIN: pin})
	}
	m := Message{Code: "36", Fixed: "Y" + c.s.date()}
	m.Add("AO", c.s.Institution).Add("AA", req.Value("AA"))
	return m
}
