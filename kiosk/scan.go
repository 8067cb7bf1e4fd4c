package kiosk

import (
	"regexp"
	"time"
)

// Symbology is the barcode type a scanner reported, when it did.
type Symbology string

// Symbologies the kiosk knows by name (from AIM identifiers or decoders).
const (
	SymUnknown    Symbology = ""
	SymCode128    Symbology = "code128"
	SymCode39     Symbology = "code39"
	SymCode93     Symbology = "code93"
	SymCodabar    Symbology = "codabar"
	SymEAN        Symbology = "ean"
	SymITF        Symbology = "itf"
	SymQR         Symbology = "qr"
	SymDataMatrix Symbology = "datamatrix"
	SymPDF417     Symbology = "pdf417"
)

// Scan is one decoded barcode from a scanner or a keyboard wedge.
type Scan struct {
	Source    string // scanner name, "keyboard" or "camera"
	Code      string
	Symbology Symbology
	At        time.Time
}

// ScanKind is what a scanned code stands for.
type ScanKind int

// Scan kinds.
const (
	ScanUnknown ScanKind = iota // no pattern matched: the flow decides
	ScanPatron
	ScanItem
)

func (k ScanKind) String() string {
	switch k {
	case ScanPatron:
		return "patron"
	case ScanItem:
		return "item"
	}
	return "unknown"
}

// ScanPattern matches a code by prefix, exact length and regular
// expression; empty parts match anything.
type ScanPattern struct {
	Prefix string
	Length int
	Regexp *regexp.Regexp
}

// Match reports whether code fits every part of the pattern.
func (p ScanPattern) Match(code string) bool {
	if p.Length > 0 && len(code) != p.Length {
		return false
	}
	if len(code) < len(p.Prefix) || code[:len(p.Prefix)] != p.Prefix {
		return false
	}
	if p.Regexp != nil && !p.Regexp.MatchString(code) {
		return false
	}
	return true
}

// Classifier tells patron cards from items by configured patterns.
type Classifier struct {
	Patron []ScanPattern
	Item   []ScanPattern
}

// Classify returns ScanPatron or ScanItem when exactly one side's patterns
// match, and ScanUnknown when neither or both do.
func (c Classifier) Classify(code string) ScanKind {
	p, i := matchAny(c.Patron, code), matchAny(c.Item, code)
	switch {
	case p && !i:
		return ScanPatron
	case i && !p:
		return ScanItem
	}
	return ScanUnknown
}

func matchAny(ps []ScanPattern, code string) bool {
	for _, p := range ps {
		if p.Match(code) {
			return true
		}
	}
	return false
}
