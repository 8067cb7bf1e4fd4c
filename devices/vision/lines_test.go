package vision

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSliding holds slidingMin to the least of each window taken one by
// one — and, over the negated values, to the greatest, as binarise uses
// it — for short and long lines, narrow and wide windows, and buffers
// reused between calls.
func TestSliding(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	var lo, hi, buf []int32
	for _, n := range []int{1, 2, 7, 40, 80, 161} {
		s := make([]int32, n)
		for i := range s {
			s[i] = rng.Int32N(1000) - 500
		}
		neg := make([]int32, n)
		for i, v := range s {
			neg[i] = -v
		}
		for _, r := range []int{0, 1, 3, 10, 30, 200} {
			lo, buf = slidingMin(lo, s, r, buf)
			hi, buf = slidingMin(hi, neg, r, buf)
			for i := range hi {
				hi[i] = -hi[i]
			}
			for i := range n {
				w := s[max(0, i-r):min(n, i+r+1)]
				if lo[i] != slices.Min(w) || hi[i] != slices.Max(w) {
					t.Fatalf("n %d r %d at %d: %d..%d, want %d..%d", n, r, i, lo[i], hi[i], slices.Min(w), slices.Max(w))
				}
			}
		}
	}
}
