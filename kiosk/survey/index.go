package survey

import (
	"errors"
	"fmt"
)

// Response is one respondent's answers: a score of 1 to 4 for each
// element, 0 where the element was not answered.
type Response [9]int

// Validate checks every score is 0 (not answered) or 1 to 4, and that at
// least one element was answered.
func (r Response) Validate() error {
	answered := 0
	for i, s := range r {
		if s < 0 || s > 4 {
			return fmt.Errorf("%s: score %d, want 1 to 4 (or 0: not answered)", Elements[i].Code, s)
		}
		if s > 0 {
			answered++
		}
	}
	if answered == 0 {
		return errors.New("no element answered")
	}
	return nil
}

// Grade is the regulation's quality grade (mutu pelayanan).
type Grade string

// Grades, best first.
const (
	GradeA Grade = "A"
	GradeB Grade = "B"
	GradeC Grade = "C"
	GradeD Grade = "D"
)

// Performance is the unit's performance label (kinerja unit pelayanan) a
// grade stands for, in the regulation's words.
func (g Grade) Performance() string {
	switch g {
	case GradeA:
		return "Sangat baik"
	case GradeB:
		return "Baik"
	case GradeC:
		return "Kurang baik"
	case GradeD:
		return "Tidak baik"
	}
	return ""
}

// Result is the survey's outcome over a set of responses.
type Result struct {
	// Respondents is how many responses were counted; Answered how many
	// answered each element.
	Respondents int
	Answered    [9]int
	// NRR is each element's average score (nilai rata-rata), 1 to 4; 0
	// for an element nobody answered.
	NRR [9]float64
	// Weighted is each element's NRR × 1/9 (nilai rata-rata tertimbang);
	// Index their sum, 1 to 4 (nilai indeks / nilai interval).
	Weighted [9]float64
	Index    float64
	// Score is Index × 25, 25 to 100: the SKM value (nilai interval
	// konversi) reports publish.
	Score float64
	Grade Grade
}

// Compute computes the SKM over responses as the regulation defines it:
// each element's NRR is the sum of its scores over the respondents who
// answered it, divided by their number; each NRR is weighted by 1/9
// (one over the number of elements); the weighted NRRs are summed into
// the index, and the index times 25 is the score, graded by Convert. A
// response with a score out of range is an error; with no response there
// is nothing to compute.
func Compute(responses []Response) (Result, error) {
	var r Result
	var sums [9]int
	for n, resp := range responses {
		if err := resp.Validate(); err != nil {
			return Result{}, fmt.Errorf("response %d: %w", n+1, err)
		}
		r.Respondents++
		for i, s := range resp {
			if s > 0 {
				sums[i] += s
				r.Answered[i]++
			}
		}
	}
	if r.Respondents == 0 {
		return Result{}, errors.New("no responses")
	}
	for i := range sums {
		if r.Answered[i] == 0 {
			continue
		}
		r.NRR[i] = float64(sums[i]) / float64(r.Answered[i])
		r.Weighted[i] = r.NRR[i] / float64(len(Elements))
		r.Index += r.Weighted[i]
	}
	r.Score = r.Index * 25
	r.Grade = Convert(r.Score)
	return r, nil
}
