package survey

import (
	"testing"

	"github.com/anjungan/anjungan/assets"
)

func TestParseAge(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int
		ok   bool
	}{
		{"", 0, true}, {"7", 7, true}, {"17", 17, true}, {"070", 70, true}, {"120", 120, true},
		{"0", 0, false}, {"00", 0, false}, {"121", 0, false}, {"999", 0, false}, {"1000", 0, false},
		{"-5", 0, false}, {"1a", 0, false}, {" 17", 0, false}, {"١٧", 0, false},
	} {
		got, err := ParseAge(c.in)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("%q: %d %v, want %d ok=%v", c.in, got, err, c.want, c.ok)
		}
	}
}

func FuzzParseAge(f *testing.F) {
	for _, s := range []string{"", "7", "120", "121", "0", "1a", "-5", "0001"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseAge(s)
		if err != nil {
			if n != 0 {
				t.Fatalf("%q: %d with an error", s, n)
			}
			return
		}
		if s != "" && (n < 1 || n > MaxAge) {
			t.Fatalf("%q: age %d accepted", s, n)
		}
		if (Respondent{Age: n}).Validate() != nil {
			t.Fatalf("%q: parsed age %d does not validate", s, n)
		}
	})
}

// TestProfileOptions: the regulation's answers, each with words in both
// languages, and a respondent validated against them.
func TestProfileOptions(t *testing.T) {
	c := assets.Catalog()
	for _, list := range [][]Option{Genders, Educations, Occupations, Services} {
		seen := map[string]bool{}
		for _, o := range list {
			if o.Code == "" || seen[o.Code] {
				t.Errorf("option %+v", o)
			}
			seen[o.Code] = true
			for _, lang := range c.Languages() {
				if !c.Has(lang, o.Key) {
					t.Errorf("%s: no %s text for %s", o.Code, lang, o.Key)
				}
			}
		}
	}
	if len(Genders) != 2 || len(Educations) != 6 || len(Occupations) != 6 {
		t.Fatalf("the questionnaire has 2 sexes, 6 levels of education, 6 occupations")
	}
	good := Respondent{Gender: "P", Age: 34, Education: "S1", Occupation: "PNS", Service: "sirkulasi"}
	if err := good.Validate(); err != nil || (Respondent{}).Validate() != nil {
		t.Fatal(err)
	}
	for _, bad := range []Respondent{{Gender: "X"}, {Education: "D3"}, {Occupation: "pns"}, {Service: "KTP"}, {Age: -1}, {Age: 121}} {
		if bad.Validate() == nil {
			t.Errorf("%+v validated", bad)
		}
	}
}
