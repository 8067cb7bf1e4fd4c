package vision

import (
	"image"

	"github.com/makiuchi-d/gozxing"
)

// span is where a code was read on a scan line, in the line's forward
// coordinates.
type span struct {
	across   bool
	at       int
	from, to float64
}

// decode1D reads 1D codes on the scan lines of m: one symbology over all
// lines before the next, each line forward and reversed. A text counts
// once enough lines agree on it (reader.agree); a later symbology's read
// over a span where an earlier one was read is a fragment and dropped.
// Unless all, it stops at the first code.
func (d *Decoder) decode1D(g *image.Gray, all bool) {
	lines := d.scanLines(g)
	if len(lines) == 0 {
		return
	}
	var taken []span
	votes := map[string]int{}
	for _, r := range d.oneD {
		clear(votes)
		for i := range lines {
			l := &lines[i]
			for rev, row := range []*gozxing.BitArray{l.fwd, l.rev} {
				res, err := r.r.DecodeRow(l.at, row, d.hints)
				if err != nil || res.GetText() == "" {
					continue
				}
				sp := span{across: l.across, at: l.at}
				if pts := res.GetResultPoints(); len(pts) >= 2 {
					sp.from, sp.to = pts[0].GetX(), pts[len(pts)-1].GetX()
					if rev == 1 {
						sp.from, sp.to = float64(l.n-1)-sp.to, float64(l.n-1)-sp.from
					}
				}
				if overlaps(taken, sp) {
					continue
				}
				text := res.GetText()
				votes[text]++
				if votes[text] == r.agree {
					d.found = append(d.found, Result{Text: text, Symbology: r.sym})
					if !all {
						return
					}
				}
				if votes[text] >= r.agree {
					taken = append(taken, sp)
				}
				break // the reversed line holds no other code
			}
		}
	}
}

// overlaps reports whether sp crosses a span already read on its line.
func overlaps(taken []span, sp span) bool {
	for _, t := range taken {
		if t.across == sp.across && t.at == sp.at && sp.from <= t.to && t.from <= sp.to {
			return true
		}
	}
	return false
}
