package booking

// State is where a booking is in its life.
type State string

// Booking states. A booking starts Confirmed; it is CheckedIn when the
// patron arrives and Completed when its time is over; or it is Cancelled
// (by the patron or staff) or released as a NoShow when nobody checked in
// within the check-in window.
const (
	Confirmed State = "confirmed"
	CheckedIn State = "checked_in"
	Completed State = "completed"
	Cancelled State = "cancelled"
	NoShow    State = "no_show"
)

// States lists every state in life order.
var States = []State{Confirmed, CheckedIn, Completed, Cancelled, NoShow}

// Valid reports whether s is a known state.
func (s State) Valid() bool {
	for _, v := range States {
		if s == v {
			return true
		}
	}
	return false
}

// Blocks reports whether a booking in state s holds its slot. Cancelled and
// released bookings never block.
func (s State) Blocks() bool { return s == Confirmed || s == CheckedIn || s == Completed }

// Final reports whether no transition leaves s.
func (s State) Final() bool { return s == Completed || s == Cancelled || s == NoShow }

// CanBecome reports whether a booking may go from s to t. These are the
// only transitions: confirmed → checked in → completed; confirmed →
// cancelled; confirmed → no-show.
func (s State) CanBecome(t State) bool {
	switch s {
	case Confirmed:
		return t == CheckedIn || t == Cancelled || t == NoShow
	case CheckedIn:
		return t == Completed
	}
	return false
}
