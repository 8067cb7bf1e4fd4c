package kiosk

import (
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

var (
	staffPub, staffKey = mustKey(1)
	otherPub, otherKey = mustKey(2)
)

func mustKey(seed byte) (ed25519.PublicKey, ed25519.PrivateKey) {
	k := ed25519.NewKeyFromSeed([]byte(strings.Repeat(string(rune('a'+seed)), 32)))
	return k.Public().(ed25519.PublicKey), k
}

func TestGuardCommand(t *testing.T) {
	start := time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)
	now := start.Add(time.Hour)
	cmd := func(edit func(*Command), key ed25519.PrivateKey) Command {
		c := Command{ID: "c1", Kiosk: "k1", Action: ActionOutOfService, Message: "Sedang diperbaiki", Issued: now, Expires: now.Add(2 * time.Minute), By: "ani"}
		if edit != nil {
			edit(&c)
		}
		c.Sign(key)
		return c
	}
	tests := []struct {
		name  string
		c     Command
		after func(*Command) // applied after signing: tampering
		want  string
	}{
		{"valid", cmd(nil, staffKey), nil, ""},
		{"other key", cmd(nil, otherKey), nil, "bad signature"},
		{"message altered", cmd(nil, staffKey), func(c *Command) { c.Message = "Tutup selamanya" }, "bad signature"},
		{"action altered", cmd(nil, staffKey), func(c *Command) { c.Action = ActionRestart }, "bad signature"},
		{"kiosk altered", cmd(nil, staffKey), func(c *Command) { c.Kiosk = "k2" }, "bad signature"},
		{"expiry stretched", cmd(nil, staffKey), func(c *Command) { c.Expires = c.Expires.Add(time.Hour) }, "bad signature"},
		{"no signature", cmd(nil, staffKey), func(c *Command) { c.Sig = nil }, "bad signature"},
		{"other kiosk", cmd(func(c *Command) { c.Kiosk = "k2" }, staffKey), nil, `addressed to kiosk "k2"`},
		{"expired", cmd(func(c *Command) { c.Issued, c.Expires = now.Add(-3*time.Minute), now.Add(-time.Second) }, staffKey), nil, "expired"},
		{"expires now", cmd(func(c *Command) { c.Issued, c.Expires = now.Add(-time.Minute), now }, staffKey), nil, "expired"},
		{"from the future", cmd(func(c *Command) { c.Issued, c.Expires = now.Add(5*time.Minute), now.Add(6*time.Minute) }, staffKey), nil, "future"},
		{"small clock skew", cmd(func(c *Command) { c.Issued, c.Expires = now.Add(30*time.Second), now.Add(2*time.Minute) }, staffKey), nil, ""},
		{"too long lived", cmd(func(c *Command) { c.Expires = now.Add(time.Hour) }, staffKey), nil, "lifetime"},
		{"before the kiosk started", cmd(func(c *Command) { c.Issued = start.Add(-time.Second); c.Expires = start.Add(5 * time.Minute) }, staffKey), nil, "before the kiosk started"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := &Guard{Kiosk: "k1", Keys: []ed25519.PublicKey{otherPub[:0], staffPub}, Started: start}
			c := tt.c
			if tt.after != nil {
				tt.after(&c)
			}
			at := now
			if tt.name == "before the kiosk started" {
				at = start.Add(time.Minute)
			}
			err := g.Command(c, at)
			if (err == nil) != (tt.want == "") || (err != nil && !strings.Contains(err.Error(), tt.want)) {
				t.Fatalf("Command = %v, want %q", err, tt.want)
			}
		})
	}
	// A replay is refused, also as re-encoded JSON; a new ID passes.
	g := &Guard{Kiosk: "k1", Keys: []ed25519.PublicKey{staffPub}, Started: start}
	c := cmd(nil, staffKey)
	if err := g.Command(c, now); err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(c)
	again, err := ParseCommand(b)
	if err != nil {
		t.Fatal(err)
	}
	if err := g.Command(again, now.Add(time.Second)); err == nil || !strings.Contains(err.Error(), "replayed") {
		t.Fatalf("replay: %v", err)
	}
	if err := g.Command(cmd(func(c *Command) { c.ID = "c2" }, staffKey), now); err != nil {
		t.Fatalf("second command: %v", err)
	}
	// Seen IDs are forgotten once expired (they would be refused anyway).
	later := now.Add(5 * time.Minute)
	if err := g.Command(cmd(func(c *Command) { c.ID, c.Issued, c.Expires = "c3", later, later.Add(time.Minute) }, staffKey), later); err != nil {
		t.Fatal(err)
	}
	if len(g.seen) != 1 {
		t.Fatalf("%d seen ids kept, want 1", len(g.seen))
	}
}

// memStore is a DesiredStore in memory, shared by the Guards of one
// kiosk's "restarts".
type memStore struct {
	d                Desired
	ok               bool
	loadErr, saveErr error
}

func (m *memStore) LoadDesired() (Desired, bool, error) { return m.d, m.ok, m.loadErr }
func (m *memStore) SaveDesired(d Desired) error {
	if m.saveErr != nil {
		return m.saveErr
	}
	m.d, m.ok = d, true
	return nil
}

func TestGuardDesired(t *testing.T) {
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	desired := func(seq uint64, mode Mode, issued time.Time, key ed25519.PrivateKey) Desired {
		d := Desired{Kiosk: "k1", Seq: seq, Mode: mode, Message: "Pemeliharaan", Issued: issued, By: "ani"}
		d.Sign(key)
		return d
	}
	store := &memStore{}
	g := &Guard{Kiosk: "k1", Keys: []ed25519.PublicKey{staffPub}, Started: now.Add(-time.Hour), Store: store}
	must := func(g *Guard, d Desired, wantFresh bool) {
		t.Helper()
		fresh, err := g.Desired(d, now)
		if err != nil || fresh != wantFresh {
			t.Fatalf("Desired(seq %d) = %v, %v; want fresh %v", d.Seq, fresh, err, wantFresh)
		}
	}
	refused := func(g *Guard, d Desired, why string) {
		t.Helper()
		if _, err := g.Desired(d, now); err == nil || !strings.Contains(err.Error(), why) {
			t.Fatalf("Desired(seq %d) = %v, want %q", d.Seq, err, why)
		}
	}
	// A desired state from before the kiosk started still applies: that is
	// what it is for.
	out := desired(1, ModeOutOfService, now.Add(-2*time.Hour), staffKey)
	must(g, out, true)
	must(g, out, false) // the retained one again, at a reconnection
	in := desired(2, ModeInService, now.Add(-time.Hour), staffKey)
	must(g, in, true)
	if g.DesiredSeq() != 2 || !store.ok || store.d.Seq != 2 {
		t.Fatalf("in force %d, stored %+v", g.DesiredSeq(), store.d)
	}
	// The captured out-of-service one, played back: refused, whatever its
	// issue time, before and after a restart.
	refused(g, out, "version 1 is not newer than version 2")
	later := desired(1, ModeOutOfService, now, staffKey) // a later issue time is no newer version
	refused(g, later, "not newer")
	restarted := &Guard{Kiosk: "k1", Keys: []ed25519.PublicKey{staffPub}, Started: now, Store: store}
	if d, ok, err := restarted.InForce(); err != nil || !ok || d.Mode != ModeInService || d.Seq != 2 {
		t.Fatalf("in force after a restart: %+v %v %v", d, ok, err)
	}
	refused(restarted, out, "not newer")
	must(restarted, in, false)
	// Another state under the number in force: refused too.
	refused(restarted, desired(2, ModeOutOfService, now, staffKey), "not newer")
	must(restarted, desired(3, ModeOutOfService, now, staffKey), true)
	// Without a store the memory ends with the process: that is the
	// replay after a restart this guards against.
	forgetful := &Guard{Kiosk: "k1", Keys: []ed25519.PublicKey{staffPub}, Started: now}
	must(forgetful, out, true)

	// Forged, another kiosk's, from the future, unsigned by a trusted key.
	forged := desired(9, ModeInService, now, staffKey)
	forged.Mode = ModeOutOfService
	refused(restarted, forged, "bad signature")
	refused(restarted, desired(9, ModeInService, now, otherKey), "bad signature")
	other := Desired{Kiosk: "k2", Seq: 9, Mode: ModeInService, Issued: now}
	other.Sign(staffKey)
	refused(restarted, other, `addressed to kiosk "k2"`)
	refused(restarted, desired(9, ModeInService, now.Add(5*time.Minute), staffKey), "future")

	// A saved state signed by a key the kiosk no longer trusts is not
	// applied at start, but still bars older versions.
	untrusted := &memStore{d: desired(5, ModeOutOfService, now, otherKey), ok: true}
	g2 := &Guard{Kiosk: "k1", Keys: []ed25519.PublicKey{staffPub}, Store: untrusted}
	if _, ok, _ := g2.InForce(); ok {
		t.Fatal("a state signed by an untrusted key is in force")
	}
	refused(g2, desired(4, ModeInService, now, staffKey), "not newer")
	must(g2, desired(6, ModeInService, now, staffKey), true)
	// A store that cannot be written: applied, and said.
	g3 := &Guard{Kiosk: "k1", Keys: []ed25519.PublicKey{staffPub}, Store: &memStore{saveErr: errors.New("disk full")}}
	if fresh, err := g3.Desired(desired(1, ModeOutOfService, now, staffKey), now); !fresh || !errors.Is(err, ErrDesiredNotKept) {
		t.Fatalf("unsaved: %v %v", fresh, err)
	}
	// A store that cannot be read: nothing is accepted, and it says why.
	g4 := &Guard{Kiosk: "k1", Keys: []ed25519.PublicKey{staffPub}, Store: &memStore{loadErr: errors.New("permission denied")}}
	refused(g4, desired(7, ModeInService, now, staffKey), "cannot be read")
}

func TestParseCommand(t *testing.T) {
	ok := `{"v":1,"id":"x","kiosk":"k1","action":"ping","issued":"2026-11-23T09:00:00Z","expires":"2026-11-23T09:05:00Z","sig":""}`
	if _, err := ParseCommand([]byte(ok)); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{
		`{`, `[]`, `{"v":2,"id":"x","kiosk":"k1","action":"ping","issued":"2026-11-23T09:00:00Z","expires":"2026-11-23T09:05:00Z"}`,
		`{"v":1,"kiosk":"k1","action":"ping","issued":"2026-11-23T09:00:00Z","expires":"2026-11-23T09:05:00Z"}`,
		`{"v":1,"id":"x","kiosk":"k1","action":"format_disk","issued":"2026-11-23T09:00:00Z","expires":"2026-11-23T09:05:00Z"}`,
		`{"v":1,"id":"x","kiosk":"k1","action":"ping"}`,
		`{"v":1,"id":"x","kiosk":"k1","action":"ping","issued":"yesterday","expires":"2026-11-23T09:05:00Z"}`,
		`{"v":1,"id":"x","kiosk":"k1","action":"message","message":"` + strings.Repeat("a", 600) + `","issued":"2026-11-23T09:00:00Z","expires":"2026-11-23T09:05:00Z"}`,
		strings.Repeat(" ", 5000),
	} {
		if _, err := ParseCommand([]byte(bad)); err == nil {
			t.Errorf("accepted %.80s", bad)
		}
	}
}

// FuzzCommand: any payload parses or fails without panicking, and a
// payload passes the guard only if a trusted key signed exactly what it
// says.
func FuzzCommand(f *testing.F) {
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	c := Command{ID: "c1", Kiosk: "k1", Action: ActionMessage, Message: "Halo", Issued: now, Expires: now.Add(time.Minute)}
	c.Sign(staffKey)
	good, _ := json.Marshal(c)
	d := Desired{Kiosk: "k1", Seq: 1, Mode: ModeOutOfService, Issued: now}
	d.Sign(staffKey)
	desired, _ := json.Marshal(d)
	f.Add(good)
	f.Add(desired)
	f.Add([]byte(`{"v":1}`))
	f.Fuzz(func(t *testing.T, payload []byte) {
		g := &Guard{Kiosk: "k1", Keys: []ed25519.PublicKey{staffPub}, Started: now.Add(-time.Hour)}
		if c, err := ParseCommand(payload); err == nil {
			if g.Command(c, now) == nil && !ed25519.Verify(staffPub, c.signed(), c.Sig) {
				t.Fatal("guard passed an unsigned command")
			}
		}
		if d, err := ParseDesired(payload); err == nil {
			if _, err := g.Desired(d, now); err == nil && !ed25519.Verify(staffPub, d.signed(), d.Sig) {
				t.Fatal("guard passed an unsigned desired state")
			}
		}
	})
}
