package sip2

import (
	"context"
	"fmt"
	"strconv"

	"github.com/anjungan/anjungan/kiosk"
)

// refused logs a refusal that is a fault of the library (the SC gets the
// apology); a refusal by the rules is the library's answer.
func (c *session) refused(code string, err error) {
	if kiosk.ErrorCode(err) == kiosk.EINTERNAL {
		c.s.Logger.Error("SIP2 request failed in the library", "code", code, "err", err)
	}
}

// checkout answers 11. A wrong patron password refuses it; with the SC's
// renewal policy Y, an item already lent to the patron is renewed.
func (c *session) checkout(ctx context.Context, req Message) Message {
	cred := kiosk.Credentials{Card: req.Value("AA"), PIN: req.Value("AD")}
	barcode := req.Value("AB")
	var loan *kiosk.Loan
	renewal := false
	_, err := c.s.patronPIN(ctx, req)
	if err == nil {
		loan, err = c.s.Circ.Checkout(ctx, cred, barcode)
		if kiosk.ErrorKey(err) == kiosk.KeyItemAlreadyYours && len(req.Fixed) > 0 && isY(req.Fixed[0]) {
			loan, err = c.s.Circ.Renew(ctx, cred, barcode)
			renewal = true
		}
	}
	return c.loanAnswer("12", "1"+yn(renewal)+"NY", "0NNN", req, loan, err)
}

// renew answers 29.
func (c *session) renew(ctx context.Context, req Message) Message {
	var loan *kiosk.Loan
	_, err := c.s.patronPIN(ctx, req)
	if err == nil {
		loan, err = c.s.Circ.Renew(ctx, kiosk.Credentials{Card: req.Value("AA"), PIN: req.Value("AD")}, req.Value("AB"))
	}
	return c.loanAnswer("30", "1YNN", "0NUN", req, loan, err)
}

// loanAnswer is a 12 or 30: the loan with its title and due date, or
// the refusal in the library's words (with an empty AH: it is required).
func (c *session) loanAnswer(code, okFixed, refusedFixed string, req Message, loan *kiosk.Loan, err error) Message {
	now := c.s.date()
	m := Message{Code: code, Fixed: okFixed + now}
	m.Add("AO", c.s.Institution).Add("AA", req.Value("AA")).Add("AB", req.Value("AB"))
	if err != nil {
		c.refused(req.Code, err)
		m.Fixed = refusedFixed + now
		m.Add("AJ", "").Add("AH", "").Add("AF", c.screen(err))
		return m
	}
	m.Add("AJ", loan.Item.Title).Add("AH", FormatDate(loan.Due, c.s.Loc, false))
	if loan.Fine > 0 {
		m.Add("BH", c.s.Currency).Add("BV", strconv.FormatInt(loan.Fine, 10))
	}
	return m
}

// checkin answers 09: the title and where the copy goes; the alert is
// set when it is put aside for a hold.
func (c *session) checkin(ctx context.Context, req Message) Message {
	now := c.s.date()
	m := Message{Code: "10", Fixed: "0YNN" + now}
	m.Add("AO", c.s.Institution).Add("AB", req.Value("AB"))
	ret, err := c.s.Circ.Checkin(ctx, req.Value("AB"))
	if err != nil {
		c.refused(req.Code, err)
		m.Add("AQ", "").Add("AF", c.screen(err))
		return m
	}
	m.Fixed = "1YN" + yn(ret.Hold) + now
	m.Add("AQ", ret.Item.Location).Add("AJ", ret.Item.Title)
	if ret.Fine > 0 {
		m.Add("BH", c.s.Currency).Add("BV", strconv.FormatInt(ret.Fine, 10))
	}
	return m
}

// renewAll answers 65.
func (c *session) renewAll(ctx context.Context, req Message) Message {
	now := c.s.date()
	m := Message{Code: "66", Fixed: "0" + "0000" + "0000" + now}
	m.Add("AO", c.s.Institution)
	var results []kiosk.RenewResult
	_, err := c.s.patronPIN(ctx, req)
	if err == nil {
		results, err = c.s.Circ.RenewAll(ctx, kiosk.Credentials{Card: req.Value("AA"), PIN: req.Value("AD")})
	}
	if err != nil {
		c.refused(req.Code, err)
		m.Add("AF", c.screen(err))
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
	m.Fixed = fmt.Sprintf("1%04d%04d%s", min(ok, 9999), min(no, 9999), now)
	return m
}
