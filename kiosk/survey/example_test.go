package survey

import (
	"math"
	"testing"
)

// responsesWithTotals makes n responses whose element totals are the
// given ones (each element's scores 3s and 4s), as a published report's
// processing sheet would hold them.
func responsesWithTotals(t *testing.T, n int, totals [9]int) []Response {
	t.Helper()
	out := make([]Response, n)
	for e, total := range totals {
		fours := total - 3*n
		if fours < 0 || fours > n {
			t.Fatalf("total %d of %d respondents is not 3s and 4s", total, n)
		}
		for i := range out {
			out[i][e] = 3
			if i < fours {
				out[i][e] = 4
			}
		}
	}
	return out
}

// TestWorkedExamples recomputes published SKM figures.
//
// An agency's quarter-3 worked example (29 respondents; element totals
// 105, 101, 100, 116, 102, 105, 106, 105, 115) prints NRRs 3,6207 …
// 3,9655 and an index of 90,56, A — but its weighted values are NRR ×
// 0,11, the regulation's printed rounding of 1/9, under which even all
// 4s give 99,00. Weighted by 1/9, as the regulation defines the weight
// (1 / the number of elements), the index is 91,48, still A. A district's
// published single-respondent dashboard (all 4s) shows 100, which only
// exact 1/9 gives.
func TestWorkedExamples(t *testing.T) {
	r, err := Compute(responsesWithTotals(t, 29, [9]int{105, 101, 100, 116, 102, 105, 106, 105, 115}))
	if err != nil {
		t.Fatal(err)
	}
	printed := [9]float64{3.6207, 3.4828, 3.4483, 4.0000, 3.5172, 3.6207, 3.6552, 3.6207, 3.9655}
	legacy := 0.0
	for i, p := range printed {
		if math.Abs(r.NRR[i]-p) > 0.00005 {
			t.Errorf("%s NRR %.4f, printed %.4f", Elements[i].Code, r.NRR[i], p)
		}
		legacy += r.NRR[i] * 0.11
	}
	if got := Round2(legacy * 25); got != 90.56 {
		t.Fatalf("with the printed 0,11 weights: %.2f, the report's 90,56", got)
	}
	if got := Round2(r.Score); got != 91.48 || r.Grade != GradeA {
		t.Fatalf("SKM %.2f %s, want 91,48 A", got, r.Grade)
	}

	one, err := Compute([]Response{{4, 4, 4, 4, 4, 4, 4, 4, 4}})
	if err != nil || Round2(one.Score) != 100 || one.Grade != GradeA {
		t.Fatalf("the dashboard's 100: %v %v", one.Score, err)
	}
}
