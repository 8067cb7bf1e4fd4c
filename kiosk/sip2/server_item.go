package sip2

import (
	"context"
	"strconv"

	"github.com/anjungan/anjungan/kiosk"
)

// circStatus is each circulation status's code in an 18.
var circStatus = map[kiosk.CircStatus]string{
	kiosk.CircOther:           "01",
	kiosk.CircOnOrder:         "02",
	kiosk.CircAvailable:       "03",
	kiosk.CircOnLoan:          "04",
	kiosk.CircInProcess:       "06",
	kiosk.CircOnHoldShelf:     "08",
	kiosk.CircReshelving:      "09",
	kiosk.CircInTransit:       "10",
	kiosk.CircClaimedReturned: "11",
	kiosk.CircLost:            "12",
	kiosk.CircMissing:         "13",
}

// item answers 17 with the copy's circulation state, its due date when
// on loan, the hold queue and its location. A library that cannot tell
// the state gets 01 (other), never "available" on trust.
func (c *session) item(ctx context.Context, req Message) Message {
	barcode := req.Value("AB")
	st, err := c.s.itemState(ctx, barcode)
	m := Message{Code: "18", Fixed: "01" + "00" + "01" + c.s.date()}
	m.Add("AB", barcode)
	if err != nil {
		c.refused(req.Code, err)
		m.Add("AJ", "").Add("AF", c.screen(err))
		return m
	}
	code, ok := circStatus[st.Status]
	if !ok {
		code = "01"
	}
	m.Fixed = code + m.Fixed[2:]
	m.Add("AJ", st.Item.Title).Add("CF", strconv.Itoa(st.Holds))
	if st.Status == kiosk.CircOnLoan && !st.Due.IsZero() {
		m.Add("AH", FormatDate(st.Due, c.s.Loc, false))
	}
	m.Add("AQ", st.Item.Location).Add("AP", st.Item.Location)
	return m
}

// itemState reads the state from the library, or from one that cannot
// tell it, the item alone with the state "other".
func (s *Server) itemState(ctx context.Context, barcode string) (*kiosk.ItemState, error) {
	if is, ok := s.Circ.(kiosk.ItemStatuser); ok {
		return is.ItemStatus(ctx, barcode)
	}
	it, err := s.Circ.Item(ctx, barcode)
	if err != nil {
		return nil, err
	}
	return &kiosk.ItemState{Item: *it, Status: kiosk.CircOther}, nil
}
