package csvout

import (
	"encoding/csv"
	"io"
)

// Writer is a csv.Writer that escapes formula-like cells.
type Writer struct {
	w   *csv.Writer
	buf []string
}

// NewWriter writes CSV to w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: csv.NewWriter(w)} }

// Write writes one record, escaping its cells.
func (w *Writer) Write(record []string) error {
	w.buf = w.buf[:0]
	for _, cell := range record {
		w.buf = append(w.buf, Cell(cell))
	}
	return w.w.Write(w.buf)
}

// Flush writes what is buffered; Error reports a write that failed.
func (w *Writer) Flush()       { w.w.Flush() }
func (w *Writer) Error() error { return w.w.Error() }

// Cell returns the cell as it is safe to write.
func Cell(s string) string {
	if s == "" || isNumber(s) {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// isNumber reports a plain decimal number: digits with an optional sign
// and one decimal point, nothing else.
func isNumber(s string) bool {
	if s[0] == '-' || s[0] == '+' {
		s = s[1:]
	}
	digits, point := 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !point:
			point = true
		default:
			return false
		}
	}
	return digits > 0
}
