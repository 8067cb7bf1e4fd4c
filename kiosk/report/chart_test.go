package report

import (
	"bytes"
	"flag"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/anjungan/anjungan/kiosk/survey"
)

var update = flag.Bool("update", false, "rewrite the charts under testdata (review them before committing)")

// sample figures, fixed, for the snapshots.
func sampleCharts() map[string]Chart {
	sub := "Periode 1 Januari – 31 Desember 2026 · perpustakaan"
	var hours [24][2]int
	for h := 8; h < 20; h++ {
		hours[h] = [2]int{(h%6 + 2) * 900, (h%4 + 1) * 400}
	}
	weekdays := [7][2]int{{9000, 4000}, {9100, 4200}, {8800, 3900}, {8600, 3700}, {7600, 3300}, {6100, 2900}, {1500, 900}}
	days := []string{"2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05", "2026-03-06", "2026-03-07", "2026-03-08", "2026-03-09", "2026-03-10", "2026-03-11"}
	loans := []int{120, 135, 128, 150, 160, 90, 20, 125, 140, 133}
	returns := []int{100, 120, 130, 140, 150, 100, 25, 110, 120, 150}
	renewals := []int{30, 28, 35, 40, 38, 20, 5, 31, 33, 29}
	purposes := []Count{{"membaca", 0, 30500}, {"meminjam", 0, 28500}, {"", 300000, 28400}, {"mengerjakan tugas", 0, 28300}, {"ruang kreatif", 0, 28000}, {"acara", 0, 27000}, {"lainnya", 0, 26000}}
	fields := []Field{
		{"gender", []Count{{"", 300000, 1000}, {"P", 0, 70000}, {"L", 0, 65000}}},
		{"age_group", []Count{{"", 300000, 1000}, {"19-25", 0, 40000}, {"13-18", 0, 30000}, {"26-40", 0, 20000}, {"< 13", 0, 10000}}},
		{"education", []Count{{"", 300000, 1000}, {"SMA", 0, 50000}, {"S1", 0, 40000}, {"SMP", 0, 20000}}},
		{"occupation", []Count{{"", 300000, 1000}, {"Pelajar", 0, 50000}, {"Mahasiswa", 0, 45000}, {"Swasta", 0, 20000}}},
	}
	res := []Resource{{"Printer 3D A", 72.5, 40, 6}, {"Pemotong laser", 55, 30, 9}, {"PC desain 1", 38.2, 60, 3}, {"Mesin jahit", 12, 8, 4}}
	weeks := []string{"2026-01-05", "2026-01-12", "2026-01-19", "2026-01-26", "2026-02-02", "2026-02-09"}
	scores := [][5]int{{5, 8, 20, 40, 60}, {4, 9, 22, 41, 50}, {6, 7, 18, 45, 62}, {2, 5, 15, 48, 70}, {3, 6, 21, 40, 58}, {7, 9, 20, 35, 40}}
	r, _ := survey.Compute(skmResponses())
	return map[string]Chart{
		"visits":       VisitsChart(LangID, sub, hours, weekdays),
		"circulation":  CirculationChart(LangID, sub, "day", days, loans, returns, renewals),
		"purposes":     CountsChart(LangID, LangID.Word("purposes"), sub, purposes),
		"demographics": DemographicsChart(LangID, sub, fields),
		"makerspace":   MakerspaceChart(LangID, sub, res),
		"satisfaction": SatisfactionChart(LangID, sub, "week", weeks, scores),
		"skm":          SKMChart(LangID, sub, r),
		"skm-en":       SKMChart(LangEN, "Period 1 January – 31 December 2026", r),
	}
}

// skmResponses: 10 respondents whose element totals are fixed.
func skmResponses() []survey.Response {
	var rs []survey.Response
	for i := range 10 {
		var r survey.Response
		for e := range r {
			r[e] = 3
			if (i+e)%3 == 0 {
				r[e] = 4
			}
			if (e == 2 || e == 7) && i%2 == 0 {
				r[e] = 2
			}
		}
		rs = append(rs, r)
	}
	return rs
}

// TestChartSnapshots renders every chart as PNG and SVG and checks what
// can be checked without comparing pixels: a PNG of the chart's size,
// drawn on (many colours, much non-white), and an SVG that carries the
// chart's words. With -update it writes the PNGs under testdata, which
// were looked at before they were kept.
func TestChartSnapshots(t *testing.T) {
	for name, c := range sampleCharts() {
		t.Run(name, func(t *testing.T) {
			var pngBuf, svgBuf bytes.Buffer
			if err := c.Write(&pngBuf, "png"); err != nil {
				t.Fatal(err)
			}
			if err := c.Write(&svgBuf, "svg"); err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(pngBuf.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			checkDrawn(t, img, 960)
			svg := svgBuf.String()
			for _, want := range append([]string{c.Title, c.Subtitle}, panelWords(c)...) {
				if !strings.Contains(svg, xmlEscape(want)) {
					t.Errorf("the SVG lacks %q", want)
				}
			}
			path := filepath.Join("testdata", name+".png")
			if *update {
				if err := os.WriteFile(path, pngBuf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			f, err := os.Open(path)
			if err != nil {
				t.Fatalf("no reviewed snapshot: %v (run with -update, look at it, keep it)", err)
			}
			defer f.Close()
			snap, err := png.Decode(f)
			if err != nil {
				t.Fatal(err)
			}
			if snap.Bounds() != img.Bounds() {
				t.Errorf("size %v, the reviewed snapshot's %v", img.Bounds(), snap.Bounds())
			}
		})
	}
}

func panelWords(c Chart) []string {
	var out []string
	for _, p := range c.Panels {
		out = append(out, p.Title)
		for _, s := range p.Series {
			if s.Name != "" && !allZero(s.Values) {
				out = append(out, s.Name)
			}
		}
		if len(p.Categories) <= 16 {
			out = append(out, p.Categories...)
		}
	}
	return out
}

func xmlEscape(s string) string {
	var b bytes.Buffer
	for _, r := range s {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// checkDrawn: the image is width wide, has more than a few colours, and
// between 3 % and 60 % of it is not white.
func checkDrawn(t *testing.T, img image.Image, width int) {
	t.Helper()
	b := img.Bounds()
	if b.Dx() != width || b.Dy() < width/2 {
		t.Fatalf("size %v", b)
	}
	colours := map[color.RGBA]bool{}
	ink := 0
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			c := color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(bl >> 8), 255}
			colours[c] = true
			if c != (color.RGBA{255, 255, 255, 255}) {
				ink++
			}
		}
	}
	frac := float64(ink) / float64((b.Dx()/2)*(b.Dy()/2))
	if len(colours) < 8 || frac < 0.03 || frac > 0.6 {
		t.Errorf("%d colours, %.1f %% drawn: blank or smeared", len(colours), 100*frac)
	}
}
