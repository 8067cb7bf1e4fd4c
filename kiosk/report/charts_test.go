package report

import (
	"slices"
	"testing"
)

// TestGroupNames: days, weeks and months as the language writes them,
// weekdays by name.
func TestGroupNames(t *testing.T) {
	for _, c := range []struct {
		l      Lang
		by     string
		groups []string
		want   []string
	}{
		{LangID, "month", []string{"2026-01", "2026-08"}, []string{"Januari 2026", "Agustus 2026"}},
		{LangEN, "month", []string{"2026-01"}, []string{"January 2026"}},
		{LangID, "day", []string{"2026-01-05", "2026-12-31"}, []string{"5 Jan 2026", "31 Des 2026"}},
		{LangID, "week", []string{"2026-08-03"}, []string{"3 Agu 2026"}},
		{LangEN, "day", []string{"2026-10-05"}, []string{"5 Oct 2026"}},
		{LangID, "weekday", []string{"1", "7"}, []string{"Senin", "Minggu"}},
		{LangID, "hour", []string{"09"}, []string{"09"}},
	} {
		if got := groupNames(c.l, c.by, c.groups); !slices.Equal(got, c.want) {
			t.Errorf("%s %s: %q, want %q", c.l, c.by, got, c.want)
		}
	}
}

// TestAxisLabels: every axis' label starts with a capital, as "Jam" does.
func TestAxisLabels(t *testing.T) {
	for _, l := range []Lang{LangID, LangEN} {
		for _, by := range []string{"hour", "weekday", "day", "week", "month"} {
			w := l.Word("by." + by)
			if w == "" || w[0] < 'A' || w[0] > 'Z' {
				t.Errorf("%s by.%s: %q", l, by, w)
			}
		}
	}
}

// TestCountTicks: counts are whole: a one-day chart of one loan has no
// 0,4 on its axis.
func TestCountTicks(t *testing.T) {
	p := Panel{Lang: LangID, Categories: []string{"a"}, Series: []Series{{"x", []float64{1}}}}
	pl, err := p.plot(300)
	if err != nil {
		t.Fatal(err)
	}
	for _, tk := range pl.Y.Tick.Marker.Ticks(pl.Y.Min, pl.Y.Max) {
		if tk.Label != "" && tk.Value != float64(int(tk.Value)) {
			t.Errorf("tick %v %q on a count axis", tk.Value, tk.Label)
		}
	}
	// A mean keeps its decimals.
	m := Panel{Lang: LangID, Categories: []string{"a", "b"}, Series: []Series{{"x", []float64{3.5, 4.25}}}, YMin: 1, YMax: 5}
	if pl, err = m.plot(300); err != nil {
		t.Fatal(err)
	}
	if n := len(pl.Y.Tick.Marker.Ticks(1, 5)); n < 5 {
		t.Errorf("mean axis: %d ticks", n)
	}
}

// TestBarsWithinAxes: the category axis spans every bar, the first and
// the last whole.
func TestBarsWithinAxes(t *testing.T) {
	for _, horizontal := range []bool{false, true} {
		p := Panel{Lang: LangID, Horizontal: horizontal, Categories: []string{"a", "b", "c"}, Series: []Series{{"x", []float64{1, 2, 3}}}}
		pl, err := p.plot(300)
		if err != nil {
			t.Fatal(err)
		}
		ax := pl.X
		if horizontal {
			ax = pl.Y
		}
		if ax.Min > -0.5 || ax.Max < 2.5 {
			t.Errorf("horizontal %v: category axis %v to %v cuts the end bars", horizontal, ax.Min, ax.Max)
		}
	}
}
