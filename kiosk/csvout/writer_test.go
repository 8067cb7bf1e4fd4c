package csvout

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
)

func TestCell(t *testing.T) {
	for in, want := range map[string]string{
		"":                                  "",
		"Prusa MK4":                         "Prusa MK4",
		"=HYPERLINK(\"http://x\",\"klik\")": "'=HYPERLINK(\"http://x\",\"klik\")",
		"+1+cmd|' /C calc'!A0":              "'+1+cmd|' /C calc'!A0",
		"-2+3":                              "'-2+3",
		"@SUM(A1:A9)":                       "'@SUM(A1:A9)",
		"\t=1+1":                            "'\t=1+1",
		"\r=1+1":                            "'\r=1+1",
		"12.50":                             "12.50",
		"-3":                                "-3",
		"-3.5":                              "-3.5",
		"+62":                               "+62",
		"-":                                 "'-",
		"1.2.3":                             "1.2.3",
		"a=b":                               "a=b",
	} {
		if got := Cell(in); got != want {
			t.Errorf("Cell(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestWriterRoundTrip: what a spreadsheet (or any CSV reader) reads back
// is the text, never a formula, and the structure is intact.
func TestWriterRoundTrip(t *testing.T) {
	var b bytes.Buffer
	w := NewWriter(&b)
	rows := [][]string{{"name", "hours"}, {"=cmd|'/C calc'!A0", "1.50"}, {"Mesin, \"jahit\"\n2", "-1"}}
	for _, r := range rows {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	got, err := csv.NewReader(strings.NewReader(b.String())).ReadAll()
	if err != nil || len(got) != 3 {
		t.Fatalf("%v %v", got, err)
	}
	if got[1][0] != "'=cmd|'/C calc'!A0" || got[2][0] != "Mesin, \"jahit\"\n2" || got[2][1] != "-1" {
		t.Fatalf("read back %q", got)
	}
}

func FuzzCell(f *testing.F) {
	for _, s := range []string{"=1+1", "-3", "abc", "+", "\t", "@x", "1.5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Cell(s)
		if got != "" && strings.ContainsRune("=+-@\t\r", rune(got[0])) && !isNumber(got) {
			t.Fatalf("Cell(%q) = %q starts a formula", s, got)
		}
		if got != s && got != "'"+s {
			t.Fatalf("Cell(%q) = %q changed more than a leading apostrophe", s, got)
		}
	})
}
