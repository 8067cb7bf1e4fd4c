package setupfile

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/anjungan/anjungan/booking"
)

// parseTests are the table and the fuzz test's seeds.
var parseTests = []struct {
	name string
	in   string
	err  string // part of the error; "" for none
}{
	{"empty", "", ""},
	{"one resource, defaults", "[[resource]]\nid = \"pc-1\"\nkind = \"design_pc\"\nname = \"PC\"\n", ""},
	{"rules", "max_active = 2\n[[resource]]\nid = \"pc-1\"\nkind = \"design_pc\"\nname = \"PC\"\nslot = \"30m\"\nmin = \"30m\"\nmax = \"2h\"\nbuffer = \"10m\"\nadvance_days = 7\ncheckin_after = \"0s\"\nhours = \"mon-fri=09:00-17:00\"\n", ""},
	{"bad rule names the entry", "[[resource]]\nid = \"pc-9\"\nkind = \"design_pc\"\nname = \"PC\"\nslot = \"7m\"\n", "resource[0] (pc-9)"},
	{"bad hours", "[[resource]]\nid = \"pc-1\"\nkind = \"design_pc\"\nname = \"PC\"\nhours = \"mon=9-5\"\n", "resource[0] (pc-1): hours"},
	{"not a duration", "[[resource]]\nid = \"pc-1\"\nslot = \"half an hour\"\n", "is not a duration"},
	{"unknown key", "[[resource]]\nid = \"pc-9\"\ncolour = \"red\"\n", "unknown key(s): resource.colour"},
	{"not TOML", "[[resource]\nid = 1\n", "At line"},
	{"quota without kind", "[[quota]]\nper_day = \"1h\"\n", "quota[0]: kind is empty"},
	{"quota", "[[quota]]\nkind = \"3d_printer\"\nper_week = \"8h\"\n", ""},
	{"closure of one day", "[[closure]]\nfirst = \"2027-01-01\"\nreason = \"Tahun Baru\"\n", ""},
	{"closure with a bad date", "[[closure]]\nfirst = \"2027-01-01\"\nlast = \"2027-13-01\"\n", "closure[0]"},
	{"certificate", "[[certificate]]\npatron = \"2000\"\nname = \"laser cutter safety\"\nexpires = \"2027-06-30\"\n", ""},
	{"certificate without a name", "[[certificate]]\npatron = \"2000\"\n", "certificate[0]: needs a patron card"},
	{"certificate with a bad date", "[[certificate]]\npatron = \"2000\"\nname = \"x\"\nexpires = \"30/06/2027\"\n", "certificate[0]"},
}

func TestParse(t *testing.T) {
	for _, tt := range parseTests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(tt.in), time.UTC)
			if tt.err == "" && err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)) {
				t.Fatalf("Parse error %v, want one with %q", err, tt.err)
			}
		})
	}
}

func TestParseValues(t *testing.T) {
	in := "max_active = 2\n[[resource]]\nid = \"pc-1\"\nkind = \"design_pc\"\nname = \"PC\"\nslot = \"30m\"\nmax = \"2h\"\ncheckin_after = \"0s\"\n" +
		"[[closure]]\nfirst = \"2027-01-01\"\n[[certificate]]\npatron = \" 2000 \"\nname = \"laser\"\nexpires = \"2027-06-30\"\n"
	su, err := Parse(strings.NewReader(in), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	def := booking.DefaultRules()
	r := su.Resources[0].Rules
	if *su.MaxActive != 2 || r.Slot != 30*time.Minute || r.MaxDuration != 2*time.Hour || r.MinDuration != def.MinDuration ||
		r.CheckinAfter != 0 || r.CheckinBefore != def.CheckinBefore {
		t.Errorf("max_active %d, rules %+v", *su.MaxActive, r)
	}
	if c := su.Closures[0]; c.Last != c.First {
		t.Errorf("a closure without last ends on %q, not its first day", c.Last)
	}
	if c := su.Certifications[0]; c.Patron != "2000" || !c.Expires.Equal(time.Date(2027, 7, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("certificate %+v: want card 2000 valid through 2027-06-30", c)
	}
}

func TestParseExample(t *testing.T) {
	f, err := os.Open("../../makerspace.example.toml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	su, err := Parse(f, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if len(su.Resources) != 2 || len(su.Quotas) == 0 || len(su.Closures) == 0 || len(su.Certifications) == 0 || su.MaxActive == nil {
		t.Errorf("example: %d resources, %d quotas, %d closures, %d certificates, max active %v",
			len(su.Resources), len(su.Quotas), len(su.Closures), len(su.Certifications), su.MaxActive)
	}
}

// FuzzParse: whatever Parse accepts is a setup a store can take: valid
// resources, quotas with a kind, closures of real days, certificates with
// a card and a name.
func FuzzParse(f *testing.F) {
	for _, tt := range parseTests {
		f.Add(tt.in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		su, err := Parse(strings.NewReader(in), time.UTC)
		if err != nil {
			return
		}
		for _, r := range su.Resources {
			if err := r.Validate(); err != nil {
				t.Fatalf("accepted an invalid resource: %v", err)
			}
		}
		for _, q := range su.Quotas {
			if q.Kind == "" {
				t.Fatal("accepted a quota without a kind")
			}
		}
		for _, c := range su.Closures {
			for _, d := range []booking.Date{c.First, c.Last} {
				if _, err := booking.ParseDate(string(d)); err != nil {
					t.Fatalf("accepted closure %+v: %v", c, err)
				}
			}
		}
		for _, c := range su.Certifications {
			if c.Patron == "" || c.Name == "" {
				t.Fatalf("accepted certificate %+v", c)
			}
		}
	})
}
