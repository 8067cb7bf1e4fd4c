package kiosk

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Action is what a staff command asks of a kiosk.
type Action string

// Actions.
const (
	ActionOutOfService Action = "out_of_service" // stop serving patrons, show Message
	ActionInService    Action = "in_service"
	ActionMessage      Action = "message" // show Message to patrons on the home screen
	ActionReload       Action = "reload"  // read the configuration file again
	ActionRestart      Action = "restart" // restart the kiosk program
	ActionPing         Action = "ping"
)

// Valid reports whether a is a known action.
func (a Action) Valid() bool {
	switch a {
	case ActionOutOfService, ActionInService, ActionMessage, ActionReload, ActionRestart, ActionPing:
		return true
	}
	return false
}

// Command is a signed instruction from a staff tool to one kiosk. The
// kiosk checks it itself, whatever the broker allowed: the signature
// (Ed25519, by a key in its configuration), that it is addressed to this
// kiosk, that it is current, and that its ID was not seen before.
type Command struct {
	V       int       `json:"v"`
	ID      string    `json:"id"`
	Kiosk   string    `json:"kiosk"`
	Action  Action    `json:"action"`
	Message string    `json:"message,omitempty"`
	Issued  time.Time `json:"issued"`
	Expires time.Time `json:"expires"`
	By      string    `json:"by,omitempty"` // the staff member, for logs
	Sig     []byte    `json:"sig"`
}

// Desired is the state staff want a kiosk in, kept retained by the broker
// so that it survives a kiosk restart. It is signed like a command, and
// numbered: Seq is one more than the last the staff tool knew of (the
// retained one, or the one the kiosk reports in its state), and a kiosk
// refuses one not newer than the one it holds, which it keeps across
// restarts (Guard.Store). An old signed desired state captured from the
// broker cannot be played back.
type Desired struct {
	V       int       `json:"v"`
	Kiosk   string    `json:"kiosk"`
	Seq     uint64    `json:"seq"`
	Mode    Mode      `json:"mode"`
	Message string    `json:"message,omitempty"`
	Issued  time.Time `json:"issued"`
	By      string    `json:"by,omitempty"`
	Sig     []byte    `json:"sig"`
}

// Reply answers a command.
type Reply struct {
	V      int       `json:"v"`
	ID     string    `json:"id"`
	Kiosk  string    `json:"kiosk"`
	At     time.Time `json:"at"`
	OK     bool      `json:"ok"`
	Error  string    `json:"error,omitempty"`
	Detail string    `json:"detail,omitempty"`
}

// Limits on commands.
const (
	MaxCommandLife = 10 * time.Minute // Expires - Issued
	ClockSkew      = time.Minute      // tolerated between staff PC and kiosk
	maxPayload     = 4096
	maxMessage     = 500
)

// signedBytes is the canonical form that is signed: each field
// length-prefixed, times in Unix seconds, so no JSON spelling matters.
func signedBytes(kind string, fields ...string) []byte {
	b := []byte("anjungan/" + kind + "/1")
	for _, f := range fields {
		b = binary.AppendUvarint(b, uint64(len(f)))
		b = append(b, f...)
	}
	return b
}

func unixString(t time.Time) string { return strconv.FormatInt(t.Unix(), 10) }

func (c *Command) signed() []byte {
	return signedBytes("command", c.ID, c.Kiosk, string(c.Action), c.Message, unixString(c.Issued), unixString(c.Expires), c.By)
}

func (d *Desired) signed() []byte {
	return signedBytes("desired", d.Kiosk, strconv.FormatUint(d.Seq, 10), string(d.Mode), d.Message, unixString(d.Issued), d.By)
}

// Sign fills in the version and signs the command with key.
func (c *Command) Sign(key ed25519.PrivateKey) {
	c.V = StatusVersion
	c.Issued, c.Expires = c.Issued.UTC().Truncate(time.Second), c.Expires.UTC().Truncate(time.Second)
	c.Sig = ed25519.Sign(key, c.signed())
}

// Sign fills in the version and signs the desired state with key.
func (d *Desired) Sign(key ed25519.PrivateKey) {
	d.V = StatusVersion
	d.Issued = d.Issued.UTC().Truncate(time.Second)
	d.Sig = ed25519.Sign(key, d.signed())
}

func verify(keys []ed25519.PublicKey, msg, sig []byte) bool {
	if len(sig) != ed25519.SignatureSize {
		return false
	}
	for _, k := range keys {
		if len(k) == ed25519.PublicKeySize && ed25519.Verify(k, msg, sig) {
			return true
		}
	}
	return false
}

// ParseCommand decodes a command payload, checking its shape only.
func ParseCommand(payload []byte) (Command, error) {
	var c Command
	if len(payload) > maxPayload {
		return c, errors.New("command: payload too large")
	}
	if err := json.Unmarshal(payload, &c); err != nil {
		return c, fmt.Errorf("command: %w", err)
	}
	switch {
	case c.V != StatusVersion:
		return c, fmt.Errorf("command: version %d, want %d", c.V, StatusVersion)
	case c.ID == "" || len(c.ID) > 64:
		return c, errors.New("command: id missing or too long")
	case !c.Action.Valid():
		return c, fmt.Errorf("command: unknown action %q", c.Action)
	case len(c.Message) > maxMessage:
		return c, errors.New("command: message too long")
	case c.Issued.IsZero() || c.Expires.IsZero():
		return c, errors.New("command: issued and expires are required")
	}
	return c, nil
}

// ParseDesired decodes a desired-state payload, checking its shape only.
func ParseDesired(payload []byte) (Desired, error) {
	var d Desired
	if len(payload) > maxPayload {
		return d, errors.New("desired: payload too large")
	}
	if err := json.Unmarshal(payload, &d); err != nil {
		return d, fmt.Errorf("desired: %w", err)
	}
	switch {
	case d.V != StatusVersion:
		return d, fmt.Errorf("desired: version %d, want %d", d.V, StatusVersion)
	case d.Mode != ModeInService && d.Mode != ModeOutOfService:
		return d, fmt.Errorf("desired: unknown mode %q", d.Mode)
	case len(d.Message) > maxMessage:
		return d, errors.New("desired: message too long")
	case d.Issued.IsZero():
		return d, errors.New("desired: issued is required")
	case d.Seq == 0:
		return d, errors.New("desired: seq is required (sent by a staff tool older than the kiosk?)")
	}
	return d, nil
}

// DesiredStore keeps the last desired state a kiosk accepted, across
// restarts. Load returns false when there is none yet.
type DesiredStore interface {
	LoadDesired() (Desired, bool, error)
	SaveDesired(Desired) error
}

// ErrDesiredNotKept is wrapped in the error of a desired state that was
// accepted but could not be saved: apply it, and tell staff.
var ErrDesiredNotKept = errors.New("desired state applied but not kept")

// Guard checks commands and desired states for one kiosk: signature by a
// trusted key, addressed to this kiosk, current, not replayed. Its
// errors say why in words for the staff event.
type Guard struct {
	Kiosk string
	Keys  []ed25519.PublicKey
	// Started: commands issued before the kiosk started are refused, so
	// that a restart cannot open a window for replays.
	Started time.Time

	// Store keeps the desired state in force across restarts; without
	// one the kiosk remembers it only until it stops.
	Store DesiredStore

	mu      sync.Mutex
	seen    map[string]time.Time // command id → expiry
	desired Desired              // in force; Seq 0 before the first
	valid   bool                 // desired is signed by a trusted key
	loaded  bool
	loadErr error
}

// Command verifies c at now and records its ID.
func (g *Guard) Command(c Command, now time.Time) error {
	switch {
	case !verify(g.Keys, c.signed(), c.Sig):
		return errors.New("bad signature")
	case c.Kiosk != g.Kiosk:
		return fmt.Errorf("addressed to kiosk %q", c.Kiosk)
	case c.Expires.Sub(c.Issued) > MaxCommandLife || !c.Expires.After(c.Issued):
		return fmt.Errorf("lifetime %v: want up to %v", c.Expires.Sub(c.Issued), MaxCommandLife)
	case now.Add(ClockSkew).Before(c.Issued):
		return fmt.Errorf("issued in the future (%s)", c.Issued.UTC().Format(time.RFC3339))
	case !now.Before(c.Expires):
		return fmt.Errorf("expired at %s", c.Expires.UTC().Format(time.RFC3339))
	case c.Issued.Before(g.Started.Truncate(time.Second)):
		return errors.New("issued before the kiosk started")
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.seen == nil {
		g.seen = map[string]time.Time{}
	}
	for id, exp := range g.seen {
		if !now.Before(exp) {
			delete(g.seen, id) // expired commands are refused anyway
		}
	}
	if _, dup := g.seen[c.ID]; dup {
		return fmt.Errorf("replayed command %s", c.ID)
	}
	g.seen[c.ID] = c.Expires
	return nil
}

// Desired verifies d and refuses one not newer than the desired state in
// force, also after a restart when the Guard has a Store. fresh is false
// for the one in force received again (the broker hands the retained one
// over at every reconnection): nothing to do.
func (g *Guard) Desired(d Desired, now time.Time) (fresh bool, err error) {
	switch {
	case !verify(g.Keys, d.signed(), d.Sig):
		return false, errors.New("bad signature")
	case d.Kiosk != g.Kiosk:
		return false, fmt.Errorf("addressed to kiosk %q", d.Kiosk)
	case now.Add(ClockSkew).Before(d.Issued):
		return false, fmt.Errorf("issued in the future (%s)", d.Issued.UTC().Format(time.RFC3339))
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.load()
	if g.loadErr != nil {
		return false, g.loadErr // no memory: nothing can be shown to be newer
	}
	switch in := g.desired; {
	case d.Seq == in.Seq && bytes.Equal(d.Sig, in.Sig):
		return false, nil
	case d.Seq <= in.Seq:
		return false, fmt.Errorf("version %d is not newer than version %d in force (%s, %s)", d.Seq, in.Seq, in.Mode, in.Issued.UTC().Format(time.RFC3339))
	}
	g.desired, g.valid = d, true
	if g.Store != nil {
		if err := g.Store.SaveDesired(d); err != nil {
			return true, fmt.Errorf("%w: %v", ErrDesiredNotKept, err)
		}
	}
	return true, nil
}

// InForce returns the desired state in force, from the Store after a
// restart, if there is one a trusted key signed.
func (g *Guard) InForce() (Desired, bool, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.load()
	return g.desired, g.valid, g.loadErr
}

// DesiredSeq is the version of the desired state in force, 0 for none; a
// kiosk reports it so that staff tools number the next one.
func (g *Guard) DesiredSeq() uint64 {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.load()
	return g.desired.Seq
}

// load reads the Store once. A saved state whose signature no longer
// verifies (its key was taken off the kiosk) is not applied, but its
// version still bars older ones.
func (g *Guard) load() {
	if g.loaded || g.Store == nil {
		return
	}
	g.loaded = true
	d, ok, err := g.Store.LoadDesired()
	if err != nil {
		g.loadErr = fmt.Errorf("the desired state in force cannot be read: %w", err)
		return
	}
	if ok && d.Seq > g.desired.Seq {
		g.desired = d
		g.valid = verify(g.Keys, d.signed(), d.Sig) && d.Kiosk == g.Kiosk
	}
}

// ParsePublicKey reads an Ed25519 public key written in base64 (standard
// or URL) or hex, as `kioskctl keygen` prints it.
func ParsePublicKey(s string) (ed25519.PublicKey, error) {
	s = strings.TrimSpace(s)
	for _, dec := range []func(string) ([]byte, error){
		hex.DecodeString, base64.StdEncoding.DecodeString, base64.RawStdEncoding.DecodeString,
		base64.URLEncoding.DecodeString, base64.RawURLEncoding.DecodeString,
	} {
		if b, err := dec(s); err == nil && len(b) == ed25519.PublicKeySize {
			return ed25519.PublicKey(b), nil
		}
	}
	return nil, fmt.Errorf("%q is not an Ed25519 public key (32 bytes in base64 or hex)", s)
}
