package web

import (
	"net/http"
	"strconv"

	"github.com/anjungan/anjungan/booking"
	"github.com/anjungan/anjungan/kiosk"
)

// bookingRow is one upcoming booking in My bookings.
type bookingRow struct {
	ID                     int64
	Name, When, Code       string
	CancelBy               string
	Cancellable, CheckedIn bool
}

// cancelPage is the question before a cancellation.
type cancelPage struct {
	ID   int64
	What string
}

// bookings lists the patron's upcoming bookings.
func (s *Server) bookings(w http.ResponseWriter, r *http.Request, rq *request) {
	ctx, cancel := s.call(r.Context())
	defer cancel()
	card := rq.sess.patron.Card
	bs, err := s.Booking.Upcoming(ctx, card)
	if err != nil {
		s.fail(w, r, rq, "upcoming bookings", err)
		return
	}
	p := s.newPage(r, rq, "account.bookings")
	p.Nav = "bookings"
	names := map[string]booking.Resource{}
	now := s.Now()
	rows := make([]bookingRow, 0, len(bs))
	for _, b := range bs {
		res, ok := names[b.Resource]
		if !ok {
			res, err = s.Booking.Resource(ctx, b.Resource)
			if err != nil {
				res = booking.Resource{ID: b.Resource, Name: b.Resource}
			}
			names[b.Resource] = res
		}
		by := booking.CancelDeadline(b, res.Rules)
		rows = append(rows, bookingRow{ID: b.ID, Name: res.Name, When: p.when(b.Start, b.End), Code: b.Code,
			CancelBy:    p.T("web.bookings.cancel_by", "time", p.s.catalog.Date(p.Lang, by.In(s.Location))+" "+s.clock(by)),
			Cancellable: b.State == booking.Confirmed && !now.After(by), CheckedIn: b.State == booking.CheckedIn})
	}
	p.Data = rows
	s.render(w, http.StatusOK, "bookings", p)
}

// cancelPage asks before cancelling: a POST, from this page, cancels.
func (s *Server) cancelPage(w http.ResponseWriter, r *http.Request, rq *request) {
	ctx, cancel := s.call(r.Context())
	defer cancel()
	b, res, err := s.ownBooking(ctx, r, rq)
	if err != nil {
		s.fail(w, r, rq, "booking", err)
		return
	}
	if b.State != booking.Confirmed {
		s.flash(rq, kiosk.Msg(kiosk.LevelWarning, booking.KeyNotCancellable))
		s.redirect(w, r, "/bookings")
		return
	}
	p := s.newPage(r, rq, "account.cancel_booking")
	p.Nav = "bookings"
	p.Data = cancelPage{ID: b.ID, What: res.Name + ", " + p.when(b.Start, b.End) + " (" + b.Code + ")"}
	s.render(w, http.StatusOK, "cancel", p)
}

// cancel cancels one of the patron's bookings under the service's rules
// (the deadline) and goes back to the list, saying how it went.
func (s *Server) cancel(w http.ResponseWriter, r *http.Request, rq *request) {
	ctx, stop := s.call(r.Context())
	defer stop()
	b, _, err := s.ownBooking(ctx, r, rq)
	if err == nil {
		b, err = s.Booking.Cancel(ctx, b.ID, booking.Actor{Patron: rq.sess.patron.Card})
	}
	switch code := kiosk.ErrorCode(err); {
	case err == nil:
		s.Logger.Info("web: booking cancelled", "booking", b)
		s.flash(rq, kiosk.Msg(kiosk.LevelSuccess, booking.KeyCancelledOK))
	case code == kiosk.EINTERNAL || code == kiosk.EUNAVAILABLE || code == kiosk.ENOTFOUND:
		s.fail(w, r, rq, "cancel booking", err)
		return
	default:
		s.Logger.Info("web: cancel refused", "reason", kiosk.ErrorKey(err), "id", strconv.FormatInt(b.ID, 10))
		s.flash(rq, kiosk.ErrorMessage(err))
	}
	s.redirect(w, r, "/bookings")
}
