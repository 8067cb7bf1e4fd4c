package broker

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// Kiosk is one kiosk a broker serves: its site and its id, which is also
// its user name and its MQTT client id.
type Kiosk struct {
	Site, ID string
}

// ReadKiosks reads a list of kiosks, one "site/kiosk" per line; # starts a
// comment.
func ReadKiosks(r io.Reader) ([]Kiosk, error) {
	var out []Kiosk
	err := eachLine(r, func(n int, line string) error {
		site, id, ok := strings.Cut(line, "/")
		if !ok || !validUser(site) || !validUser(id) {
			return fmt.Errorf("kiosks line %d: want SITE/KIOSK (letters, digits, - _ .), got %q", n, line)
		}
		out = append(out, Kiosk{Site: site, ID: id})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// LoadKiosks reads a list of kiosks from a file.
func LoadKiosks(path string) ([]Kiosk, error) { return loadFile(path, ReadKiosks) }

// KiosksAt makes every user that is not staff a kiosk of one site: a
// small site's list.
func KiosksAt(site string, users Users, staff []string) []Kiosk {
	isStaff := map[string]bool{}
	for _, s := range staff {
		isStaff[s] = true
	}
	var out []Kiosk
	for u := range users {
		if !isStaff[u] {
			out = append(out, Kiosk{Site: site, ID: u})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Rules say who may do what, the same on the embedded broker and, written
// out by WriteMosquittoACL, on Mosquitto: a staff user reads and writes
// every Anjungan topic and reads Home Assistant's; a kiosk user (user name
// = kiosk id) writes only its own availability, state, events and replies
// under its own site, and its own Home Assistant discovery configs, and
// reads only its own commands and desired state; any other user may do
// nothing.
type Rules struct {
	staff  map[string]bool
	kiosks map[string]string // kiosk id → site
}

// NewRules checks the staff users and kiosks: ids that can be topic
// levels, each kiosk at one site, no staff user that is also a kiosk.
func NewRules(staff []string, kiosks []Kiosk) (*Rules, error) {
	r := &Rules{staff: map[string]bool{}, kiosks: map[string]string{}}
	for _, s := range staff {
		if !validUser(s) {
			return nil, fmt.Errorf("staff user %q: only letters, digits, - _ and . are allowed", s)
		}
		r.staff[s] = true
	}
	for _, k := range kiosks {
		if !validUser(k.Site) || !validUser(k.ID) {
			return nil, fmt.Errorf("kiosk %s/%s: only letters, digits, - _ and . are allowed", k.Site, k.ID)
		}
		if r.staff[k.ID] {
			return nil, fmt.Errorf("kiosk %s is also a staff user", k.ID)
		}
		if site, dup := r.kiosks[k.ID]; dup && site != k.Site {
			return nil, fmt.Errorf("kiosk %s is listed at two sites (%s and %s): a kiosk id is its broker user, one per broker", k.ID, site, k.Site)
		}
		r.kiosks[k.ID] = k.Site
	}
	return r, nil
}

// Staff reports whether user is a staff user.
func (r *Rules) Staff(user string) bool { return r.staff[user] }

// Kiosk returns a kiosk user's site.
func (r *Rules) Kiosk(user string) (site string, ok bool) {
	site, ok = r.kiosks[user]
	return site, ok
}

// Kiosk topic leaves: what a kiosk writes, and what it reads.
var (
	kioskWrites = []string{"availability", "state", "event", "reply"}
	kioskReads  = []string{"cmd", "desired"}
)

// Allowed reports whether user may publish to (write) or subscribe to
// (read) topic, which may be a filter with wildcards when reading.
func (r *Rules) Allowed(user, topic string, write bool) bool {
	if r.staff[user] {
		return topic == "anjungan/#" || strings.HasPrefix(topic, "anjungan/") ||
			(!write && (topic == "homeassistant/#" || strings.HasPrefix(topic, "homeassistant/")))
	}
	site, ok := r.kiosks[user]
	if !ok {
		return false
	}
	p := strings.Split(topic, "/")
	if len(p) == 5 && p[0] == "anjungan" && p[1] == site && p[2] == "kiosk" && p[3] == user {
		switch p[4] {
		case "availability", "state", "event", "reply":
			return write
		case "cmd", "desired":
			return !write
		}
		return false
	}
	return write && len(p) == 5 && p[0] == "homeassistant" && p[2] == "anjungan_"+user && p[4] == "config" &&
		plainLevel(p[1]) && plainLevel(p[3])
}

func plainLevel(s string) bool { return s != "" && !strings.ContainsAny(s, "+#") }

// WriteMosquittoACL writes the rules as a Mosquitto acl_file: one block
// per user with literal topics, no "pattern" lines (a %u pattern would
// leave the site to the kiosk).
func (r *Rules) WriteMosquittoACL(w io.Writer) error {
	var b strings.Builder
	b.WriteString(`# Anjungan: who may do what on the broker, written by kioskctl broker acl.
# Staff users read and write every Anjungan topic. Each kiosk (user name =
# kiosk id = MQTT client id) writes only its own availability, state, events
# and replies under its own site and reads only its own commands and desired
# state. A user not named here may do nothing.
`)
	staff := make([]string, 0, len(r.staff))
	for s := range r.staff {
		staff = append(staff, s)
	}
	sort.Strings(staff)
	for _, s := range staff {
		fmt.Fprintf(&b, "\nuser %s\ntopic readwrite anjungan/#\ntopic read homeassistant/#\n", s)
	}
	ids := make([]string, 0, len(r.kiosks))
	for id := range r.kiosks {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool {
		a, b := r.kiosks[ids[i]]+"/"+ids[i], r.kiosks[ids[j]]+"/"+ids[j]
		return a < b
	})
	for _, id := range ids {
		base := "anjungan/" + r.kiosks[id] + "/kiosk/" + id + "/"
		fmt.Fprintf(&b, "\n# %s%s\nuser %s\n", r.kiosks[id], "/"+id, id)
		for _, leaf := range kioskWrites {
			fmt.Fprintf(&b, "topic write %s%s\n", base, leaf)
		}
		for _, leaf := range kioskReads {
			fmt.Fprintf(&b, "topic read %s%s\n", base, leaf)
		}
		fmt.Fprintf(&b, "topic write homeassistant/+/anjungan_%s/+/config\n", id)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
