package vision

import (
	"image"
)

// read is one line's read of a 1D code: the text and where on the line,
// in the line's forward coordinates.
type read struct {
	line     int
	text     string
	from, to int
}

// decode1D reads 1D codes on the frame's scan lines: one symbology over
// all lines before the next, each line forward and reversed. A text
// counts once agreeLines lines agree on it; the spans where
// it was read are then blanked on their lines, so that a later symbology
// cannot read a fragment of it and a line with nothing else on it is not
// tried again. Unless all, it stops at the first code.
func (d *Decoder) decode1D(g *image.Gray, all bool) {
	lines := d.scanLines(g)
	if len(lines) == 0 {
		return
	}
	if d.votes == nil {
		d.votes = map[string]int{}
	}
	votes, reads := d.votes, d.reads
	defer func() { d.reads = reads[:0] }()
	for _, r := range d.oneD {
		clear(votes)
		reads = reads[:0]
		// A code read one way round on a row (or column) is most
		// likely the same way round on the next: that way is tried
		// first.
		var first [2]int // rows, columns: 0 forward, 1 reversed
		for i := range lines {
			l := &lines[i]
			if l.dead {
				continue
			}
			o := 0
			if l.across {
				o = 1
			}
			for k := range 2 {
				rev := first[o] ^ k
				row := l.fwd
				if rev == 1 {
					row = l.rev
				}
				res, err := r.r.DecodeRow(l.at, row, d.hints)
				if err != nil || res.GetText() == "" {
					continue
				}
				rd := read{line: i, text: res.GetText(), from: 0, to: l.n - 1}
				if pts := res.GetResultPoints(); len(pts) >= 2 {
					rd.from, rd.to = int(pts[0].GetX()), int(pts[len(pts)-1].GetX())
					if rev == 1 {
						rd.from, rd.to = l.n-1-rd.to, l.n-1-rd.from
					}
				}
				first[o] = rev
				reads = append(reads, rd)
				votes[rd.text]++
				if votes[rd.text] == agreeLines {
					d.found = append(d.found, Result{Text: rd.text, Symbology: r.sym})
					if !all {
						return
					}
				}
				break // the line the other way round holds no other code
			}
		}
		for _, rd := range reads {
			if votes[rd.text] >= agreeLines {
				lines[rd.line].blank(rd.from, rd.to)
			}
		}
	}
}

// blank whitens the line from pixel from to pixel to, both included, and
// marks the line dead when too few edges are left on it.
func (l *line) blank(from, to int) {
	from, to = max(0, from), min(l.n-1, to)
	fw, rw := l.fwd.GetBitArray(), l.rev.GetBitArray()
	for i := from; i <= to; i++ {
		fw[i/32] &^= 1 << uint(i%32)
		j := l.n - 1 - i
		rw[j/32] &^= 1 << uint(j%32)
	}
	l.dead = edges(l.fwd) < minEdges
}
