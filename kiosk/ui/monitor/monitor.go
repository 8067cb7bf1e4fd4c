package monitor

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/fleet"
)

// Commander sends staff commands; the MQTT staff client is one.
type Commander interface {
	Command(ctx context.Context, site, id string, action kiosk.Action, message string) (kiosk.Reply, error)
	SetDesired(site, id string, mode kiosk.Mode, message string) error
}

// Monitor is the staff window: every kiosk with its state and alerts,
// and actions on the selected one. Staff read it in English or
// Indonesian at a desk, so it uses plain Fyne widgets at normal size.
type Monitor struct {
	Window fyne.Window
	Model  *fleet.Model
	Cmd    Commander
	// Timeout bounds the wait for a kiosk's reply.
	Timeout time.Duration
	Now     func() time.Time
	// StatsProblems, when set, says what the Statistik view could not
	// read (a kiosk's file, a site's store), shown above its charts.
	StatsProblems func() []string

	do       func(func())
	site     string
	alerts   bool
	sortBy   string
	selected string // "site/id"
	rows     []fleet.Kiosk

	list    *widget.List
	detail  *fyne.Container
	result  *widget.Label
	summary *widget.Label
	message *widget.Entry
	sites   *widget.Select
	tabs    *container.AppTabs

	stats stats

	mu      sync.Mutex
	pending bool
	// Commands run under Run's context (the background one before Run),
	// and Run returns once the one under way has.
	ctx      context.Context
	stopped  bool
	commands sync.WaitGroup
}

// Sort orders.
const (
	SortAlerts = "Alerts first"
	SortName   = "Site and name"
	SortSeen   = "Last seen"
)

// New makes the monitor window on app. do schedules UI work on the
// Fyne goroutine (fyne.Do when nil).
func New(app fyne.App, model *fleet.Model, cmd Commander, do func(func())) *Monitor {
	if do == nil {
		do = fyne.Do
	}
	m := &Monitor{Model: model, Cmd: cmd, Timeout: 10 * time.Second, Now: time.Now, do: do, sortBy: SortAlerts, ctx: context.Background()}
	m.Window = app.NewWindow("Anjungan — kiosk monitor")
	m.build()
	m.Refresh()
	return m
}

func (m *Monitor) build() {
	m.summary = widget.NewLabel("")
	m.sites = widget.NewSelect([]string{"All sites"}, func(s string) {
		m.site = ""
		if s != "All sites" {
			m.site = s
		}
		m.Refresh()
	})
	m.sites.SetSelected("All sites")
	sorts := widget.NewSelect([]string{SortAlerts, SortName, SortSeen}, func(s string) { m.sortBy = s; m.Refresh() })
	sorts.SetSelected(SortAlerts)
	onlyAlerts := widget.NewCheck("Only kiosks with alerts", func(b bool) { m.alerts = b; m.Refresh() })
	bar := container.NewHBox(widget.NewLabel("Site"), m.sites, widget.NewLabel("Sort"), sorts, onlyAlerts, m.summary)

	m.list = widget.NewList(
		func() int { return len(m.rows) },
		func() fyne.CanvasObject {
			icon := widget.NewIcon(theme.ConfirmIcon())
			title := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			line := widget.NewLabel("")
			alert := widget.NewLabel("")
			alert.Importance = widget.DangerImportance
			return container.NewBorder(nil, nil, icon, nil, container.NewVBox(title, line, alert))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= len(m.rows) {
				return
			}
			k := m.rows[i]
			c := o.(*fyne.Container)
			icon := c.Objects[1].(*widget.Icon)
			box := c.Objects[0].(*fyne.Container)
			switch {
			case !k.Online:
				icon.SetResource(theme.NewErrorThemedResource(theme.MediaStopIcon()))
			case k.Severe():
				icon.SetResource(theme.NewErrorThemedResource(theme.WarningIcon()))
			case len(k.Alerts) > 0:
				icon.SetResource(theme.NewWarningThemedResource(theme.WarningIcon()))
			default:
				icon.SetResource(theme.NewSuccessThemedResource(theme.ConfirmIcon()))
			}
			box.Objects[0].(*widget.Label).SetText(k.Site + " / " + k.ID)
			box.Objects[1].(*widget.Label).SetText(m.rowLine(k))
			third := box.Objects[2].(*widget.Label)
			if a := alertText(k); a != "" {
				third.Importance = widget.DangerImportance
				third.SetText(a)
			} else {
				c := k.Status.Counters
				third.Importance = widget.MediumImportance
				third.SetText(fmt.Sprintf("today: %d visits, %d scans, %d loans, %d returns, %d renewals, %d bookings, %d errors",
					c.Visits, c.Scans, c.Loans, c.Returns, c.Renewals, c.Bookings, c.Errors))
			}
		},
	)
	m.list.OnSelected = func(i widget.ListItemID) {
		if i < len(m.rows) {
			m.selected = m.rows[i].Key()
			m.showDetail()
		}
	}
	m.result = widget.NewLabel("")
	m.result.Wrapping = fyne.TextWrapWord
	m.message = widget.NewEntry()
	m.message.SetPlaceHolder("Message shown on the kiosk")
	m.detail = container.NewVBox(widget.NewLabel("Select a kiosk"))
	split := container.NewHSplit(m.list, container.NewVScroll(m.detail))
	split.Offset = 0.55
	tabs := container.NewAppTabs(container.NewTabItem("Kiosks", split), container.NewTabItem("Statistik", m.buildStats()))
	tabs.OnSelected = func(t *container.TabItem) {
		m.stats.shown = t.Text == "Statistik"
		m.refreshStats()
	}
	m.tabs = tabs
	m.Window.SetContent(container.NewBorder(bar, nil, nil, nil, tabs))
	m.Window.Resize(fyne.NewSize(1200, 760))
}

// rowLine is the one-line summary of a kiosk.
func (m *Monitor) rowLine(k fleet.Kiosk) string {
	now := m.Now()
	st := k.Status
	parts := []string{}
	if k.Online {
		parts = append(parts, "online")
	} else {
		parts = append(parts, "OFFLINE since "+k.Since.Local().Format("15:04:05"))
	}
	if !k.LastSeen.IsZero() {
		parts = append(parts, "seen "+now.Sub(k.LastSeen).Round(time.Second).String()+" ago")
	}
	if st.Mode != "" {
		parts = append(parts, strings.ReplaceAll(string(st.Mode), "_", " "))
	}
	if st.Version != "" {
		parts = append(parts, st.Version)
	}
	if !st.Started.IsZero() {
		parts = append(parts, "up "+st.Uptime().Round(time.Minute).String())
	}
	return strings.Join(parts, " · ")
}

func alertText(k fleet.Kiosk) string {
	var out []string
	for _, a := range k.Alerts {
		s := a.Detail
		if s == "" {
			s = strings.ReplaceAll(a.Kind, "_", " ")
		}
		out = append(out, s)
	}
	return strings.Join(out, "; ")
}

// Refresh redraws from the model. It runs on the Fyne goroutine.
func (m *Monitor) Refresh() {
	if m.list == nil {
		return // still being built
	}
	all := m.Model.Snapshot(m.site)
	known := m.Model.Sites()
	if m.Model.History != nil {
		known = append(known, m.Model.History.Sites()...) // from kiosks' files too
		slices.Sort(known)
		known = slices.Compact(known)
	}
	sites := append([]string{"All sites"}, known...)
	if len(sites) != len(m.sites.Options) {
		m.sites.Options = sites
		m.sites.Refresh()
	}
	rows := all[:0]
	for _, k := range all {
		if !m.alerts || len(k.Alerts) > 0 {
			rows = append(rows, k)
		}
	}
	switch m.sortBy {
	case SortAlerts:
		sort.SliceStable(rows, func(i, j int) bool { return rank(rows[i]) > rank(rows[j]) })
	case SortSeen:
		sort.SliceStable(rows, func(i, j int) bool { return rows[i].LastSeen.Before(rows[j].LastSeen) })
	}
	m.rows = rows
	online, alerting := 0, 0
	for _, k := range rows {
		if k.Online {
			online++
		}
		if k.Severe() {
			alerting++
		}
	}
	m.summary.SetText(fmt.Sprintf("%d kiosks, %d online, %d need attention", len(rows), online, alerting))
	m.list.Refresh()
	m.showDetail()
	m.refreshStats()
}

func rank(k fleet.Kiosk) int {
	switch {
	case k.Severe():
		return 2
	case len(k.Alerts) > 0:
		return 1
	}
	return 0
}

// Run redraws four times a second until ctx ends. A command sent
// meanwhile runs under ctx: Run returns once it has, and sends no more.
func (m *Monitor) Run(ctx context.Context) error {
	m.mu.Lock()
	m.ctx = ctx
	m.mu.Unlock()
	t := time.NewTicker(250 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			m.mu.Lock()
			m.stopped = true
			m.mu.Unlock()
			m.commands.Wait()
			return nil
		case <-t.C:
			// Every tick, changed or not: "seen 5s ago" and offline
			// durations move with the clock.
			m.do(m.Refresh)
		}
	}
}

// showDetail shows the selected kiosk's devices, machines, events and
// actions.
func (m *Monitor) showDetail() {
	var k *fleet.Kiosk
	for i := range m.rows {
		if m.rows[i].Key() == m.selected {
			k = &m.rows[i]
		}
	}
	m.detail.Objects = nil
	if k == nil {
		m.detail.Add(widget.NewLabel("Select a kiosk"))
		m.detail.Refresh()
		return
	}
	m.detail.Add(widget.NewLabelWithStyle(k.Site+" / "+k.ID, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	if msg := k.Status.Message; msg != "" {
		m.detail.Add(widget.NewLabel("Out-of-service message: " + msg))
	}
	if l := k.Status.Link; l != nil {
		text := fmt.Sprintf("Library system: up, round trip %v", l.RTT.Round(time.Microsecond))
		if !l.Up {
			text = "Library system: DOWN since " + l.Since.Local().Format("15:04:05") + " — " + l.LastError
		}
		m.detail.Add(widget.NewLabel(text))
	}
	m.detail.Add(widget.NewLabelWithStyle("Devices", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	for _, d := range k.Status.Devices {
		state := "connected"
		if !d.Connected {
			state = "DISCONNECTED"
		}
		if d.Paper != "" {
			state += ", paper " + d.Paper
		}
		if d.LastError != "" {
			state += " (" + d.LastError + ")"
		}
		m.detail.Add(widget.NewLabel(fmt.Sprintf("%s %s on %s: %s", d.Kind, d.Name, dashed(d.Port), state)))
	}
	if len(k.Status.Machines) > 0 {
		m.detail.Add(widget.NewLabelWithStyle("Makerspace machines", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		for _, mc := range k.Status.Machines {
			line := fmt.Sprintf("%s (%s): %s", mc.ID, mc.Source, mc.State)
			if mc.State == kiosk.MachineBusy {
				line += fmt.Sprintf(" %.0f%%", mc.Progress*100)
				if !mc.Finish.IsZero() {
					line += ", done about " + mc.Finish.Local().Format("15:04")
				}
			}
			if mc.Error != "" {
				line += " — " + mc.Error
			}
			m.detail.Add(widget.NewLabel(line))
		}
	}
	if len(k.Events) > 0 {
		m.detail.Add(widget.NewLabelWithStyle("Recent events", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		for i := len(k.Events) - 1; i >= 0 && i >= len(k.Events)-8; i-- {
			e := k.Events[i]
			m.detail.Add(widget.NewLabel(fmt.Sprintf("%s %s %s %s", e.At.Local().Format("15:04:05"), e.Kind, e.Device, e.Detail)))
		}
	}
	m.detail.Add(widget.NewSeparator())
	m.detail.Add(m.message)
	site, id := k.Site, k.ID
	act := func(label string, a kiosk.Action) *widget.Button {
		return widget.NewButton(label, func() { m.send(site, id, a, m.message.Text) })
	}
	oos := act("Out of service", kiosk.ActionOutOfService)
	oos.Importance = widget.DangerImportance
	m.detail.Add(container.NewGridWithColumns(3,
		oos, act("Back in service", kiosk.ActionInService), act("Show message", kiosk.ActionMessage),
		act("Reload configuration", kiosk.ActionReload), act("Restart app", kiosk.ActionRestart), act("Ping", kiosk.ActionPing)))
	m.detail.Add(m.result)
	m.detail.Refresh()
}

func dashed(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// send carries out an action off the Fyne goroutine and shows the
// kiosk's reply or the timeout. One action at a time.
func (m *Monitor) send(site, id string, a kiosk.Action, message string) {
	m.mu.Lock()
	if m.pending || m.stopped {
		m.mu.Unlock()
		return
	}
	m.pending = true
	ctx := m.ctx
	m.commands.Add(1)
	m.mu.Unlock()
	m.result.SetText(fmt.Sprintf("%s → %s/%s …", a, site, id))
	go func() {
		defer m.commands.Done()
		var err error
		switch a {
		case kiosk.ActionOutOfService:
			err = m.Cmd.SetDesired(site, id, kiosk.ModeOutOfService, message)
		case kiosk.ActionInService:
			err = m.Cmd.SetDesired(site, id, kiosk.ModeInService, "")
		}
		text := ""
		if err != nil {
			text = fmt.Sprintf("%s %s/%s: desired state not published: %v", a, site, id, err)
		} else {
			ctx, cancel := context.WithTimeout(ctx, m.Timeout)
			r, err := m.Cmd.Command(ctx, site, id, a, message)
			cancel()
			switch {
			case err != nil:
				text = fmt.Sprintf("%s %s/%s: %v", a, site, id, err)
			default:
				text = fmt.Sprintf("%s %s/%s: ok — %s", a, site, id, r.Detail)
			}
		}
		m.do(func() {
			m.result.SetText(text)
			m.mu.Lock()
			m.pending = false // the next action may go once this one shows
			m.mu.Unlock()
		})
	}()
}
