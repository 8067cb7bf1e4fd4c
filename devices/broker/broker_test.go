package broker

import (
	"bytes"
	"context"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"
)

func TestRules(t *testing.T) {
	r, err := NewRules([]string{"staff"}, []Kiosk{{"pusat", "k1"}, {"pusat", "k2"}, {"cabang", "k3"}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		user, topic string
		write, want bool
	}{
		{"k1", "anjungan/pusat/kiosk/k1/state", true, true},
		{"k1", "anjungan/pusat/kiosk/k1/availability", true, true},
		{"k1", "anjungan/pusat/kiosk/k1/event", true, true},
		{"k1", "anjungan/pusat/kiosk/k1/reply", true, true},
		{"k1", "anjungan/pusat/kiosk/k1/cmd", false, true},
		{"k1", "anjungan/pusat/kiosk/k1/desired", false, true},
		{"k1", "anjungan/+/kiosk/k1/desired", false, false}, // its own site only
		{"k1", "anjungan/cabang/kiosk/k1/state", true, false},
		{"k1", "anjungan/othersite/kiosk/k1/state", true, false},
		{"k1", "anjungan/cabang/kiosk/k1/cmd", false, false},
		{"k3", "anjungan/cabang/kiosk/k3/state", true, true},
		{"k3", "anjungan/pusat/kiosk/k3/state", true, false},
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
		{"nobody", "anjungan/pusat/kiosk/nobody/state", true, false}, // a user not listed
		{"staff", "anjungan/pusat/kiosk/k1/cmd", true, true},
		{"staff", "anjungan/+/kiosk/+/+", false, true},
		{"staff", "anjungan/pusat/kiosk/k1/desired", true, true},
		{"staff", "homeassistant/#", false, true},
		{"staff", "homeassistant/sensor/x/y/config", true, false},
		{"staff", "other/topic", true, false},
	}
	for _, tt := range tests {
		if got := r.Allowed(tt.user, tt.topic, tt.write); got != tt.want {
			t.Errorf("Allowed(%s, %s, write=%v) = %v", tt.user, tt.topic, tt.write, got)
		}
	}
	for _, bad := range []struct {
		staff  []string
		kiosks []Kiosk
	}{
		{[]string{"k1"}, []Kiosk{{"pusat", "k1"}}},
		{nil, []Kiosk{{"pusat", "k1"}, {"cabang", "k1"}}},
		{nil, []Kiosk{{"pu sat", "k1"}}},
		{[]string{"st+aff"}, nil},
	} {
		if _, err := NewRules(bad.staff, bad.kiosks); err == nil {
			t.Errorf("NewRules(%v, %v) accepted", bad.staff, bad.kiosks)
		}
	}
}

func TestReadKiosks(t *testing.T) {
	k, err := ReadKiosks(strings.NewReader("# kiosks\n\npusat/k1\n  cabang/k3  \n"))
	if err != nil || len(k) != 2 || k[0] != (Kiosk{"pusat", "k1"}) || k[1] != (Kiosk{"cabang", "k3"}) {
		t.Fatalf("ReadKiosks: %v %v", k, err)
	}
	for _, bad := range []string{"k1\n", "pusat/\n", "/k1\n", "pusat/k1/x\n", "pusat/k+1\n"} {
		if _, err := ReadKiosks(strings.NewReader(bad)); err == nil {
			t.Errorf("ReadKiosks(%q) accepted", bad)
		}
	}
}

// TestMosquittoACL: the written ACL names each kiosk's topics under its
// own site, literally, and has no patterns.
func TestMosquittoACL(t *testing.T) {
	r, _ := NewRules([]string{"staff"}, []Kiosk{{"cabang", "k3"}, {"pusat", "k1"}})
	var b bytes.Buffer
	if err := r.WriteMosquittoACL(&b); err != nil {
		t.Fatal(err)
	}
	acl := b.String()
	for _, want := range []string{
		"user staff\ntopic readwrite anjungan/#\ntopic read homeassistant/#\n",
		"user k1\ntopic write anjungan/pusat/kiosk/k1/availability\ntopic write anjungan/pusat/kiosk/k1/state\n" +
			"topic write anjungan/pusat/kiosk/k1/event\ntopic write anjungan/pusat/kiosk/k1/reply\n" +
			"topic read anjungan/pusat/kiosk/k1/cmd\ntopic read anjungan/pusat/kiosk/k1/desired\n" +
			"topic write homeassistant/+/anjungan_k1/+/config\n",
		"user k3\ntopic write anjungan/cabang/kiosk/k3/availability\n",
	} {
		if !strings.Contains(acl, want) {
			t.Errorf("ACL lacks %q:\n%s", want, acl)
		}
	}
	for _, line := range strings.Split(acl, "\n") {
		if strings.HasPrefix(line, "pattern") || strings.Contains(line, "%") {
			t.Errorf("pattern in the ACL: %s", line)
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
	if !strings.HasPrefix(buf.String(), "kiosk-01:$7$") {
		t.Fatalf("not a Mosquitto sha512-pbkdf2 hash: %s", buf.String())
	}
	back, err := ReadUsers(strings.NewReader("# users\n\n" + buf.String()))
	if err != nil || !back.Check("kiosk-01", "rahasia-sekali") || back.Check("kiosk-01", "salah") || back.Check("nobody", "rahasia-sekali") {
		t.Fatalf("round trip: %v", err)
	}
	// A line mosquitto_passwd wrote (password "pw1"), and a bcrypt line of
	// an earlier users file (password "rahasia-sekali"), are both read.
	old, err := ReadUsers(strings.NewReader("k1:$7$101$6kNS0GGESPBiAyto$GxD4T+TBbqkEVvLFT+qfAjVOYyORUnKS6GGVXUQ0sF0cD+T9PVXBiui3adv4s1QWGdPcu5Ad+HbjEC/57lS+FQ==\n" +
		"k2:$2a$04$kTofm9bBP4Xzqt.4GrgpleBdH5iBsSNRchfqKV23wdN1g62Og8Ngi\n"))
	if err != nil || !old.Check("k1", "pw1") || old.Check("k1", "pw2") {
		t.Fatalf("mosquitto_passwd line: %v", err)
	}
	if !old.Check("k2", "rahasia-sekali") || old.Check("k2", "salah") {
		t.Fatal("bcrypt line not checked")
	}
	for _, bad := range []string{"nocolon\n", "k1:plain\n", "k1:$2a$x\nk1:$2a$y\n", ":$2a$x\n", "k1:$7$101$c2FsdA==$c2hvcnQ=\n", "k1:$6$abc$def\n"} {
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

// ListenAddr does not wait out its time for a broker that stopped
// without listening (the address is taken): it says so once Run returns.
func TestListenAddrStopped(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	users := Users{}
	if err := users.Set("staff", "kata-sandi"); err != nil {
		t.Fatal(err)
	}
	b := &Broker{Addr: taken.Addr().String(), Users: users, Staff: []string{"staff"}, Logger: slog.New(slog.DiscardHandler)}
	ran := make(chan error, 1)
	go func() { ran <- b.Run(context.Background()) }()
	got := make(chan error, 1)
	go func() { _, err := b.ListenAddr(time.Minute); got <- err }()
	if err := <-ran; err == nil {
		t.Fatal("Run on a taken address succeeded")
	}
	select {
	case err := <-got:
		if err == nil {
			t.Fatal("ListenAddr gave an address for a broker that did not listen")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("ListenAddr still waits after Run returned")
	}
	if _, err := b.ListenAddr(time.Minute); err == nil {
		t.Fatal("ListenAddr after Run returned gave an address")
	}
}
