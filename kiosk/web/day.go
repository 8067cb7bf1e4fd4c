package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/anjungan/anjungan/booking"
	"github.com/anjungan/anjungan/kiosk"
)

// dayPage is a resource's day: the days of the window, the times of the
// chosen day and, once a free time is chosen, the lengths.
type dayPage struct {
	Rules        string
	Days         []link
	TimesHeading string
	Closed       string
	Slots        []link
	Chosen       *chosenTime
}

type link struct {
	Href, Label string
	Current     bool
}

// chosenTime is the lengths form of a chosen free time.
type chosenTime struct {
	Resource, Day, Time string
	Durations           []lengthChoice
}

type lengthChoice struct {
	Minutes int
	Label   string
	Checked bool
}

// day shows a resource's day; ?day= picks the day and &time= a free
// start.
func (s *Server) day(w http.ResponseWriter, r *http.Request, rq *request) {
	ctx, cancel := s.call(r.Context())
	defer cancel()
	c, err := s.loadChoice(ctx, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, rq, "day", err)
		return
	}
	q := r.URL.Query()
	status, msg := http.StatusOK, kiosk.Message{}
	if pr := s.pick(&c, q, false); pr != nil {
		status, msg = statusOf(pr.err), kiosk.ErrorMessage(pr.err)
	}
	s.showDay(w, r, rq, status, c, msg, nil)
}

// showDay renders c's day page with a message for the page and a
// problem with the chosen length.
func (s *Server) showDay(w http.ResponseWriter, r *http.Request, rq *request, status int, c choice, msg kiosk.Message, durErr error) {
	p := s.newPage(r, rq, "web.day.title", "resource", c.res.Name)
	p.Nav = "equipment"
	if c.res.OutOfService && msg.IsZero() {
		msg = kiosk.Msg(kiosk.LevelWarning, booking.KeyOutOfService, "resource", c.res.Name, "note", c.res.Note)
	}
	p.Message = msg
	base := "/equipment/" + url.PathEscape(c.res.ID) + "?day="
	today := c.days[0].Date
	v := dayPage{Rules: s.rulesText(p, c.res.Rules)}
	for i, d := range c.days {
		v.Days = append(v.Days, link{Href: base + string(d.Date), Label: p.dayLabel(d.Date, today), Current: i == c.day})
	}
	d := c.days[c.day]
	v.TimesHeading = p.T("web.day.times", "date", p.dayLabel(d.Date, today))
	if d.Closed {
		v.Closed = p.T("slots.closed", "reason", d.Reason)
	}
	for i, sl := range d.Slots {
		t := s.clock(sl.Start)
		l := link{Label: p.T("web.day.other_state", "time", t, "state", s.slotState(p, sl.State))}
		if sl.State == booking.SlotFree {
			l = link{Href: base + string(d.Date) + "&time=" + t + "#durations", Label: p.T("web.day.free_at", "time", t), Current: i == c.slot}
		}
		v.Slots = append(v.Slots, l)
	}
	if c.slot >= 0 {
		ch := &chosenTime{Resource: c.res.ID, Day: string(d.Date), Time: s.clock(c.start())}
		for _, o := range d.Slots[c.slot].Durations(c.res.Rules) {
			ch.Durations = append(ch.Durations, lengthChoice{Minutes: int(o / time.Minute), Label: p.duration(o), Checked: o == c.dur})
		}
		v.Chosen = ch
	}
	if durErr != nil {
		p.addError("duration", durErr)
	}
	p.Data = v
	s.render(w, status, "day", p)
}

func (s *Server) slotState(p *page, st booking.SlotState) string {
	switch st {
	case booking.SlotTaken:
		return p.T("slots.taken")
	case booking.SlotNoRoom:
		return p.T("slots.no_room")
	}
	return p.T("web.slot.too_soon")
}

// rulesText says who may book, when a certificate or an age is needed.
func (s *Server) rulesText(p *page, r booking.Rules) string {
	var who []string
	if r.MinAge > 0 {
		who = append(who, p.T("rules.age", "age", itoa(r.MinAge)))
	}
	if r.Certification != "" {
		who = append(who, p.T("rules.cert", "cert", r.Certification))
	}
	if len(who) == 0 {
		return ""
	}
	return p.T("web.rules", "rules", strings.Join(who, ", "))
}
