package vision

import (
	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode/detector"
)

// findQR is gozxing's FinderPatternFinder.Find without hints: the same
// rows scanned, the same candidates handed to f's cross checks in the
// same order, so the same finder patterns found; but each row is read
// as runs of black and white from the matrix's words rather than pixel
// by pixel, which makes it several times faster.
func (d *Decoder) findQR(f *detector.FinderPatternFinder, m *gozxing.BitMatrix) (*detector.FinderPatternInfo, error) {
	maxI, maxJ := m.GetHeight(), m.GetWidth()
	iSkip := max(3*maxI/(4*detector.FinderPatternFinder_MAX_MODULES), detector.FinderPatternFinder_MIN_SKIP)
	if d.qrRow == nil || d.qrRow.GetSize() != maxJ {
		d.qrRow = gozxing.NewBitArray(maxJ)
	}
	row := d.qrRow
	sc := d.stateCount[:]
	// skipped mirrors f's own flag, which FindRowSkip sets once two
	// confirmed centres are known.
	skipped, done := false, false
	for i := iSkip - 1; i < maxI && !done; i += iSkip {
		clear(sc)
		state := 0
		m.GetRow(i, row)
		for j := 0; j < maxJ; {
			black := row.Get(j)
			var end int
			if black {
				end = min(row.GetNextUnset(j), maxJ)
				if state&1 == 1 {
					state++
				}
				sc[state] += end - j
				j = end
				continue
			}
			end = min(row.GetNextSet(j), maxJ)
			for j < end {
				if state&1 == 1 {
					sc[state] += end - j
					j = end
					break
				}
				if state < 4 {
					state++
					sc[state]++
					j++
					continue
				}
				// The first white after five runs: a candidate?
				if detector.FinderPatternFinder_foundPatternCross(sc) && f.HandlePossibleCenter(sc, i, j) {
					iSkip = 2
					if skipped {
						done = f.HaveMultiplyConfirmedCenters()
					} else {
						rowSkip := f.FindRowSkip()
						skipped = confirmed(f) >= 2
						if rowSkip > sc[2] {
							i += rowSkip - sc[2] - iSkip
							end, j = maxJ, maxJ-1
						}
					}
					state = 0
					clear(sc)
					j++
					continue
				}
				// Not one: keep the last three runs, this pixel
				// starting the fourth.
				sc[0], sc[1], sc[2], sc[3], sc[4] = sc[2], sc[3], sc[4], 1, 0
				state = 3
				j++
			}
		}
		if detector.FinderPatternFinder_foundPatternCross(sc) && f.HandlePossibleCenter(sc, i, maxJ) {
			iSkip = sc[0]
			if skipped {
				done = f.HaveMultiplyConfirmedCenters()
			}
		}
	}
	fps, err := f.SelectBestPatterns()
	if err != nil {
		return nil, err
	}
	bl, tl, tr := gozxing.ResultPoint_OrderBestPatterns(fps[0], fps[1], fps[2])
	return detector.NewFinderPatternInfo(bl.(*detector.FinderPattern), tl.(*detector.FinderPattern), tr.(*detector.FinderPattern)), nil
}

// confirmed counts f's centres seen on enough rows to be trusted.
func confirmed(f *detector.FinderPatternFinder) int {
	n := 0
	for _, c := range f.GetPossibleCenters() {
		if c.GetCount() >= detector.FinderPatternFinder_CENTER_QUORUM {
			n++
		}
	}
	return n
}
