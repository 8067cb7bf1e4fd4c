package booking

import (
	"bytes"
	"encoding/csv"
	"reflect"
	"strings"
	"testing"
	"time"
)

// certificateTests are the table and the fuzz test's seeds.
var certificateTests = []struct {
	name string
	in   string
	n    int    // certificates read
	err  string // part of the error; "" for none
}{
	{"header only", "card,name,expires\n", 0, ""},
	{"two", "card,name,expires\n20000001,laser cutter safety,2027-03-01\n20000002,laser cutter safety,\n", 2, ""},
	{"no expires column", "Card,Name\n20000001, sewing basics\n", 1, ""},
	{"quoted name", "card,name\n20000001,\"sewing, basics\"\n", 1, ""},
	{"empty", "", 0, "want a header row"},
	{"no header", "20000001,laser,2027-03-01\n", 0, "want a header row"},
	{"no name", "card,name,expires\n20000001,,2027-03-01\n", 0, "line 2: needs a patron card"},
	{"bad date", "card,name,expires\n20000001,laser,1 March\n", 0, "line 2"},
	{"too many fields", "card,name,expires\n20000001,laser,2027-03-01,x\n", 0, "line 2: want card,name[,expires]"},
	{"one field", "card,name,expires\n20000001,laser\n20000002\n", 0, "line 3"},
	{"bad quoting", "card,name\n20000001,\"laser\n", 0, "quote"},
}

func TestParseCertificates(t *testing.T) {
	for _, tt := range certificateTests {
		t.Run(tt.name, func(t *testing.T) {
			cs, err := ParseCertificates(strings.NewReader(tt.in), time.UTC)
			if tt.err == "" && (err != nil || len(cs) != tt.n) {
				t.Fatalf("ParseCertificates = %d, %v; want %d", len(cs), err, tt.n)
			}
			if tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)) {
				t.Fatalf("ParseCertificates error %v, want one with %q", err, tt.err)
			}
		})
	}
}

func TestNewCertification(t *testing.T) {
	loc := time.FixedZone("WIB", 7*3600)
	c, err := NewCertification(" 2000 ", " laser ", "2027-06-30", loc)
	if err != nil || c.Patron != "2000" || c.Name != "laser" || !c.Expires.Equal(time.Date(2027, 7, 1, 0, 0, 0, 0, loc)) {
		t.Fatalf("NewCertification = %+v, %v", c, err)
	}
	if !c.ValidAt(time.Date(2027, 6, 30, 23, 59, 0, 0, loc)) || c.ValidAt(time.Date(2027, 7, 1, 0, 0, 0, 0, loc)) {
		t.Error("not valid through its last day only")
	}
	if c, err := NewCertification("2000", "laser", "", loc); err != nil || !c.Expires.IsZero() {
		t.Errorf("without expires: %+v, %v", c, err)
	}
}

// FuzzParseCertificates: what ParseCertificates reads, written out again
// as a CSV, reads back the same.
func FuzzParseCertificates(f *testing.F) {
	for _, tt := range certificateTests {
		f.Add(tt.in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		cs, err := ParseCertificates(strings.NewReader(in), time.UTC)
		if err != nil {
			return
		}
		var b bytes.Buffer
		w := csv.NewWriter(&b)
		w.Write([]string{"card", "name", "expires"})
		for _, c := range cs {
			if c.Patron == "" || c.Name == "" || c.Patron != strings.TrimSpace(c.Patron) || c.Name != strings.TrimSpace(c.Name) {
				t.Fatalf("accepted certificate %q, %q", c.Patron, c.Name)
			}
			exp := ""
			if !c.Expires.IsZero() {
				exp = c.Expires.AddDate(0, 0, -1).Format("2006-01-02")
			}
			w.Write([]string{c.Patron, c.Name, exp})
		}
		w.Flush()
		again, err := ParseCertificates(&b, time.UTC)
		if err != nil {
			t.Fatalf("written out again: %v\n%s", err, b.String())
		}
		if len(cs) == 0 && len(again) == 0 {
			return
		}
		if !reflect.DeepEqual(again, cs) {
			t.Fatalf("read %+v, read back %+v", cs, again)
		}
	})
}
