package web

import (
	"net/http"

	"github.com/anjungan/anjungan/booking"
)

// resourceRow is one piece of equipment in the list.
type resourceRow struct {
	ID, Name, Kind, Location string
	Live, LiveClass, Note    string
}

// equipment lists the resources with their state now.
func (s *Server) equipment(w http.ResponseWriter, r *http.Request, rq *request) {
	ctx, cancel := s.call(r.Context())
	defer cancel()
	av, err := s.Booking.Availability(ctx, s.today(), 1)
	if err != nil {
		s.fail(w, r, rq, "equipment", err)
		return
	}
	p := s.newPage(r, rq, "web.equipment.title")
	p.Nav = "equipment"
	rows := make([]resourceRow, 0, len(av))
	for _, a := range av {
		res := a.Resource
		row := resourceRow{ID: res.ID, Name: res.Name, Kind: p.kind(res.Kind), Location: res.Location,
			Live: p.T("live." + a.Live.String()), LiveClass: a.Live.String()}
		if a.Live == booking.LiveOutOfService {
			row.Note = res.Note
		}
		rows = append(rows, row)
	}
	p.Data = rows
	s.render(w, http.StatusOK, "equipment", p)
}
