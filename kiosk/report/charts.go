package report

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/anjungan/anjungan/kiosk/survey"
)

// Count is the visits with one value of a field (a purpose, a gender…):
// members' and guests'. An empty Value is "not asked or not answered".
type Count struct {
	Value           string
	Members, Guests int
}

// Field is the counts of one field, for the demographics chart.
type Field struct {
	Key    string // "gender", "age_group", "education", "occupation"
	Counts []Count
}

// VisitsChart draws visits by hour of the day (the busiest hours; the
// hours from the first to the last with a visit) and by day of the week,
// members' and guests' stacked. hours[h] and weekdays[d] (Monday first)
// are {members, guests}.
func VisitsChart(l Lang, subtitle string, hours [24][2]int, weekdays [7][2]int) Chart {
	first, last := 23, 0
	for h, c := range hours {
		if c[0]+c[1] > 0 {
			first, last = min(first, h), max(last, h)
		}
	}
	if first > last {
		first, last = 8, 17
	}
	hp := Panel{Lang: l, Title: l.Word("visits.hour"), XLabel: l.Word("hour"), YLabel: l.Word("visits"), Stacked: true,
		Series: []Series{{Name: l.Word("members")}, {Name: l.Word("guests")}}}
	for h := first; h <= last; h++ {
		hp.Categories = append(hp.Categories, fmt.Sprintf("%02d", h))
		hp.Series[0].Values = append(hp.Series[0].Values, float64(hours[h][0]))
		hp.Series[1].Values = append(hp.Series[1].Values, float64(hours[h][1]))
	}
	wp := Panel{Lang: l, Title: l.Word("visits.weekday"), YLabel: l.Word("visits"), Stacked: true, Categories: l.Weekdays(),
		Series: []Series{{Name: l.Word("members")}, {Name: l.Word("guests")}}}
	for _, c := range weekdays {
		wp.Series[0].Values = append(wp.Series[0].Values, float64(c[0]))
		wp.Series[1].Values = append(wp.Series[1].Values, float64(c[1]))
	}
	return Chart{Title: l.Word("visits"), Subtitle: subtitle, Panels: []Panel{hp, wp}}
}

// VisitsTimeChart draws visits per group of the calendar (by "day",
// "week" or "month"), members' and guests' stacked: bars, or lines over
// many groups.
func VisitsTimeChart(l Lang, subtitle, by string, groups []string, members, guests []int) Chart {
	p := Panel{Lang: l, Title: l.Word("visits." + by), XLabel: l.Word("by." + by), YLabel: l.Word("visits"), Categories: groupNames(l, by, groups),
		Series: []Series{{l.Word("members"), floats(members)}, {l.Word("guests"), floats(guests)}}}
	if len(groups) > 40 {
		p.Lines = true
	} else {
		p.Stacked = true
	}
	return Chart{Title: l.Word("visits"), Subtitle: subtitle, Panels: []Panel{p}}
}

// CirculationChart draws loans, returns and renewals by group (as -by
// names them: "hour", "weekday", "day", "week", "month"): lines over
// time, bars over the hours or days of a week. A nil series is left out:
// the loans' chart is loans and renewals, the returns' chart returns.
func CirculationChart(l Lang, subtitle, by string, groups []string, loans, returns, renewals []int) Chart {
	p := Panel{Lang: l, XLabel: l.Word("by." + by), YLabel: l.Word("count"), Categories: groupNames(l, by, groups),
		Lines: by == "day" || by == "week" || by == "month"}
	for _, s := range []struct {
		key string
		ns  []int
	}{{"loans", loans}, {"returns", returns}, {"renewals", renewals}} {
		if s.ns != nil {
			p.Series = append(p.Series, Series{l.Word(s.key), floats(s.ns)})
		}
	}
	if len(groups) == 1 {
		p.Lines = false
	}
	title := l.Word("circulation")
	switch {
	case loans == nil && renewals == nil:
		title = l.Word("returns")
	case returns == nil:
		title = l.Word("loans.renewals")
	}
	return Chart{Title: title, Subtitle: subtitle, Panels: []Panel{p}}
}

// CountsChart draws a field's counts as horizontal bars, members' and
// guests' stacked, most first: the purposes of visit. Members' visits
// with no value (a card asks nothing) would dwarf the rest: they are
// left out of the bars and stated in the subtitle.
func CountsChart(l Lang, title, subtitle string, counts []Count) Chart {
	p, unasked := countsPanel(l, "", counts)
	return Chart{Title: title, Subtitle: withUnasked(l, subtitle, unasked), Panels: []Panel{p}}
}

// DemographicsChart draws visitors by each field, two panels a row, as
// CountsChart does.
func DemographicsChart(l Lang, subtitle string, fields []Field) Chart {
	c := Chart{Title: l.Word("demographics"), Cols: 2}
	unasked := 0
	for _, f := range fields {
		p, n := countsPanel(l, l.Word(f.Key), f.Counts)
		c.Panels = append(c.Panels, p)
		unasked = max(unasked, n)
	}
	c.Subtitle = withUnasked(l, subtitle, unasked)
	return c
}

func withUnasked(l Lang, subtitle string, n int) string {
	if n == 0 {
		return subtitle
	}
	return fmt.Sprintf("%s · %s: %s %s", subtitle, l.Word("members.unasked"), l.Int(n), strings.ToLower(l.Word("visits")))
}

// countsPanel lists the largest count at the top (a horizontal bar
// chart's categories go up from the bottom), and returns members' visits
// with no value, left out.
func countsPanel(l Lang, title string, counts []Count) (Panel, int) {
	p := Panel{Title: title, Horizontal: true, Stacked: true, Lang: l, Series: []Series{{Name: l.Word("members")}, {Name: l.Word("guests")}}}
	unasked := 0
	for i := len(counts) - 1; i >= 0; i-- {
		c := counts[i]
		if c.Value == "" {
			unasked, c.Members = c.Members, 0
			if c.Guests == 0 {
				continue
			}
		}
		p.Categories = append(p.Categories, l.Value(c.Value))
		p.Series[0].Values = append(p.Series[0].Values, float64(c.Members))
		p.Series[1].Values = append(p.Series[1].Values, float64(c.Guests))
	}
	if len(p.Categories) == 0 {
		p.Categories = []string{l.Word("blank")}
		p.Series[0].Values, p.Series[1].Values = []float64{0}, []float64{0}
	}
	return p, unasked
}

// Resource is one makerspace resource's period.
type Resource struct {
	Name              string
	UtilisationPct    float64 // used hours over open hours, %
	Attended, NoShows int
}

// MakerspaceChart draws each resource's utilisation and its attended and
// missed bookings.
func MakerspaceChart(l Lang, subtitle string, rs []Resource) Chart {
	u := Panel{Lang: l, Title: l.Word("utilisation"), Horizontal: true, YMin: 0, YMax: 100, Series: []Series{{}}}
	n := Panel{Lang: l, Title: l.Word("bookings"), Horizontal: true, Stacked: true, Series: []Series{{Name: l.Word("attended")}, {Name: l.Word("noshows")}}}
	for i := len(rs) - 1; i >= 0; i-- {
		r := rs[i]
		u.Categories = append(u.Categories, r.Name)
		u.Series[0].Values = append(u.Series[0].Values, r.UtilisationPct)
		n.Categories = append(n.Categories, r.Name)
		n.Series[0].Values = append(n.Series[0].Values, float64(r.Attended))
		n.Series[1].Values = append(n.Series[1].Values, float64(r.NoShows))
	}
	return Chart{Title: l.Word("makerspace"), Subtitle: subtitle, Panels: []Panel{u, n}}
}

// SatisfactionChart draws the mean one-tap rating by group and how many
// of each face (1–5) were given.
func SatisfactionChart(l Lang, subtitle, by string, groups []string, scores [][5]int) Chart {
	names := groupNames(l, by, groups)
	m := Panel{Lang: l, Title: l.Word("satisfaction.mean"), XLabel: l.Word("by." + by), Categories: names, YMin: 1, YMax: 5,
		Series: []Series{{Name: l.Word("mean")}}, Lines: len(groups) > 1}
	d := Panel{Lang: l, Title: l.Word("satisfaction.dist"), XLabel: l.Word("by." + by), YLabel: l.Word("count"), Categories: names, Stacked: true}
	for f := range 5 {
		d.Series = append(d.Series, Series{Name: strconv.Itoa(f + 1)})
	}
	for _, s := range scores {
		n, sum := 0, 0
		for f, c := range s {
			n += c
			sum += (f + 1) * c
			d.Series[f].Values = append(d.Series[f].Values, float64(c))
		}
		mean := 0.0
		if n > 0 {
			mean = float64(sum) / float64(n)
		}
		m.Series[0].Values = append(m.Series[0].Values, mean)
	}
	return Chart{Title: l.Word("satisfaction"), Subtitle: subtitle, Panels: []Panel{m, d}}
}

// SKMChart draws each element's NRR (1–4) with its grade, the grade
// bounds marked, and the SKM score and grade in the title.
func SKMChart(l Lang, subtitle string, r survey.Result) Chart {
	p := Panel{Lang: l, Title: l.Word("skm.nrr"), Horizontal: true, YMin: 0, YMax: 4, Series: []Series{{}},
		Marks: []Mark{{65.00 / 25, "C"}, {76.61 / 25, "B"}, {88.31 / 25, "A"}}}
	for i := len(survey.Elements) - 1; i >= 0; i-- {
		e := survey.Elements[i]
		label := fmt.Sprintf("%s %s  %s (%s)", e.Code, e.Name, l.Number(r.NRR[i], 2), survey.Convert(r.NRR[i]*25))
		if r.Answered[i] == 0 {
			label = e.Code + " " + e.Name + "  –" // nobody answered: no grade
		}
		p.Categories = append(p.Categories, label)
		p.Series[0].Values = append(p.Series[0].Values, r.NRR[i])
	}
	title := fmt.Sprintf("%s — %s %s, %s %s (%s), %s %s", l.Word("skm"), l.Word("skm.score"), l.Number(survey.Round2(r.Score), 2),
		l.Word("grade"), r.Grade, performance(l, r.Grade), l.Int(r.Respondents), l.Word("respondents"))
	return Chart{Title: title, Subtitle: subtitle, Panels: []Panel{p}}
}

// performance is the grade's label in l.
func performance(l Lang, g survey.Grade) string {
	if l == LangEN {
		return map[survey.Grade]string{survey.GradeA: "Very good", survey.GradeB: "Good", survey.GradeC: "Fair", survey.GradeD: "Poor"}[g]
	}
	return g.Performance()
}

// groupNames are the groups as a chart labels them: weekday numbers as
// names, days and weeks (their first day) as 5 Jan 2026, months as
// Januari 2026.
func groupNames(l Lang, by string, groups []string) []string {
	names := make([]string, len(groups))
	for i, g := range groups {
		names[i] = g
		switch by {
		case "weekday":
			if d, err := strconv.Atoi(g); err == nil && d >= 1 && d <= 7 {
				names[i] = l.Weekdays()[d-1]
			}
		case "day", "week":
			if t, err := time.Parse(time.DateOnly, g); err == nil {
				names[i] = l.ShortDate(t)
			}
		case "month":
			if t, err := time.Parse("2006-01", g); err == nil {
				names[i] = l.Month(t.Month()) + " " + strconv.Itoa(t.Year())
			}
		}
	}
	return names
}

func floats(ns []int) []float64 {
	out := make([]float64, len(ns))
	for i, n := range ns {
		out[i] = float64(n)
	}
	return out
}
