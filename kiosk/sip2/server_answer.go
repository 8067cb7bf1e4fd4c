package sip2

import (
	"context"

	"github.com/anjungan/anjungan/kiosk"
)

// answer answers a request of a logged-in SC. The error is a fault of
// the library that leaves no truthful answer about a patron: the
// connection is closed, and the SC reports the library unavailable.
func (c *session) answer(ctx context.Context, req Message) (Message, error) {
	switch req.Code {
	case "23", "63", "01", "25":
		return c.patron(ctx, req)
	case "11":
		return c.checkout(ctx, req), nil
	case "09":
		return c.checkin(ctx, req), nil
	case "29":
		return c.renew(ctx, req), nil
	case "65":
		return c.renewAll(ctx, req), nil
	case "17":
		return c.item(ctx, req), nil
	case "35":
		return c.endSession(req), nil
	case "15", "19", "37":
		return c.notHere(req), nil
	}
	return Message{Code: "96"}, nil // answers (12, 24, …) sent to the server
}

// notHere refuses a hold (15), an item status update (19) or a fee
// payment (37) in its own answer: the kiosk's library takes none over
// SIP2 (BX says so).
func (c *session) notHere(req Message) Message {
	c.s.Logger.Info("SIP2 request not carried out here", "code", req.Code)
	now := c.s.date()
	var m Message
	switch req.Code {
	case "15":
		m = Message{Code: "16", Fixed: "0N" + now}
		m.Add("AO", c.s.Institution).Add("AA", req.Value("AA"))
		if b, ok := req.Get("AB"); ok {
			m.Add("AB", b)
		}
	case "19":
		m = Message{Code: "20", Fixed: "0" + now}
		m.Add("AB", req.Value("AB"))
	case "37":
		m = Message{Code: "38", Fixed: "N" + now}
		m.Add("AO", c.s.Institution).Add("AA", req.Value("AA"))
		if id, ok := req.Get("BK"); ok {
			m.Add("BK", id)
		}
	}
	m.Add("AF", c.s.render(c.lang, kiosk.Message{Key: keyNotHere}))
	return m
}
