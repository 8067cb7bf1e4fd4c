package monitor

import (
	"fmt"
	"image/color"
	"slices"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/fleet"
)

// stats is the Statistik tab: each site's today and this week as bar
// charts, from the counters the kiosks report (and the kiosks' files
// when staff point the monitor at them). Counts only.
type stats struct {
	box   *fyne.Container
	shown bool   // the tab is in front
	drawn string // the states, counts, problems, day and site last drawn
}

// barWidth is the longest bar, in Fyne units.
const barWidth float32 = 240

// series are the counts a site's today shows, in order.
var series = []struct {
	Name  string
	Value func(kiosk.Counters) int
	Color color.NRGBA
}{
	{"Visits", func(c kiosk.Counters) int { return c.Visits }, color.NRGBA{0x1f, 0x6f, 0xb4, 0xff}},
	{"Guests", func(c kiosk.Counters) int { return c.Guests }, color.NRGBA{0x5b, 0x9b, 0xd5, 0xff}},
	{"Loans", func(c kiosk.Counters) int { return c.Loans }, color.NRGBA{0x2e, 0x8b, 0x57, 0xff}},
	{"Returns", func(c kiosk.Counters) int { return c.Returns }, color.NRGBA{0x8f, 0xbc, 0x3f, 0xff}},
	{"Renewals", func(c kiosk.Counters) int { return c.Renewals }, color.NRGBA{0xc7, 0x8a, 0x1c, 0xff}},
	{"Bookings", func(c kiosk.Counters) int { return c.Bookings }, color.NRGBA{0x8e, 0x44, 0xad, 0xff}},
	{"Ratings", func(c kiosk.Counters) int { return c.Ratings }, color.NRGBA{0x00, 0x85, 0x80, 0xff}},
}

func (m *Monitor) buildStats() fyne.CanvasObject {
	m.stats.box = container.NewVBox()
	return container.NewVScroll(container.NewPadded(m.stats.box))
}

// refreshStats redraws the Statistik tab when it is in front and the
// counts or the day changed. It runs on the Fyne goroutine.
func (m *Monitor) refreshStats() {
	st := &m.stats
	if st.box == nil || !st.shown {
		return
	}
	h := m.Model.History
	var problems []string
	if m.StatsProblems != nil {
		problems = m.StatsProblems()
	}
	// What is drawn: the kiosks' states, the counts read from their files
	// (which change no state), what could not be read, the day and site.
	drawn := fmt.Sprint(m.Model.Version(), "/", m.Now().Format(time.DateOnly), "/", m.site, "/", problems)
	if h != nil {
		drawn += fmt.Sprint("/", h.Version())
	}
	if drawn == st.drawn && len(st.box.Objects) > 0 {
		return
	}
	st.drawn = drawn
	today := m.Now().Format(time.DateOnly)
	var objs []fyne.CanvasObject
	for _, p := range problems {
		l := widget.NewLabel("⚠ " + p)
		l.Importance = widget.WarningImportance
		l.Wrapping = fyne.TextWrapWord
		objs = append(objs, l)
	}
	sites := m.Model.Sites()
	if h != nil {
		// Sites known only from kiosks' files, with no kiosk online.
		sites = append(sites, h.Sites()...)
		slices.Sort(sites)
		sites = slices.Compact(sites)
	}
	if m.site != "" {
		sites = []string{m.site}
	}
	if h == nil || len(sites) == 0 {
		objs = append(objs, widget.NewLabel("No counts yet: kiosks report theirs as they come online."))
	}
	// Today is the kiosks' library day: the newest any site reported
	// (the monitor's own clock may be in another zone), else the
	// monitor's date.
	day := ""
	for _, site := range sites {
		if h != nil {
			day = max(day, h.Latest(site))
		}
	}
	if day == "" {
		day = today
	}
	for _, site := range sites {
		if h == nil {
			break
		}
		first, last := fleet.Week(day)
		week := h.Site(site, first, last)
		var now fleet.Day
		for _, d := range week {
			if d.Day == day {
				now = d
			}
		}
		kiosks := "kiosks"
		if now.Kiosks == 1 {
			kiosks = "kiosk"
		}
		todayBox := container.NewVBox()
		most := 1
		for _, s := range series {
			most = max(most, s.Value(now.Counters))
		}
		if now.Kiosks == 0 {
			todayBox.Add(widget.NewLabel("No kiosk has reported today yet."))
		}
		for _, s := range series {
			if now.Kiosks == 0 {
				break
			}
			todayBox.Add(bar(s.Name, s.Value(now.Counters), most, s.Color, barWidth))
		}
		weekBox := container.NewVBox(container.NewHBox(legend("Visits", series[0].Color), legend("Loans", series[2].Color), legend("Returns", series[3].Color)))
		most = 1
		for _, d := range week {
			most = max(most, d.Visits, d.Loans, d.Returns)
		}
		for _, d := range week {
			if d.Day > day {
				break // the days to come
			}
			if d.Kiosks == 0 {
				// No count is not zero visitors: the monitor did not run,
				// or no kiosk reported that day.
				weekBox.Add(container.NewHBox(container.NewGridWrap(fyne.NewSize(110, theme.TextSize()*2), widget.NewLabel(dayName(d.Day))),
					widget.NewLabel("no reports")))
				continue
			}
			weekBox.Add(container.NewVBox(
				bar(dayName(d.Day), d.Visits, most, series[0].Color, barWidth),
				bar("", d.Loans, most, series[2].Color, barWidth),
				bar("", d.Returns, most, series[3].Color, barWidth)))
		}
		objs = append(objs, container.NewGridWithColumns(2,
			widget.NewCard(site, fmt.Sprintf("Today, %s (%d %s)", dayName(day), now.Kiosks, kiosks), todayBox),
			widget.NewCard(site, fmt.Sprintf("This week, %s to %s", dayName(first), dayName(last)), weekBox)))
	}
	st.box.Objects = objs
	st.box.Refresh()
}

// bar is one labelled bar: the name, a bar as long as value is of most
// (most is width long), and the value.
func bar(name string, value, most int, c color.NRGBA, width float32) fyne.CanvasObject {
	label := widget.NewLabel(name)
	r := canvas.NewRectangle(c)
	w := width * float32(value) / float32(most)
	if value > 0 && w < 2 {
		w = 2
	}
	r.SetMinSize(fyne.NewSize(w, theme.TextSize()))
	n := widget.NewLabel(strconv.Itoa(value))
	return container.NewHBox(container.NewGridWrap(fyne.NewSize(110, label.MinSize().Height), label), container.NewCenter(r), n)
}

// legend is a colour's key.
func legend(name string, c color.NRGBA) fyne.CanvasObject {
	r := canvas.NewRectangle(c)
	r.SetMinSize(fyne.NewSize(theme.TextSize(), theme.TextSize()))
	return container.NewHBox(container.NewCenter(r), widget.NewLabel(name))
}

// dayName is "Mon 23 Nov" for YYYY-MM-DD.
func dayName(day string) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	return t.Format("Mon 2 Jan")
}
