package mqtt

import (
	"fmt"
	"strings"
)

// Prefix is the first level of every Anjungan topic.
const Prefix = "anjungan"

// Topics names one kiosk's topics.
type Topics struct {
	Site  string
	Kiosk string
}

func (t Topics) base() string { return Prefix + "/" + t.Site + "/kiosk/" + t.Kiosk + "/" }

// Availability is the retained online/offline topic (and the Last Will's).
func (t Topics) Availability() string { return t.base() + "availability" }

// State is the retained kiosk.Status topic.
func (t Topics) State() string { return t.base() + "state" }

// Event is the kiosk.Event topic.
func (t Topics) Event() string { return t.base() + "event" }

// Cmd is where staff send commands.
func (t Topics) Cmd() string { return t.base() + "cmd" }

// Reply is where the kiosk answers commands.
func (t Topics) Reply() string { return t.base() + "reply" }

// Desired is the retained desired-state topic.
func (t Topics) Desired() string { return t.base() + "desired" }

// Fleet is the filter for every kiosk's topics at a site ("+" for all).
func Fleet(site string) string { return Prefix + "/" + site + "/kiosk/+/+" }

// ParseTopic splits a kiosk topic into site, kiosk and leaf.
func ParseTopic(topic string) (site, kiosk, leaf string, err error) {
	p := strings.Split(topic, "/")
	if len(p) != 5 || p[0] != Prefix || p[2] != "kiosk" || p[1] == "" || p[3] == "" || p[4] == "" {
		return "", "", "", fmt.Errorf("mqtt: %q is not an Anjungan kiosk topic", topic)
	}
	return p[1], p[3], p[4], nil
}

// ValidID reports whether s can be a site or kiosk id in a topic: no
// wildcards, separators or spaces.
func ValidID(s string) bool {
	return s != "" && len(s) <= 64 && !strings.ContainsAny(s, "/#+ \t\n\x00")
}
