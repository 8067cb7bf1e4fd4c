package main

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/anjungan/anjungan/kiosk/session"
)

// TestGuestBookConfigErrors: each mistake in [guestbook]'s form and
// secret is refused, naming the key.
func TestGuestBookConfigErrors(t *testing.T) {
	for _, tc := range []struct{ toml, key string }{
		{"[guestbook]\ngender = \"maybe\"\n", "guestbook.gender"},
		{"[guestbook]\norigin = \"Required\"\n", "guestbook.origin"},
		{"[guestbook]\nage_group = \"\"\n", "guestbook.age_group"},
		{"[guestbook]\neducation = \"required\"\neducations = []\n", "guestbook.educations"},
		{"[guestbook]\npurposes = [\"membaca\", \"\"]\n", "guestbook.purposes[1]"},
		{"[guestbook]\npurposes = [\"membaca\", \" diskusi\"]\n", "guestbook.purposes[1]"},
		{"[guestbook]\npurposes = [\"membaca\", \"membaca\"]\n", "guestbook.purposes[1]"},
		{"[guestbook]\npurposes = [\"" + strings.Repeat("a", 41) + "\"]\n", "guestbook.purposes[0]"},
		{"[guestbook]\npurposes = [\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\",\"10\",\"11\",\"12\",\"13\"]\n", "guestbook.purposes"},
		{"[guestbook]\noccupations = [\"pelajar\", \"pelajar\"]\n", "guestbook.occupations[1]"},
		{"[guestbook]\nsecret = \"00112233\"\n", "guestbook.secret"},
		{"[guestbook]\nsecret = \"not hex at all, not hex at all\"\n", "guestbook.secret"},
		{"[guestbook]\ngenders = \"laki-laki\"\n", "genders"},
		{"[guestbook]\nsex = \"optional\"\n", "guestbook.sex"},
	} {
		path := filepath.Join(t.TempDir(), "kiosk.toml")
		os.WriteFile(path, []byte(tc.toml), 0o600)
		_, err := LoadConfig(path)
		if err == nil || !strings.Contains(err.Error(), tc.key) {
			t.Errorf("%q: error %v, want it to name %q", tc.toml, err, tc.key)
		}
	}
}

// TestGuestBookConfigForm: the file's form reaches the session as
// written; an empty list of purposes means the purpose is not asked, and
// an empty list of choices is fine for a field that is off.
func TestGuestBookConfigForm(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kiosk.toml")
	os.WriteFile(path, []byte(`[guestbook]
secret = "00112233445566778899aabbccddeeff"
purposes = []
origin = "required"
gender = "off"
genders = []
occupation = "required"
occupations = ["pelajar", "pustakawan"]
`), 0o600)
	cfg, err := LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	want := session.DefaultGuestForm()
	want.Purposes, want.Origin, want.Gender, want.Genders = []string{}, session.FieldRequired, session.FieldOff, []string{}
	want.Occupation, want.Occupations = session.FieldRequired, []string{"pelajar", "pustakawan"}
	if got := cfg.GuestBook.guestForm(); !reflect.DeepEqual(got, want) {
		t.Fatalf("form\n%+v\nwant\n%+v", got, want)
	}
	if got := DefaultConfig().GuestBook.guestForm(); !reflect.DeepEqual(got, session.DefaultGuestForm()) {
		t.Fatalf("the default form %+v", got)
	}
}
