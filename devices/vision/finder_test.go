package vision

import (
	"fmt"
	"testing"

	"github.com/makiuchi-d/gozxing/qrcode/detector"
)

// TestFindQR holds findQR to gozxing's FinderPatternFinder.Find on the
// corpus's binarised frames, both ways up and at half size: the same
// candidate centres (place, module size, sightings), the same patterns
// chosen, the same failures.
func TestFindQR(t *testing.T) {
	if testing.Short() {
		t.Skip("uses the corpus")
	}
	ks, samples := corpus(t)
	d := NewDecoder()
	var bin blockBinarizer
	describe := func(f *detector.FinderPatternFinder, info *detector.FinderPatternInfo, err error) string {
		s := fmt.Sprint(err != nil)
		for _, c := range f.GetPossibleCenters() {
			s += fmt.Sprintf(" (%.2f,%.2f %.3f ×%d)", c.GetX(), c.GetY(), c.GetEstimatedModuleSize(), c.GetCount())
		}
		if info != nil {
			for _, p := range []*detector.FinderPattern{info.GetTopLeft(), info.GetTopRight(), info.GetBottomLeft()} {
				s += fmt.Sprintf(" [%.2f,%.2f]", p.GetX(), p.GetY())
			}
		}
		return s
	}
	frames, found := 0, 0
	for _, k := range ks {
		for i, s := range samples[k.name] {
			for _, half := range []bool{false, true} {
				g := s.g
				if half {
					g = Half(nil, g)
				}
				bin.reset(g)
				m := bin.rethreshold(0)
				for _, flip := range []bool{false, true} {
					if flip {
						m.FlipAll()
					}
					want := detector.NewFinderPatternFinder(m, nil)
					wi, werr := want.Find(nil)
					got := detector.NewFinderPatternFinder(m, nil)
					gi, gerr := d.findQR(got, m)
					w, g := describe(want, wi, werr), describe(got, gi, gerr)
					if w != g {
						t.Errorf("%s frame %d half %v inverted %v:\n got %s\nwant %s", k.name, i, half, flip, g, w)
					}
					frames++
					if werr == nil {
						found++
					}
				}
			}
		}
	}
	if found < 100 {
		t.Errorf("finder patterns found on %d of %d matrices: the comparison says little", found, frames)
	}
}
