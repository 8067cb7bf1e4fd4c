package web

import (
	"bytes"
	"context"
	"image/png"
	"net/http"
	"strconv"

	"github.com/anjungan/anjungan/booking"
	"github.com/anjungan/anjungan/devices/vision"
	"github.com/anjungan/anjungan/kiosk"
)

// qrSize is the QR image's size in pixels: large enough for a kiosk's
// camera to read off a phone held at arm's length.
const qrSize = 288

// bookedPage is a booking with its QR code, code and calendar file.
type bookedPage struct {
	summary
	Code, QR, ICS, Hint string
}

// ownBooking loads the booking named in the path, only the patron's own:
// anyone else's is "not found", as one that does not exist.
func (s *Server) ownBooking(ctx context.Context, r *http.Request, rq *request) (booking.Booking, booking.Resource, error) {
	id, err := parseBookingID(r.PathValue("id"))
	if err != nil {
		return booking.Booking{}, booking.Resource{}, err
	}
	b, err := s.Booking.Booking(ctx, id)
	if kiosk.ErrorCode(err) == kiosk.ENOTFOUND || (err == nil && b.Patron != rq.sess.patron.Card) {
		return booking.Booking{}, booking.Resource{}, kiosk.Errorf(kiosk.ENOTFOUND, booking.KeyNotFound)
	}
	if err != nil {
		return b, booking.Resource{}, err
	}
	res, err := s.Booking.Resource(ctx, b.Resource)
	if err != nil {
		if kiosk.ErrorCode(err) != kiosk.ENOTFOUND {
			return b, res, err
		}
		res = booking.Resource{ID: b.Resource, Name: b.Resource} // removed since
	}
	return b, res, nil
}

// token is the booking's signed check-in token, as the kiosk prints it,
// or "" when it can no longer check in.
func (s *Server) token(b booking.Booking, res booking.Resource) string {
	end := booking.CheckinWindow(b, res.Rules).End
	if b.State != booking.Confirmed || !s.Now().Before(end) {
		return ""
	}
	payload, err := s.Signer.Sign(booking.Token{Site: s.Signer.Site, Booking: b.ID, Expires: end})
	if err != nil {
		s.Logger.Error("web: booking token", "err", err)
		return ""
	}
	return payload
}

// booked shows one of the patron's bookings.
func (s *Server) booked(w http.ResponseWriter, r *http.Request, rq *request) {
	ctx, cancel := s.call(r.Context())
	defer cancel()
	b, res, err := s.ownBooking(ctx, r, rq)
	if err != nil {
		s.fail(w, r, rq, "booking", err)
		return
	}
	p := s.newPage(r, rq, "booked.title")
	p.Nav = "bookings"
	base := "/bookings/" + strconv.FormatInt(b.ID, 10)
	v := bookedPage{
		summary: summary{Name: res.Name, Location: res.Location, When: p.when(b.Start, b.End), Length: p.duration(b.Duration())},
		Code:    b.Code, ICS: base + "/calendar.ics",
		Hint: p.T("web.booked.hint", "before", itoa(int(res.Rules.CheckinBefore.Minutes())), "after", itoa(int(res.Rules.CheckinAfter.Minutes()))),
	}
	if s.token(b, res) != "" {
		v.QR = base + "/qr.png"
	}
	p.Data = v
	s.render(w, http.StatusOK, "booked", p)
}

// qr is the booking's QR code: the signed token the kiosk checks in.
func (s *Server) qr(w http.ResponseWriter, r *http.Request, rq *request) {
	ctx, cancel := s.call(r.Context())
	defer cancel()
	b, res, err := s.ownBooking(ctx, r, rq)
	if err != nil {
		s.fail(w, r, rq, "booking", err)
		return
	}
	payload := s.token(b, res)
	if payload == "" {
		s.fail(w, r, rq, "qr", kiosk.Errorf(kiosk.ENOTFOUND, "web.booked.no_qr"))
		return
	}
	img, err := vision.QR(payload, qrSize)
	var buf bytes.Buffer
	if err == nil {
		err = png.Encode(&buf, img)
	}
	if err != nil {
		s.fail(w, r, rq, "qr", err)
		return
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "no-store") // it lets its bearer check in
	w.Write(buf.Bytes())
}

// ics is the booking as an iCalendar file for the patron's calendar.
func (s *Server) ics(w http.ResponseWriter, r *http.Request, rq *request) {
	ctx, cancel := s.call(r.Context())
	defer cancel()
	b, res, err := s.ownBooking(ctx, r, rq)
	if err != nil {
		s.fail(w, r, rq, "booking", err)
		return
	}
	cal := booking.Calendar{Name: s.Config.Library, Site: s.Signer.Site,
		Resources: map[string]booking.Resource{res.ID: res}, Stamp: s.Now()}
	var buf bytes.Buffer
	if err := cal.Write(&buf, []booking.Booking{b}); err != nil {
		s.fail(w, r, rq, "ics", err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/calendar; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="booking-`+b.Code+`.ics"`)
	h.Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}
