package main

import (
	"context"
	"fmt"
	"io"
	"strconv"

	"github.com/anjungan/anjungan/kiosk/csvout"
	"github.com/anjungan/anjungan/kiosk/guestbook"
	"github.com/anjungan/anjungan/kiosk/report"
	"github.com/anjungan/anjungan/kiosk/survey"
)

// guestBookReport writes one of the guest book's reports.
func (r *reportRun) guestBookReport(ctx context.Context, out io.Writer) error {
	w := csvout.NewWriter(out)
	var err error
	switch r.what {
	case "visits":
		err = r.visits(ctx, w)
	case "loans", "returns":
		err = r.circulation(ctx, w)
	case "satisfaction":
		err = r.satisfaction(ctx, w)
	case "comments":
		err = r.comments(ctx, w)
	case "skm":
		err = r.skm(ctx, w)
	case "purposes", "demographics":
		err = r.visitors(ctx, w)
	}
	if err != nil {
		return err
	}
	if r.chart != "" {
		return written(out, r.chart)
	}
	if r.pdf != "" {
		return written(out, r.pdf)
	}
	w.Flush()
	return w.Error()
}

// fill gives every group of the period its row, a row of zeros where
// there was nothing (rows are in the groups' order).
func fill[T any](groups []string, rows []T, key func(T) string, zero func(string) T) []T {
	out := make([]T, 0, len(groups))
	i := 0
	for _, g := range groups {
		if i < len(rows) && key(rows[i]) == g {
			out = append(out, rows[i])
			i++
			continue
		}
		out = append(out, zero(g))
	}
	return out
}

func (r *reportRun) visits(ctx context.Context, w *csvout.Writer) error {
	rows, err := r.books.VisitCounts(ctx, r.start, r.end, r.by)
	if err != nil {
		return err
	}
	if len(rows) == 0 {
		return r.empty("visits")
	}
	rows = fill(guestbook.Groups(r.start, r.end, r.by), rows, func(v guestbook.VisitRow) string { return v.Group },
		func(g string) guestbook.VisitRow { return guestbook.VisitRow{Group: g} })
	if r.chart != "" {
		return r.visitsChart(ctx)
	}
	w.Write([]string{string(r.by), "members", "guests", "total"})
	for _, v := range rows {
		w.Write([]string{v.Group, strconv.Itoa(v.Members), strconv.Itoa(v.Guests), strconv.Itoa(v.Total())})
	}
	return nil
}

// visitsChart draws visits as -by says: per day, week or month over
// the period, or by hour of the day or day of the week; without -by,
// both of those.
func (r *reportRun) visitsChart(ctx context.Context) error {
	if r.byGiven && r.by != guestbook.ByHour && r.by != guestbook.ByWeekday {
		by := r.chartBy()
		rows, err := r.books.VisitCounts(ctx, r.start, r.end, by)
		if err != nil {
			return err
		}
		var groups []string
		var members, guests []int
		rows = fill(guestbook.Groups(r.start, r.end, by), rows, func(v guestbook.VisitRow) string { return v.Group },
			func(g string) guestbook.VisitRow { return guestbook.VisitRow{Group: g} })
		for _, v := range rows {
			groups, members, guests = append(groups, v.Group), append(members, v.Members), append(guests, v.Guests)
		}
		return report.VisitsTimeChart(r.lang, r.subtitle(), string(by), groups, members, guests).Save(r.chart)
	}
	var hours [24][2]int
	var days [7][2]int
	hs, err := r.books.VisitCounts(ctx, r.start, r.end, guestbook.ByHour)
	if err != nil {
		return err
	}
	for _, h := range hs {
		i, _ := strconv.Atoi(h.Group)
		hours[i] = [2]int{h.Members, h.Guests}
	}
	ds, err := r.books.VisitCounts(ctx, r.start, r.end, guestbook.ByWeekday)
	if err != nil {
		return err
	}
	for _, d := range ds {
		i, _ := strconv.Atoi(d.Group)
		days[i-1] = [2]int{d.Members, d.Guests}
	}
	c := report.VisitsChart(r.lang, r.subtitle(), hours, days)
	switch {
	case r.byGiven && r.by == guestbook.ByHour:
		c.Panels = c.Panels[:1]
	case r.byGiven && r.by == guestbook.ByWeekday:
		c.Panels = c.Panels[1:]
	}
	return c.Save(r.chart)
}

// circulation is `report loans` (loans and renewals) and `report
// returns`; the loans' chart shows loans and renewals, the returns'
// chart returns.
func (r *reportRun) circulation(ctx context.Context, w *csvout.Writer) error {
	rows, err := r.books.CirculationCounts(ctx, r.start, r.end, r.by)
	if err != nil {
		return err
	}
	total := 0
	for _, c := range rows {
		if r.what == "loans" {
			total += c.Loans + c.Renewals
		} else {
			total += c.Returns
		}
	}
	if total == 0 && (r.chart == "" || len(rows) == 0) {
		return r.empty(r.what)
	}
	zero := func(g string) guestbook.CirculationRow { return guestbook.CirculationRow{Group: g} }
	key := func(c guestbook.CirculationRow) string { return c.Group }
	if r.chart != "" {
		by := r.chartBy()
		if by != r.by {
			if rows, err = r.books.CirculationCounts(ctx, r.start, r.end, by); err != nil {
				return err
			}
		}
		rows = fill(guestbook.Groups(r.start, r.end, by), rows, key, zero)
		var groups []string
		var loans, returns, renewals []int
		for _, c := range rows {
			groups = append(groups, c.Group)
			if r.what == "loans" {
				loans, renewals = append(loans, c.Loans), append(renewals, c.Renewals)
			} else {
				returns = append(returns, c.Returns)
			}
		}
		return report.CirculationChart(r.lang, r.subtitle(), string(r.chartBy()), groups, loans, returns, renewals).Save(r.chart)
	}
	if r.what == "loans" {
		w.Write([]string{string(r.by), "loans", "renewals"})
	} else {
		w.Write([]string{string(r.by), "returns"})
	}
	for _, c := range fill(guestbook.Groups(r.start, r.end, r.by), rows, key, zero) {
		if r.what == "returns" {
			w.Write([]string{c.Group, strconv.Itoa(c.Returns)})
		} else {
			w.Write([]string{c.Group, strconv.Itoa(c.Loans), strconv.Itoa(c.Renewals)})
		}
	}
	return nil
}

func (r *reportRun) satisfaction(ctx context.Context, w *csvout.Writer) error {
	rows, err := r.books.RatingCounts(ctx, r.start, r.end, r.by)
	if err != nil {
		return err
	}
	if len(rows) == 0 {
		return r.empty("ratings")
	}
	if r.chart != "" {
		if by := r.chartBy(); by != r.by {
			if rows, err = r.books.RatingCounts(ctx, r.start, r.end, by); err != nil {
				return err
			}
		}
		var groups []string
		var scores [][5]int
		for _, g := range rows {
			groups, scores = append(groups, g.Group), append(scores, g.Scores)
		}
		return report.SatisfactionChart(r.lang, r.subtitle(), string(r.chartBy()), groups, scores).Save(r.chart)
	}
	w.Write([]string{string(r.by), "ratings", "mean", "score_1", "score_2", "score_3", "score_4", "score_5"})
	rows = fill(guestbook.Groups(r.start, r.end, r.by), rows, func(g guestbook.RatingRow) string { return g.Group },
		func(g string) guestbook.RatingRow { return guestbook.RatingRow{Group: g} })
	for _, g := range rows {
		mean := "" // no ratings, no mean
		if g.Count() > 0 {
			mean = strconv.FormatFloat(g.Mean(), 'f', 2, 64)
		}
		rec := []string{g.Group, strconv.Itoa(g.Count()), mean}
		for _, n := range g.Scores {
			rec = append(rec, strconv.Itoa(n))
		}
		w.Write(rec)
	}
	return nil
}

// comments lists visitors' comments, ratings' and the SKM's, newest
// first; a comment is the visitor's text, escaped against formulas. The
// two scales have a column each, the other left empty: a rating's face
// (rating_1_5, 1–5) or an SKM respondent's mean over the elements
// answered (skm_mean_1_4, 1–4).
func (r *reportRun) comments(ctx context.Context, w *csvout.Writer) error {
	cs, err := r.books.Comments(ctx, r.start, r.end)
	if err != nil {
		return err
	}
	if len(cs) == 0 {
		return r.empty("comments")
	}
	w.Write([]string{"at", "kiosk", "source", "rating_1_5", "skm_mean_1_4", "comment"})
	for _, c := range cs {
		var rating, mean string
		if c.Source == guestbook.FromSKM {
			mean = strconv.FormatFloat(c.Score, 'f', 2, 64)
		} else {
			rating = strconv.FormatFloat(c.Score, 'f', -1, 64)
		}
		w.Write([]string{c.At.Format("2006-01-02 15:04"), c.Kiosk, c.Source, rating, mean, c.Text})
	}
	return nil
}

// visitors is `report purposes` (purpose, members, guests, total) and
// `report demographics` (field, value, members, guests, total); an empty
// value is "not asked or not answered".
func (r *reportRun) visitors(ctx context.Context, w *csvout.Writer) error {
	v, err := r.books.VisitorCounts(ctx, r.start, r.end)
	if err != nil {
		return err
	}
	if len(v[guestbook.FieldPurpose]) == 0 {
		return r.empty("visits")
	}
	// A chart lists values as people read them (age groups by age,
	// education by level), blank last.
	counts := func(f guestbook.Field) []report.Count {
		var cs []report.Count
		rows := append([]guestbook.ValueRow(nil), v[f]...)
		guestbook.SortNatural(f, rows)
		for _, x := range rows {
			cs = append(cs, report.Count{Value: x.Value, Members: x.Members, Guests: x.Guests})
		}
		return cs
	}
	if r.what == "purposes" {
		if r.chart != "" {
			return report.CountsChart(r.lang, r.lang.Word("purposes"), r.subtitle(), counts(guestbook.FieldPurpose)).Save(r.chart)
		}
		w.Write([]string{"purpose", "members", "guests", "total"})
		for _, x := range v[guestbook.FieldPurpose] {
			w.Write([]string{x.Value, strconv.Itoa(x.Members), strconv.Itoa(x.Guests), strconv.Itoa(x.Total())})
		}
		return nil
	}
	if r.chart != "" {
		var fields []report.Field
		for _, f := range guestbook.Demographic {
			fields = append(fields, report.Field{Key: string(f), Counts: counts(f)})
		}
		return report.DemographicsChart(r.lang, r.subtitle(), fields).Save(r.chart)
	}
	w.Write([]string{"field", "value", "members", "guests", "total"})
	for _, f := range guestbook.Demographic {
		for _, x := range v[f] {
			w.Write([]string{string(f), x.Value, strconv.Itoa(x.Members), strconv.Itoa(x.Guests), strconv.Itoa(x.Total())})
		}
	}
	return nil
}

// skm writes the SKM of every kiosk's answers together: each element's
// NRR and weighted value, then the index, score, grade and performance;
// or its chart, or the survey report as a PDF.
func (r *reportRun) skm(ctx context.Context, w *csvout.Writer) error {
	all, err := r.books.SKMResponses(ctx, r.start, r.end)
	if err != nil {
		return err
	}
	if len(all) == 0 {
		return r.empty("SKM answers")
	}
	res, err := survey.Compute(all)
	if err != nil {
		return err
	}
	switch {
	case r.chart != "":
		return report.SKMChart(r.lang, r.subtitle(), res).Save(r.chart)
	case r.pdf != "":
		return r.skmPDF(ctx, res)
	}
	w.Write([]string{"unsur", "element", "answered", "nrr", "nrr_weighted"})
	for i, e := range survey.Elements {
		w.Write([]string{e.Code, e.Name, strconv.Itoa(res.Answered[i]), fmt.Sprintf("%.3f", res.NRR[i]), fmt.Sprintf("%.3f", res.Weighted[i])})
	}
	// The summary in the same five columns, for spreadsheets.
	w.Write([]string{"respondents", strconv.Itoa(res.Respondents), "", "", ""})
	w.Write([]string{"index", fmt.Sprintf("%.3f", res.Index), "", "", ""})
	w.Write([]string{"skm", fmt.Sprintf("%.2f", survey.Round2(res.Score)), "", "", ""})
	w.Write([]string{"grade", string(res.Grade), res.Grade.Performance(), "", ""})
	return nil
}
