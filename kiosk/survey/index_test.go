package survey

import (
	"math"
	"testing"

	"github.com/anjungan/anjungan/assets"
)

func TestConvert(t *testing.T) {
	for _, c := range []struct {
		score float64
		want  Grade
	}{
		{100, GradeA}, {88.31, GradeA}, {88.305, GradeA}, {88.304, GradeB}, {88.30, GradeB},
		{76.61, GradeB}, {76.605, GradeB}, {76.60, GradeC}, {65.00, GradeC}, {64.995, GradeC},
		{64.99, GradeD}, {25, GradeD}, {0, GradeD},
	} {
		if got := Convert(c.score); got != c.want {
			t.Errorf("%v: %s, want %s", c.score, got, c.want)
		}
	}
	for g, want := range map[Grade]string{GradeA: "Sangat baik", GradeB: "Baik", GradeC: "Kurang baik", GradeD: "Tidak baik"} {
		if g.Performance() != want {
			t.Errorf("%s: %q", g, g.Performance())
		}
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestCompute(t *testing.T) {
	all := func(s int) Response { return Response{s, s, s, s, s, s, s, s, s} }
	for _, c := range []struct {
		name      string
		responses []Response
		index     float64
		score     float64
		grade     Grade
	}{
		{"everyone very satisfied", []Response{all(4), all(4)}, 4, 100, GradeA},
		{"everyone least satisfied", []Response{all(1)}, 1, 25, GradeD},
		{"all 3s", []Response{all(3), all(3), all(3)}, 3, 75, GradeC},
		// Two respondents, element by element: NRR 3.5 on U1, 3 elsewhere
		// → index (3.5 + 8×3)/9 = 3.0555…, score 76.388… → C.
		{"by hand", []Response{{4, 3, 3, 3, 3, 3, 3, 3, 3}, {3, 3, 3, 3, 3, 3, 3, 3, 3}}, 27.5 / 9, 27.5 / 9 * 25, GradeC},
		// U4 (fees) left unanswered by one respondent: its NRR is over
		// the one who answered.
		{"an element left out", []Response{{4, 4, 4, 0, 4, 4, 4, 4, 4}, {4, 4, 4, 2, 4, 4, 4, 4, 4}}, (8*4 + 2) / 9.0, (8*4 + 2) / 9.0 * 25, GradeA},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, err := Compute(c.responses)
			if err != nil {
				t.Fatal(err)
			}
			if !near(r.Index, c.index) || !near(r.Score, c.score) || r.Grade != c.grade || r.Respondents != len(c.responses) {
				t.Fatalf("index %v score %v grade %s respondents %d; want %v %v %s", r.Index, r.Score, r.Grade, r.Respondents, c.index, c.score, c.grade)
			}
			sum := 0.0
			for i := range r.Weighted {
				sum += r.Weighted[i]
				if !near(r.Weighted[i], r.NRR[i]/9) {
					t.Errorf("%s weighted %v, NRR %v", Elements[i].Code, r.Weighted[i], r.NRR[i])
				}
			}
			if !near(sum, r.Index) {
				t.Errorf("weighted sum %v, index %v", sum, r.Index)
			}
		})
	}
	for _, bad := range [][]Response{nil, {{5, 1, 1, 1, 1, 1, 1, 1, 1}}, {{-1}}, {{}}} {
		if _, err := Compute(bad); err == nil {
			t.Errorf("%v computed", bad)
		}
	}
}

// TestElementKeys: the elements are U1…U9 with keys of their own, and
// every element's question and four answers have texts in both of the
// kiosk's languages (the assets test checks keys the code names as
// constants; these are made from Element.Key).
func TestElementKeys(t *testing.T) {
	c := assets.Catalog()
	seen := map[string]bool{}
	for i, e := range Elements {
		if e.Code != "U"+string(rune('1'+i)) || e.Key != "skm.u"+string(rune('1'+i)) || e.Name == "" || seen[e.Key] {
			t.Errorf("element %d: %+v", i, e)
		}
		seen[e.Key] = true
		for _, lang := range c.Languages() {
			for _, k := range []string{".question", ".answer1", ".answer2", ".answer3", ".answer4"} {
				if !c.Has(lang, e.Key+k) {
					t.Errorf("%s: no %s text for %s", e.Code, lang, e.Key+k)
				}
			}
		}
	}
}
