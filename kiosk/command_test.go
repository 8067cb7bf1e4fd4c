package kiosk

import (
	"crypto/ed25519"
	"encoding/json"
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

func TestGuardDesired(t *testing.T) {
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	g := &Guard{Kiosk: "k1", Keys: []ed25519.PublicKey{staffPub}, Started: now.Add(-time.Hour)}
	d := Desired{Kiosk: "k1", Mode: ModeOutOfService, Message: "Pemeliharaan", Issued: now.Add(-2 * time.Hour)}
	d.Sign(staffKey)
	// A desired state from before the kiosk started still applies: that is
	// what it is for.
	if err := g.Desired(d, now); err != nil {
		t.Fatal(err)
	}
	older := Desired{Kiosk: "k1", Mode: ModeInService, Issued: now.Add(-3 * time.Hour)}
	older.Sign(staffKey)
	if err := g.Desired(older, now); err == nil {
		t.Fatal("older desired state accepted")
	}
	forged := d
	forged.Message = "lain"
	if err := g.Desired(forged, now); err == nil || !strings.Contains(err.Error(), "bad signature") {
		t.Fatalf("forged: %v", err)
	}
	other := Desired{Kiosk: "k2", Mode: ModeInService, Issued: now}
	other.Sign(staffKey)
	if err := g.Desired(other, now); err == nil {
		t.Fatal("desired state of another kiosk accepted")
	}
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
	d := Desired{Kiosk: "k1", Mode: ModeOutOfService, Issued: now}
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
			if g.Desired(d, now) == nil && !ed25519.Verify(staffPub, d.signed(), d.Sig) {
				t.Fatal("guard passed an unsigned desired state")
			}
		}
	})
}
