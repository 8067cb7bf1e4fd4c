package slims

import "testing"

func TestPHPValue(t *testing.T) {
	for _, c := range []struct {
		in, want string
		bad      bool
	}{
		{"b:1;", "1", false},
		{"b:0;", "", false},
		{"N;", "", false},
		{"i:60;", "60", false},
		{"d:1.5;", "1.5", false},
		{`s:5:"id_ID";`, "id_ID", false},
		{`s:9:"id_ID";`, "id_ID", false}, // a wrong length: SLiMS recomputes it
		{`s:2:"60";`, "60", false},
		{`s:0:"";`, "", false},
		{`s:12:"Perpustakaan ";`, "Perpustakaan ", false},
		{`a:1:{i:0;s:1:"1";}`, "", true},
		{"b:2;", "", true},
		{"true", "", true},
		{"", "", true},
		{`s:x:"a";`, "", true},
		{`s:1:a";`, "", true},
	} {
		got, err := phpValue(c.in)
		if (err != nil) != c.bad || got != c.want {
			t.Errorf("%q: %q, %v", c.in, got, err)
		}
	}
}

func FuzzPHPValue(f *testing.F) {
	for _, s := range []string{"b:1;", `s:5:"id_ID";`, "i:3;", "N;", `s:1:"`, `s:";`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := phpValue(s)
		if err != nil && v != "" {
			t.Fatalf("%q: an error with a value %q", s, v)
		}
		if err == nil && len(v) > len(s) {
			t.Fatalf("%q: value %q longer than the input", s, v)
		}
	})
}

func TestTruthy(t *testing.T) {
	for in, want := range map[string]bool{"1": true, "": false, "0": false, "2": true, "yes": false, "0.5": true, "-1": false} {
		if truthy(in) != want {
			t.Errorf("%q", in)
		}
	}
}
