package broker

import (
	"bytes"
	"strings"
	"testing"
)

func TestAllowed(t *testing.T) {
	tests := []struct {
		user, topic string
		write, want bool
	}{
		{"k1", "anjungan/pusat/kiosk/k1/state", true, true},
		{"k1", "anjungan/pusat/kiosk/k1/availability", true, true},
		{"k1", "anjungan/pusat/kiosk/k1/event", true, true},
		{"k1", "anjungan/pusat/kiosk/k1/reply", true, true},
		{"k1", "anjungan/pusat/kiosk/k1/cmd", false, true},
		{"k1", "anjungan/+/kiosk/k1/desired", false, true},
		{"k1", "anjungan/pusat/kiosk/k1/cmd", true, false},     // a kiosk does not command itself
		{"k1", "anjungan/pusat/kiosk/k1/desired", true, false}, // nor set its own desired state
		{"k1", "anjungan/pusat/kiosk/k1/state", false, false},
		{"k1", "anjungan/pusat/kiosk/k2/state", true, false},
		{"k1", "anjungan/pusat/kiosk/k2/cmd", false, false},
		{"k1", "anjungan/pusat/kiosk/+/cmd", false, false},
		{"k1", "anjungan/#", false, false},
		{"k1", "#", false, false},
		{"k1", "anjungan/pusat/kiosk/k1/state/extra", true, false},
		{"k1", "homeassistant/sensor/anjungan_k1/mode/config", true, true},
		{"k1", "homeassistant/sensor/anjungan_k2/mode/config", true, false},
		{"k1", "homeassistant/sensor/anjungan_k1/mode/config", false, false},
		{"k1", "homeassistant/+/anjungan_k1/+/config", true, false},
	}
	for _, tt := range tests {
		if got := Allowed(tt.user, tt.topic, tt.write); got != tt.want {
			t.Errorf("Allowed(%s, %s, write=%v) = %v", tt.user, tt.topic, tt.write, got)
		}
	}
}

func TestUsers(t *testing.T) {
	u := Users{}
	if err := u.Set("kiosk-01", "rahasia-sekali"); err != nil {
		t.Fatal(err)
	}
	if err := u.Set("k 1", "rahasia-sekali"); err == nil {
		t.Fatal("a user name with a space accepted")
	}
	if err := u.Set("k2", "short"); err == nil {
		t.Fatal("a short password accepted")
	}
	var buf bytes.Buffer
	u.Write(&buf)
	back, err := ReadUsers(strings.NewReader("# users\n\n" + buf.String()))
	if err != nil || !back.Check("kiosk-01", "rahasia-sekali") || back.Check("kiosk-01", "salah") || back.Check("nobody", "rahasia-sekali") {
		t.Fatalf("round trip: %v", err)
	}
	for _, bad := range []string{"nocolon\n", "k1:plain\n", "k1:$2a$x\nk1:$2a$y\n", ":$2a$x\n"} {
		if _, err := ReadUsers(strings.NewReader(bad)); err == nil {
			t.Errorf("ReadUsers(%q) accepted", bad)
		}
	}
}

// FuzzReadUsers: any file is read or refused, never a panic; what is read
// writes back to the same users.
func FuzzReadUsers(f *testing.F) {
	f.Add("k1:$2a$10$abcdefghijklmnopqrstuv\n# c\n")
	f.Add("a:b:c\n")
	f.Fuzz(func(t *testing.T, in string) {
		u, err := ReadUsers(strings.NewReader(in))
		if err != nil {
			return
		}
		var buf bytes.Buffer
		u.Write(&buf)
		back, err := ReadUsers(&buf)
		if err != nil || len(back) != len(u) {
			t.Fatalf("round trip of %q: %v", in, err)
		}
	})
}
