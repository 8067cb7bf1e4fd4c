package report

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Series is one named row of values, one per category of its panel.
type Series struct {
	Name   string
	Values []float64
}

// Panel is one plot of a chart: bars (grouped, or stacked), or lines for
// a time series.
type Panel struct {
	Title          string
	XLabel, YLabel string
	Categories     []string
	Series         []Series
	Horizontal     bool    // bars along the x axis, categories down the y axis (long names)
	Stacked        bool    // series' bars on top of each other
	Lines          bool    // lines with points, for time series
	YMin, YMax     float64 // the value axis' range when not both 0
	// Marks are reference lines across the value axis (e.g. the SKM
	// grade bounds), drawn dashed with their label.
	Marks []Mark
	// Lang writes the value axis' numbers (LangID: 12.500; 3,5).
	Lang Lang
}

// Mark is a labelled reference value.
type Mark struct {
	Value float64
	Label string
}

// Chart is a titled picture of one or more panels.
type Chart struct {
	Title    string
	Subtitle string // the period, the site
	Panels   []Panel
	Cols     int // panels per row; 0: one column
	// Width and Height in points; 0: 960×600 px (at 96 dpi) per row of two
	// panels, or as many rows as needed.
	Width, Height vg.Length
	// DPI is a PNG's resolution; 0: 96, a chart 10 inches wide is 960
	// pixels (192 for print: 1920).
	DPI int
}

// sans is the charts' typeface, Liberation Sans as the SKM document's
// text; gonum's default is the serif. Set on every text a chart draws,
// gonum's globals left alone.
var sans = font.Font{Typeface: "Liberation", Variant: "Sans"}

// inSans is f in the charts' typeface, its size and weight kept.
func inSans(f font.Font) font.Font {
	f.Typeface, f.Variant = sans.Typeface, sans.Variant
	return f
}

// useSans sets the plot's title, axes and legend in the charts'
// typeface.
func useSans(pl *plot.Plot) {
	for _, st := range []*text.Style{&pl.Title.TextStyle, &pl.Legend.TextStyle,
		&pl.X.Label.TextStyle, &pl.X.Tick.Label, &pl.Y.Label.TextStyle, &pl.Y.Tick.Label} {
		st.Font = inSans(st.Font)
	}
}

// palette is a colour-blind-safe set (Okabe–Ito).
var palette = []color.Color{
	color.RGBA{0, 114, 178, 255}, color.RGBA{230, 159, 0, 255}, color.RGBA{0, 158, 115, 255},
	color.RGBA{204, 121, 167, 255}, color.RGBA{86, 180, 233, 255}, color.RGBA{213, 94, 0, 255},
}

// Format is a chart file's format from its name: "png" or "svg".
func Format(path string) (string, error) {
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".png", ".svg":
		return ext[1:], nil
	}
	return "", fmt.Errorf("chart %s: want a .png or .svg file", path)
}

// Save writes the chart to path, PNG or SVG by its extension.
func (c Chart) Save(path string) (err error) {
	format, err := Format(path)
	if err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("chart: %w", err)
	}
	defer func() {
		if e := f.Close(); err == nil && e != nil {
			err = fmt.Errorf("chart: %w", e)
		}
	}()
	return c.Write(f, format)
}

// dpi is the PNG resolution: a chart 10 inches wide is 960 pixels.
const dpi = 96

// Write draws the chart as "png" or "svg" to w.
func (c Chart) Write(w io.Writer, format string) error {
	if len(c.Panels) == 0 {
		return fmt.Errorf("chart %q: nothing to draw", c.Title)
	}
	cols := max(c.Cols, 1)
	rows := (len(c.Panels) + cols - 1) / cols
	width, height := c.Width, c.Height
	if width == 0 {
		width = 10 * vg.Inch
	}
	if height == 0 {
		height = vg.Length(rows) * 5.5 * vg.Inch
		if rows == 1 {
			height = 6.25 * vg.Inch
		}
	}
	var canvas vg.CanvasWriterTo
	switch format {
	case "png":
		res := c.DPI
		if res == 0 {
			res = dpi
		}
		canvas = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(res))}
	case "svg":
		canvas = vgsvg.New(width, height)
	default:
		return fmt.Errorf("chart: format %q: want png or svg", format)
	}
	dc := draw.New(canvas)
	// A white page, so that a PNG is readable on any background.
	dc.FillPolygon(color.White, []vg.Point{dc.Min, {X: dc.Max.X, Y: dc.Min.Y}, dc.Max, {X: dc.Min.X, Y: dc.Max.Y}})
	top := c.heading(dc)
	dc = draw.Crop(dc, 0, 0, 0, -top)
	plots := make([][]*plot.Plot, rows)
	for i := range plots {
		plots[i] = make([]*plot.Plot, cols)
	}
	// Each panel's room along its category axis, for its bars' width:
	// the tile less its title, labels and padding.
	rowHeight := (height - top) / vg.Length(rows)
	for i, p := range c.Panels {
		axis := width/vg.Length(cols) - 1.5*vg.Inch
		if p.Horizontal {
			axis = rowHeight - 1.1*vg.Inch
		}
		pl, err := p.plot(axis)
		if err != nil {
			return fmt.Errorf("chart %q, %q: %w", c.Title, p.Title, err)
		}
		plots[i/cols][i%cols] = pl
	}
	tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: vg.Millimeter * 6, PadY: vg.Millimeter * 6,
		PadTop: vg.Millimeter * 2, PadBottom: vg.Millimeter * 3, PadLeft: vg.Millimeter * 3, PadRight: vg.Millimeter * 4}
	canvases := plot.Align(plots, tiles, dc)
	for i := range plots {
		for j, pl := range plots[i] {
			if pl != nil {
				pl.Draw(canvases[i][j])
			}
		}
	}
	_, err := canvas.WriteTo(w)
	return err
}

// heading draws the title and subtitle at the top of dc and returns the
// height they took.
func (c Chart) heading(dc draw.Canvas) vg.Length {
	style := func(size vg.Length) text.Style {
		return text.Style{Color: color.Black, Font: font.From(sans, size), Handler: plot.DefaultTextHandler,
			XAlign: draw.XCenter, YAlign: draw.YTop}
	}
	y := dc.Max.Y - 4*vg.Millimeter
	x := (dc.Min.X + dc.Max.X) / 2
	used := 4 * vg.Millimeter
	for _, l := range []struct {
		s    string
		size vg.Length
	}{{c.Title, 16}, {c.Subtitle, 11}} {
		if l.s == "" {
			continue
		}
		st := style(l.size)
		dc.FillText(st, vg.Point{X: x, Y: y}, l.s)
		h := st.Height(l.s) + 2*vg.Millimeter
		y -= h
		used += h
	}
	return used
}

// plot builds the panel's plot, whose category axis is about axis long.
func (p Panel) plot(axis vg.Length) (*plot.Plot, error) {
	pl := plot.New()
	useSans(pl)
	pl.Title.Text = p.Title
	pl.Title.TextStyle.Font.Size = 13
	pl.X.Label.Text, pl.Y.Label.Text = p.XLabel, p.YLabel
	// The legend where the bars are short: top right over upright bars
	// (with headroom kept for it), bottom right beside horizontal ones
	// (the largest at the top).
	pl.Legend.Top = !p.Horizontal
	pl.Legend.Padding = vg.Points(3)
	pl.Legend.YOffs = vg.Points(-2)
	if p.Lang == "" {
		p.Lang = LangID
	}
	// Counts are whole: no 0,4 between 0 and 1.
	ticks := numberTicks{lang: p.Lang, whole: p.YMin == 0 && p.YMax == 0 && wholeValues(p.Series)}
	if p.Horizontal {
		pl.X.Tick.Marker = ticks
	} else {
		pl.Y.Tick.Marker = ticks
	}
	n := len(p.Categories)
	for _, s := range p.Series {
		if len(s.Values) != n {
			return nil, fmt.Errorf("series %q has %d values for %d categories", s.Name, len(s.Values), n)
		}
	}
	if n == 0 {
		return nil, fmt.Errorf("no categories")
	}
	var err error
	switch {
	case p.Lines:
		err = p.addLines(pl)
	default:
		err = p.addBars(pl, axis)
	}
	if err != nil {
		return nil, err
	}
	for _, m := range p.Marks {
		if err := p.addMark(pl, m); err != nil {
			return nil, err
		}
	}
	if p.YMin != 0 || p.YMax != 0 {
		if p.Horizontal {
			pl.X.Min, pl.X.Max = p.YMin, p.YMax
		} else {
			pl.Y.Min, pl.Y.Max = p.YMin, p.YMax
		}
	}
	if p.YMin == 0 && p.YMax == 0 {
		// Room beyond the longest bar or the highest point for the legend.
		if p.Horizontal {
			pl.X.Min = 0
			pl.X.Max *= 1.3
		} else {
			pl.Y.Min = 0
			pl.Y.Max *= 1 + 0.06*float64(len(p.Series)+1)
		}
	}
	if !p.Lines {
		// Every bar whole within the axes, the first and the last too.
		if p.Horizontal {
			pl.Y.Min, pl.Y.Max = -0.5, float64(n)-0.5
		} else {
			pl.X.Min, pl.X.Max = -0.5, float64(n)-0.5
		}
	}
	if p.Horizontal {
		// The legend above the bars, on the panel's title line, where it
		// covers none.
		pl.Legend.Top = true
		pl.Legend.YOffs = legendHeight(pl)
	}
	pl.Add(plotter.NewGrid())
	return pl, nil
}

func (p Panel) addBars(pl *plot.Plot, axis vg.Length) error {
	n := len(p.Categories)
	k := len(p.Series)
	// Bars share 70 % of a category's room, and stay slim.
	width := min(axis/vg.Length(n)*0.7, 0.5*vg.Inch)
	if !p.Stacked && k > 1 {
		width /= vg.Length(k)
	}
	var below *plotter.BarChart
	for i, s := range p.Series {
		if k > 1 && allZero(s.Values) {
			continue // nothing to draw, nothing to name
		}
		b, err := plotter.NewBarChart(plotter.Values(s.Values), width)
		if err != nil {
			return err
		}
		b.Color = palette[i%len(palette)]
		b.LineStyle.Width = 0
		b.Horizontal = p.Horizontal
		if p.Stacked && below != nil {
			b.StackOn(below)
		} else if !p.Stacked && k > 1 {
			b.Offset = (vg.Length(i) - vg.Length(k-1)/2) * width
		}
		below = b
		pl.Add(b)
		if s.Name != "" {
			pl.Legend.Add(s.Name, b)
		}
	}
	if p.Horizontal {
		pl.NominalY(p.Categories...)
	} else {
		pl.NominalX(p.Categories...)
		if n > 16 {
			pl.X.Tick.Label.Rotation = 1.2
			pl.X.Tick.Label.XAlign = draw.XRight
			pl.X.Tick.Label.YAlign = draw.YCenter
			pl.X.Tick.Label.Font.Size = 8
			pl.X.Tick.Marker = everyNth{n: (n + 30) / 31, names: p.Categories}
		}
	}
	return nil
}

func (p Panel) addLines(pl *plot.Plot) error {
	for i, s := range p.Series {
		xy := make(plotter.XYs, len(s.Values))
		for j, v := range s.Values {
			xy[j].X, xy[j].Y = float64(j), v
		}
		l, pts, err := plotterLinePoints(xy)
		if err != nil {
			return err
		}
		l.Color = palette[i%len(palette)]
		l.Width = vg.Points(1.5)
		pts.Color = l.Color
		pts.Radius = vg.Points(2)
		pl.Add(l, pts)
		if s.Name != "" {
			pl.Legend.Add(s.Name, l, pts)
		}
	}
	pl.X.Tick.Marker = everyNth{n: (len(p.Categories) + 11) / 12, names: p.Categories}
	if len(p.Categories) > 12 {
		pl.X.Tick.Label.Rotation = 1.2
		pl.X.Tick.Label.XAlign = draw.XRight
		pl.X.Tick.Label.YAlign = draw.YCenter
		pl.X.Tick.Label.Font.Size = 8
	}
	pl.X.Min, pl.X.Max = -0.5, float64(len(p.Categories))-0.5
	return nil
}

func plotterLinePoints(xy plotter.XYs) (*plotter.Line, *plotter.Scatter, error) {
	l, err := plotter.NewLine(xy)
	if err != nil {
		return nil, nil, err
	}
	s, err := plotter.NewScatter(xy)
	if err != nil {
		return nil, nil, err
	}
	return l, s, nil
}

// addMark draws a dashed reference line across the panel at m.Value.
func (p Panel) addMark(pl *plot.Plot, m Mark) error {
	lo, hi := -0.5, float64(len(p.Categories))-0.5
	var xy plotter.XYs
	if p.Horizontal {
		xy = plotter.XYs{{X: m.Value, Y: lo}, {X: m.Value, Y: hi}}
	} else {
		xy = plotter.XYs{{X: lo, Y: m.Value}, {X: hi, Y: m.Value}}
	}
	l, err := plotter.NewLine(xy)
	if err != nil {
		return err
	}
	l.Color = color.Gray{Y: 90}
	l.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
	pl.Add(l)
	if m.Label != "" {
		lbl, err := plotter.NewLabels(plotter.XYLabels{XYs: plotter.XYs{xy[1]}, Labels: []string{m.Label}})
		if err != nil {
			return err
		}
		for j := range lbl.TextStyle {
			lbl.TextStyle[j].Font = inSans(lbl.TextStyle[j].Font)
			lbl.TextStyle[j].Font.Size = 8
			lbl.TextStyle[j].Color = color.Gray{Y: 70}
			if p.Horizontal {
				lbl.TextStyle[j].XAlign = draw.XCenter
			} else {
				lbl.TextStyle[j].XAlign = draw.XRight
			}
		}
		pl.Add(lbl)
	}
	return nil
}

// everyNth labels every nth category of a nominal axis (a year of days
// has more names than fit).
type everyNth struct {
	n     int
	names []string
}

func (e everyNth) Ticks(min, max float64) []plot.Tick {
	var ts []plot.Tick
	for i, name := range e.names {
		t := plot.Tick{Value: float64(i)}
		if e.n <= 1 || i%e.n == 0 {
			t.Label = name
		}
		ts = append(ts, t)
	}
	return ts
}

// numberTicks are gonum's default ticks written as the language writes
// numbers, with no more decimals than the ticks need; whole: counts, only
// whole numbers.
type numberTicks struct {
	lang  Lang
	whole bool
}

func (n numberTicks) Ticks(min, max float64) []plot.Tick {
	ts := plot.DefaultTicks{}.Ticks(min, max)
	if n.whole {
		ts = wholeTicks(ts, min, max)
	}
	prec := 0
	for _, t := range ts {
		if t.Label == "" {
			continue
		}
		for p := prec; p < 3; p++ {
			if math.Abs(t.Value*math.Pow(10, float64(p))-math.Round(t.Value*math.Pow(10, float64(p)))) < 1e-6 {
				break
			}
			prec = p + 1
		}
	}
	for i, t := range ts {
		if t.Label == "" {
			continue
		}
		if prec == 0 {
			ts[i].Label = n.lang.Int(int(math.Round(t.Value)))
		} else {
			ts[i].Label = n.lang.Number(t.Value, prec)
		}
	}
	return ts
}

// wholeTicks keeps the ticks on whole numbers; over a short range (a
// count of 0 to 3) every whole number is a labelled tick.
func wholeTicks(ts []plot.Tick, min, max float64) []plot.Tick {
	if max-min <= 6 {
		ts = ts[:0:0]
		for v := math.Ceil(min); v <= max; v++ {
			ts = append(ts, plot.Tick{Value: v, Label: "x"})
		}
		return ts
	}
	out := ts[:0:0]
	for _, t := range ts {
		if t.Value == math.Trunc(t.Value) {
			out = append(out, t)
		}
	}
	return out
}

// wholeValues: every value of every series is a whole number.
func wholeValues(ss []Series) bool {
	for _, s := range ss {
		for _, v := range s.Values {
			if v != math.Trunc(v) {
				return false
			}
		}
	}
	return true
}

// legendHeight is the height of the plot's legend's entries.
func legendHeight(pl *plot.Plot) vg.Length {
	r := pl.Legend.Rectangle(draw.Canvas{})
	return r.Max.Y - r.Min.Y
}

func allZero(vs []float64) bool {
	for _, v := range vs {
		if v != 0 {
			return false
		}
	}
	return true
}
