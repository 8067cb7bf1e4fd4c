package session

import (
	"time"

	"github.com/anjungan/anjungan/kiosk"
)

// Screen is what the kiosk shows.
type Screen string

// Screens.
const (
	ScreenHome     Screen = "home"
	ScreenIdentify Screen = "identify"
	ScreenPIN      Screen = "pin"
	ScreenBorrow   Screen = "borrow"
	ScreenReturn   Screen = "return"
	ScreenAccount  Screen = "account"
	ScreenFinish   Screen = "finish"
)

// Intent is what the patron came to do; it picks the screen after
// identification.
type Intent string

// Intents.
const (
	IntentBorrow  Intent = "borrow"
	IntentReturn  Intent = "return"
	IntentAccount Intent = "account"
)

// LineStatus is how one scanned item fared: a Line's outcome (not the
// kiosk's status for staff, which is kiosk.Status).
type LineStatus int

// Line statuses.
const (
	StatusBorrowed LineStatus = iota + 1
	StatusReturned
	StatusRenewed
	StatusRefused
	StatusOffer // already the patron's: renewal offered
)

// Line is one scanned item in the running list.
type Line struct {
	Barcode string
	Title   string
	Due     time.Time // new due date, when borrowed or renewed
	Fine    int64     // fine recorded at a return, or charged at a renewal
	Status  LineStatus
	Message kiosk.Message
	// Offline: recorded while the library system was away; sent later.
	Offline bool
	// Print holds the library system's lines for the receipt.
	Print []string
}

// OK reports whether the line is a success that goes on the receipt.
func (l Line) OK() bool {
	return l.Status == StatusBorrowed || l.Status == StatusReturned || l.Status == StatusRenewed
}

// LoanRow is one loan in My account.
type LoanRow struct {
	kiosk.Loan
	Overdue  bool
	Selected bool
	Result   kiosk.Message // outcome of the last renewal attempt
}

// AccountView is My account's content.
type AccountView struct {
	Loans      []LoanRow
	FinesTotal int64
	Fines      []kiosk.Fine // what the fines are for
	Holds      int
	// Expires is the end of the card's last valid day; zero when the
	// library system does not say.
	Expires time.Time
	// Bookings are the patron's upcoming makerspace bookings.
	Bookings []BookingRow
}

// View is a snapshot of everything the kiosk shows. It shares no memory
// with the Session.
type View struct {
	Screen       Screen
	Intent       Intent
	Lang         string
	LargeText    bool
	HighContrast bool
	Busy         bool

	Message kiosk.Message

	// PatronName is the patron's first name, for a greeting.
	PatronName string
	// PINLength is how many PIN digits are typed (the digits stay here).
	PINLength int
	// PINLetters: the PIN screen takes a password on a letters keyboard.
	PINLetters bool
	// Rate: the summary offers the five rating faces.
	Rate bool
	// Suggest: the summary offers to write a comment on the rating just
	// given.
	Suggest bool
	// Survey is the SKM (or a rating's comment) under way, nil outside it.
	Survey *SurveyView

	Lines   []Line
	Offer   string // barcode whose renewal is offered
	Account *AccountView
	// Makerspace is the booking flow's state, nil outside it.
	Makerspace *MakerspaceView
	// Guest is the guest form's state, nil outside it.
	Guest *GuestView

	Receipt *kiosk.Receipt
	Printed bool

	// Countdown is the seconds left before the visit ends for inactivity;
	// 0 when no warning is due.
	Countdown int

	// ScannerDown is set while every configured scanner is disconnected:
	// patrons are told to type barcodes. It is kiosk state and outlives
	// visits.
	ScannerDown bool
	// OutOfService is set by staff: the home screen says the kiosk is out
	// of service, with ServiceMessage, and no visit starts. A visit under
	// way may finish. Notice is a staff message on the home screen. All
	// three are kiosk state and outlive visits.
	OutOfService   bool
	ServiceMessage string
	Notice         string
}

func (v View) clone() View {
	v.Lines = append([]Line(nil), v.Lines...)
	if v.Account != nil {
		a := *v.Account
		a.Loans = append([]LoanRow(nil), a.Loans...)
		a.Bookings = append([]BookingRow(nil), a.Bookings...)
		a.Fines = append([]kiosk.Fine(nil), a.Fines...)
		v.Account = &a
	}
	v.Makerspace = v.Makerspace.clone()
	v.Survey = v.Survey.clone()
	v.Guest = v.Guest.clone()
	if v.Receipt != nil {
		r := *v.Receipt
		r.Entries = append([]kiosk.ReceiptEntry(nil), r.Entries...)
		r.Notes = append([]string(nil), r.Notes...)
		v.Receipt = &r
	}
	return v
}
