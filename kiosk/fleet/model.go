package fleet

import (
	"encoding/json"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/anjungan/anjungan/kiosk"
)

// Kiosk is one kiosk as staff see it.
type Kiosk struct {
	Site, ID string
	Online   bool
	// LastSeen is when the kiosk was last heard from: the time its
	// newest state or event carries, by the kiosk's clock (a message that
	// carries none counts when it arrived, if it arrived live). Since is
	// when Online last changed: for a change seen live, when the broker
	// said so (a Last Will arrives when the broker gives the kiosk up);
	// for one found retained on the broker, LastSeen, what the kiosk last
	// said before it went. Either is zero when unknown.
	Since    time.Time
	LastSeen time.Time
	Status   kiosk.Status // the last state; zero before the first
	Events   []kiosk.Event
	Alerts   []Alert

	sinceSeen bool // Since follows LastSeen (a retained availability)
}

// Key is "site/id".
func (k Kiosk) Key() string { return k.Site + "/" + k.ID }

// Alert is something staff should look at.
type Alert struct {
	Kind   string // offline, scanner, printer, paper, camera, link, machine, out_of_service
	Detail string
	Severe bool
}

// Alert kinds.
const (
	AlertOffline      = "offline"
	AlertScanner      = "scanner"
	AlertPrinter      = "printer"
	AlertPaper        = "paper"
	AlertCamera       = "camera"
	AlertLink         = "link"
	AlertMachine      = "machine"
	AlertOutOfService = "out_of_service"
)

// Model is the fleet. Its methods are safe for concurrent use.
type Model struct {
	// OfflineAfter: a kiosk offline longer than this is a severe alert
	// (shorter blips, like a broker restart, are not); 60s when zero.
	OfflineAfter time.Duration
	// KeepEvents is how many recent events are kept per kiosk; 20 when
	// zero.
	KeepEvents int
	Now        func() time.Time
	// Observe, when set, sees every state applied (after the model has
	// it); for measurements. It must not block.
	Observe func(site, id string, st kiosk.Status)
	// History, when set, keeps each state's counters per day.
	History *History

	mu      sync.Mutex
	kiosks  map[string]*Kiosk
	version uint64
	onApply func()
}

// NewModel returns an empty model on the real clock.
func NewModel() *Model { return &Model{Now: time.Now} }

// SetOnChange sets a function called after each applied message; it must
// not block.
func (m *Model) SetOnChange(fn func()) {
	m.mu.Lock()
	m.onApply = fn
	m.mu.Unlock()
}

// Version counts applied messages; a reader can tell whether anything
// changed since its last snapshot.
func (m *Model) Version() uint64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.version
}

// Leaves of kiosk topics the model reads.
const (
	LeafAvailability = "availability"
	LeafState        = "state"
	LeafEvent        = "event"
	LeafReply        = "reply"
)

// Message is one message from a kiosk's topics. Retained is the broker's
// flag: the message was kept from before the subscription, so when it
// arrived says nothing of when it was sent.
type Message struct {
	Site, ID, Leaf string
	Payload        []byte
	Retained       bool
}

// Apply takes one message from a kiosk, as it happens (not retained).
func (m *Model) Apply(site, id, leaf string, payload []byte) error {
	return m.Receive(Message{Site: site, ID: id, Leaf: leaf, Payload: payload})
}

// Receive takes one message from a kiosk. A malformed payload is an error
// and changes nothing.
func (m *Model) Receive(msg Message) error {
	now := m.Now()
	site, id, leaf, payload := msg.Site, msg.ID, msg.Leaf, msg.Payload
	var st kiosk.Status
	var ev kiosk.Event
	var said time.Time // when the kiosk says it sent the message
	switch leaf {
	case LeafAvailability:
		if p := string(payload); p != "online" && p != "offline" && p != "" {
			return fmt.Errorf("fleet: %s/%s availability %q", site, id, truncate(p))
		}
	case LeafState:
		if len(payload) == 0 {
			break // a cleared retained state
		}
		if err := json.Unmarshal(payload, &st); err != nil {
			return fmt.Errorf("fleet: %s/%s state: %w", site, id, err)
		}
		if st.V != kiosk.StatusVersion || st.Kiosk != id {
			return fmt.Errorf("fleet: %s/%s state: version %d for kiosk %q", site, id, st.V, st.Kiosk)
		}
		said = st.At
	case LeafEvent:
		if err := json.Unmarshal(payload, &ev); err != nil {
			return fmt.Errorf("fleet: %s/%s event: %w", site, id, err)
		}
		said = ev.At
	default:
		return nil // commands, replies, desired: not the model's
	}
	if said.IsZero() && !msg.Retained && (leaf != LeafAvailability || string(payload) == "online") {
		said = now // no time of its own: live, it was sent just now
	}
	m.mu.Lock()
	if m.kiosks == nil {
		m.kiosks = map[string]*Kiosk{}
	}
	k := m.kiosks[site+"/"+id]
	if k == nil {
		k = &Kiosk{Site: site, ID: id}
		m.kiosks[site+"/"+id] = k
	}
	if said.After(k.LastSeen) {
		k.LastSeen = said
	}
	switch leaf {
	case LeafAvailability:
		online := string(payload) == "online"
		if online != k.Online || (k.Since.IsZero() && !k.sinceSeen) {
			k.Online = online
			if msg.Retained {
				k.Since, k.sinceSeen = k.LastSeen, true
			} else {
				k.Since, k.sinceSeen = now, false
			}
		}
	case LeafState:
		if len(payload) > 0 {
			k.Status = st
		}
	case LeafEvent:
		keep := m.KeepEvents
		if keep <= 0 {
			keep = 20
		}
		k.Events = append(k.Events, ev)
		if len(k.Events) > keep {
			k.Events = append([]kiosk.Event(nil), k.Events[len(k.Events)-keep:]...)
		}
	}
	if k.sinceSeen {
		k.Since = k.LastSeen // the retained state may come after the availability
	}
	m.version++
	fn := m.onApply
	m.mu.Unlock()
	if fn != nil {
		fn()
	}
	if m.History != nil && leaf == LeafState && len(payload) > 0 {
		m.History.Record(site, id, st.Counters)
	}
	if m.Observe != nil && leaf == LeafState && len(payload) > 0 {
		m.Observe(site, id, st)
	}
	return nil
}

func truncate(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// Snapshot returns every kiosk with its alerts, sorted by site and id;
// site "" is every site.
func (m *Model) Snapshot(site string) []Kiosk {
	now := m.Now()
	m.mu.Lock()
	out := make([]Kiosk, 0, len(m.kiosks))
	for _, k := range m.kiosks {
		if site != "" && k.Site != site {
			continue
		}
		c := *k
		c.Events = append([]kiosk.Event(nil), k.Events...)
		c.Status.Devices = append([]kiosk.DeviceStatus(nil), k.Status.Devices...)
		c.Status.Machines = append([]kiosk.MachineState(nil), k.Status.Machines...)
		c.Alerts = m.alerts(&c, now)
		out = append(out, c)
	}
	m.mu.Unlock()
	sort.Slice(out, func(i, j int) bool { return out[i].Key() < out[j].Key() })
	return out
}

// Sites lists the sites seen.
func (m *Model) Sites() []string {
	m.mu.Lock()
	seen := map[string]bool{}
	for _, k := range m.kiosks {
		seen[k.Site] = true
	}
	m.mu.Unlock()
	var out []string
	for s := range seen {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// alerts works out what stands out about k at now.
func (m *Model) alerts(k *Kiosk, now time.Time) []Alert {
	var a []Alert
	after := m.OfflineAfter
	if after <= 0 {
		after = time.Minute
	}
	if !k.Online {
		since := k.Since
		if since.IsZero() {
			since = k.LastSeen
		}
		if since.IsZero() { // never heard from: no telling how long
			return append(a, Alert{Kind: AlertOffline, Detail: "offline, never heard from", Severe: true})
		}
		d := max(now.Sub(since), 0).Round(time.Second)
		a = append(a, Alert{Kind: AlertOffline, Detail: fmt.Sprintf("offline for %v", d), Severe: d >= after})
		return a // what it said before going away may be stale
	}
	st := k.Status
	if st.Mode == kiosk.ModeOutOfService {
		a = append(a, Alert{Kind: AlertOutOfService, Detail: st.Message})
	}
	for _, d := range st.Devices {
		switch {
		case d.Kind == kiosk.DeviceScanner && !d.Connected:
			a = append(a, Alert{Kind: AlertScanner, Detail: d.Name + " disconnected", Severe: true})
		case d.Kind == kiosk.DeviceCamera && !d.Connected:
			a = append(a, Alert{Kind: AlertCamera, Detail: d.Name + " disconnected", Severe: true})
		case d.Kind == kiosk.DevicePrinter && !d.Connected:
			a = append(a, Alert{Kind: AlertPrinter, Detail: d.Name + " disconnected", Severe: true})
		case d.Kind == kiosk.DevicePrinter && d.Paper == "out":
			a = append(a, Alert{Kind: AlertPaper, Detail: d.Name + ": paper out", Severe: true})
		case d.Kind == kiosk.DevicePrinter && d.Paper == "near_end":
			a = append(a, Alert{Kind: AlertPaper, Detail: d.Name + ": paper near its end"})
		case d.Kind == kiosk.DevicePrinter && d.CoverOpen:
			a = append(a, Alert{Kind: AlertPrinter, Detail: d.Name + ": cover open", Severe: true})
		}
	}
	if st.Link != nil && !st.Link.Up {
		a = append(a, Alert{Kind: AlertLink, Detail: "library system unreachable: " + st.Link.LastError, Severe: true})
	}
	for _, mc := range st.Machines {
		if mc.State == kiosk.MachineError {
			a = append(a, Alert{Kind: AlertMachine, Detail: mc.ID + ": " + mc.Error, Severe: true})
		}
		if mc.Warning != "" {
			a = append(a, Alert{Kind: AlertMachine, Detail: mc.ID + ": " + mc.Warning})
		}
	}
	return a
}

// Severe reports whether any alert is severe.
func (k Kiosk) Severe() bool {
	for _, a := range k.Alerts {
		if a.Severe {
			return true
		}
	}
	return false
}
