package web

import (
	"net/http"
	"strconv"

	"github.com/anjungan/anjungan/booking"
	"github.com/anjungan/anjungan/kiosk"
)

// summary is a booking, chosen or made, as the summary shows it.
type summary struct {
	Name, Location, When, Length string
}

// confirmPage is the chosen booking with the form that makes it.
type confirmPage struct {
	summary
	Resource, Day, Time string
	Minutes             int
	Change              string // back to the day with the time chosen
}

// picked reads and checks a complete choice from a form; on a problem it
// has shown the day page (or an error page) and returns false.
func (s *Server) picked(w http.ResponseWriter, r *http.Request, rq *request) (choice, bool) {
	ctx, cancel := s.call(r.Context())
	defer cancel()
	c, err := s.loadChoice(ctx, r.PostForm.Get("resource"))
	if err != nil {
		s.fail(w, r, rq, "choice", err)
		return c, false
	}
	if pr := s.pick(&c, r.PostForm, true); pr != nil {
		if pr.field == "duration" {
			s.showDay(w, r, rq, statusOf(pr.err), c, kiosk.Message{}, pr.err)
		} else {
			c.slot = -1
			s.showDay(w, r, rq, statusOf(pr.err), c, kiosk.ErrorMessage(pr.err), nil)
		}
		return c, false
	}
	return c, true
}

// confirm shows the chosen booking to confirm.
func (s *Server) confirm(w http.ResponseWriter, r *http.Request, rq *request) {
	c, ok := s.picked(w, r, rq)
	if !ok {
		return
	}
	s.showConfirm(w, r, rq, http.StatusOK, c, kiosk.Message{})
}

func (s *Server) showConfirm(w http.ResponseWriter, r *http.Request, rq *request, status int, c choice, msg kiosk.Message) {
	p := s.newPage(r, rq, "confirm.title")
	p.Nav, p.Message = "equipment", msg
	day, clock, minutes := c.form(s)
	p.Data = confirmPage{
		summary:  summary{Name: c.res.Name, Location: c.res.Location, When: p.when(c.start(), c.start().Add(c.dur)), Length: p.duration(c.dur)},
		Resource: c.res.ID, Day: day, Time: clock, Minutes: minutes,
		Change: "/equipment/" + c.res.ID + "?day=" + day + "&time=" + clock + "#durations",
	}
	s.render(w, status, "confirm", p)
}

// book makes the booking under every rule of the service and shows it;
// a refusal says its rule on the confirmation, a time taken meanwhile
// goes back to the day.
func (s *Server) book(w http.ResponseWriter, r *http.Request, rq *request) {
	c, ok := s.picked(w, r, rq)
	if !ok {
		return
	}
	ctx, cancel := s.call(r.Context())
	defer cancel()
	req := booking.Request{Resource: c.res.ID, Patron: rq.sess.patron, Start: c.start(), Duration: c.dur, Kiosk: s.Config.Kiosk}
	b, err := s.Booking.Book(ctx, req)
	switch code := kiosk.ErrorCode(err); {
	case err == nil:
	case kiosk.ErrorKey(err) == booking.KeySlotTaken:
		fresh, lerr := s.loadChoice(ctx, c.res.ID)
		if lerr != nil {
			s.fail(w, r, rq, "day", lerr)
			return
		}
		fresh.day = c.day
		s.showDay(w, r, rq, http.StatusConflict, fresh, kiosk.ErrorMessage(err), nil)
		return
	case code == kiosk.EINTERNAL || code == kiosk.EUNAVAILABLE:
		s.fail(w, r, rq, "book", err)
		return
	default:
		s.Logger.Info("web: booking refused", "reason", kiosk.ErrorKey(err), "resource", c.res.ID, "patron", kiosk.MaskCard(rq.sess.patron.Card))
		s.showConfirm(w, r, rq, statusOf(err), c, kiosk.ErrorMessage(err))
		return
	}
	s.Logger.Info("web: booked", "booking", b)
	s.flash(rq, kiosk.Msg(kiosk.LevelSuccess, booking.KeyBooked))
	s.redirect(w, r, "/bookings/"+strconv.FormatInt(b.ID, 10))
}

func itoa(n int) string { return strconv.Itoa(n) }
