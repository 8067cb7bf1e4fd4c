package booking

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// unfold undoes RFC 5545 line folding and splits the content lines.
func unfold(t *testing.T, data []byte) []string {
	t.Helper()
	if !bytes.HasSuffix(data, []byte("\r\n")) || bytes.Contains(bytes.ReplaceAll(data, []byte("\r\n"), nil), []byte("\n")) {
		t.Fatal("lines must end in CRLF and nothing else")
	}
	for _, l := range strings.Split(string(data), "\r\n") {
		if len(l) > 75 {
			t.Fatalf("line longer than 75 octets: %q", l)
		}
	}
	return strings.Split(strings.TrimSuffix(strings.ReplaceAll(string(data), "\r\n ", ""), "\r\n"), "\r\n")
}

func TestCalendar(t *testing.T) {
	jkt := zone(t, "Asia/Jakarta")
	c := Calendar{Name: "Ruang Kreatif, Perpustakaan", Site: "jakpus", Stamp: time.Date(2026, 11, 23, 1, 2, 3, 0, time.UTC),
		Resources: map[string]Resource{"laser-1": {Name: "Laser cutter 40W; akrilik, kayu", Location: "Lantai 2 — Ruang Kreatif, sisi timur dekat jendela besar"}}}
	bs := []Booking{
		{ID: 7, Code: "K7M2QX", Resource: "laser-1", Start: time.Date(2026, 11, 24, 9, 0, 0, 0, jkt), End: time.Date(2026, 11, 24, 10, 30, 0, 0, jkt), State: Confirmed,
			Created: time.Unix(1764028800, 0)},
		{ID: 8, Code: "AAAAAA", Resource: "gone", Start: time.Date(2026, 11, 24, 9, 0, 0, 0, jkt), End: time.Date(2026, 11, 24, 10, 0, 0, 0, jkt), State: NoShow},
	}
	var buf bytes.Buffer
	if err := c.Write(&buf, bs); err != nil {
		t.Fatal(err)
	}
	lines := unfold(t, buf.Bytes())
	want := []string{
		"BEGIN:VCALENDAR", "VERSION:2.0", "X-WR-CALNAME:Ruang Kreatif\\, Perpustakaan",
		"UID:K7M2QX-1764028800@jakpus.anjungan", "DTSTAMP:20261123T010203Z", "SEQUENCE:0", "SEQUENCE:1",
		"DTSTART:20261124T020000Z", "DTEND:20261124T033000Z",
		"SUMMARY:Laser cutter 40W\\; akrilik\\, kayu (K7M2QX)",
		"LOCATION:Lantai 2 — Ruang Kreatif\\, sisi timur dekat jendela besar",
		"STATUS:CONFIRMED", "SUMMARY:gone (AAAAAA)", "STATUS:CANCELLED", "END:VCALENDAR",
	}
	all := "\n" + strings.Join(lines, "\n") + "\n"
	for _, w := range want {
		if !strings.Contains(all, "\n"+w+"\n") {
			t.Errorf("calendar lacks %q:\n%s", w, all)
		}
	}
	if strings.Count(all, "BEGIN:VEVENT") != 2 || strings.Count(all, "END:VEVENT") != 2 {
		t.Error("want two events")
	}
}

// FuzzEscapeFold: any text survives escaping and folding: the unfolded
// line unescapes to the text without its control characters.
func FuzzEscapeFold(f *testing.F) {
	for _, s := range []string{"plain", "a,b;c\\d\ne", strings.Repeat("é", 100), "tab\there\r\n", "日本語のテキスト" + strings.Repeat("x", 70)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		var buf bytes.Buffer
		c := Calendar{Name: s, Site: "x"}
		if err := c.Write(&buf, nil); err != nil {
			t.Fatal(err)
		}
		var got string
		for _, l := range unfold(t, buf.Bytes()) {
			if v, ok := strings.CutPrefix(l, "X-WR-CALNAME:"); ok {
				got = unescape(v)
			}
		}
		want := strings.Map(func(r rune) rune {
			if (r < 0x20 && r != '\n') || r == 0x7f {
				return -1
			}
			return r
		}, s)
		if s != "" && got != want {
			t.Fatalf("%q came back as %q", want, got)
		}
	})
}

func unescape(s string) string {
	r := strings.NewReplacer(`\\`, `\`, `\;`, `;`, `\,`, `,`, `\n`, "\n")
	return r.Replace(s)
}
