package kiosk

import (
	"context"
	"strings"
	"unicode/utf8"
)

// Receipt is a slip for the patron, already in the patron's language. The
// same receipt is printed or shown on screen.
type Receipt struct {
	Library string
	Heading string
	When    string // formatted date and time
	Patron  string // first name or masked card; never the full record
	Entries []ReceiptEntry
	Notes   []string
	// QR, when set, is printed as a QR code below the notes (a booking's
	// check-in token).
	QR string
}

// ReceiptEntry is one line item: a title, the item's barcode (which tells
// two copies of a title apart), and what happened to it.
type ReceiptEntry struct {
	Title   string
	Barcode string // empty for an entry that is not an item
	Detail  string
}

// Printer prints receipts.
type Printer interface {
	Print(ctx context.Context, r Receipt) error
}

// Text lays the receipt out as plain text, width characters wide.
func (r Receipt) Text(width int) string {
	if width < 16 {
		width = 16
	}
	var b strings.Builder
	rule := strings.Repeat("-", width)
	for _, l := range wrap(r.Library, width) {
		b.WriteString(center(l, width))
		b.WriteByte('\n')
	}
	if r.Heading != "" {
		b.WriteString(center(r.Heading, width))
		b.WriteByte('\n')
	}
	if r.When != "" {
		b.WriteString(center(r.When, width))
		b.WriteByte('\n')
	}
	if r.Patron != "" {
		b.WriteString(center(r.Patron, width))
		b.WriteByte('\n')
	}
	b.WriteString(rule)
	b.WriteByte('\n')
	for _, e := range r.Entries {
		for _, l := range wrap(e.Title, width) {
			b.WriteString(l)
			b.WriteByte('\n')
		}
		if e.Barcode != "" && e.Barcode != e.Title {
			for _, l := range wrap(e.Barcode, width-2) {
				b.WriteString("  ")
				b.WriteString(l)
				b.WriteByte('\n')
			}
		}
		for _, l := range wrap(e.Detail, width-2) {
			b.WriteString("  ")
			b.WriteString(l)
			b.WriteByte('\n')
		}
	}
	if len(r.Notes) > 0 {
		b.WriteString(rule)
		b.WriteByte('\n')
		for _, n := range r.Notes {
			for _, l := range wrap(n, width) {
				b.WriteString(l)
				b.WriteByte('\n')
			}
		}
	}
	return b.String()
}

func center(s string, width int) string {
	n := utf8.RuneCountInString(s)
	if n >= width {
		return s
	}
	return strings.Repeat(" ", (width-n)/2) + s
}

// wrap breaks s into lines of at most width runes at spaces, cutting words
// longer than a line.
func wrap(s string, width int) []string {
	var lines []string
	var cur []rune
	for _, w := range strings.Fields(s) {
		wr := []rune(w)
		for len(wr) > width {
			if len(cur) > 0 {
				lines = append(lines, string(cur))
				cur = nil
			}
			lines = append(lines, string(wr[:width]))
			wr = wr[width:]
		}
		switch {
		case len(cur) == 0:
			cur = append(cur, wr...)
		case len(cur)+1+len(wr) <= width:
			cur = append(append(cur, ' '), wr...)
		default:
			lines = append(lines, string(cur))
			cur = append([]rune(nil), wr...)
		}
	}
	if len(cur) > 0 {
		lines = append(lines, string(cur))
	}
	return lines
}
