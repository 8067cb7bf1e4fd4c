package kiosk

// Item is one copy of a title, identified by its barcode.
type Item struct {
	Barcode    string
	Title      string
	Author     string
	CallNumber string
	Location   string
	Type       string // item type code, e.g. "book", "ref", "dvd"
	Loanable   bool
}
