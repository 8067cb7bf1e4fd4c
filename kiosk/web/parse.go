package web

import (
	"regexp"
	"strconv"
	"time"

	"github.com/anjungan/anjungan/booking"
	"github.com/anjungan/anjungan/kiosk"
)

// Message keys of the web's own texts (assets/web/i18n).
const (
	KeyBadDay       = "web.bad_day"
	KeyDayOutside   = "web.day_outside"
	KeyBadTime      = "web.bad_time"
	KeyTimeNotFree  = "web.time_not_free"
	KeyBadDuration  = "web.bad_duration"
	KeyBadBooking   = "web.bad_booking"
	KeyCardRequired = "web.card_required"
	KeyCardInvalid  = "web.card_invalid"
	KeyPINInvalid   = "web.pin_invalid"
	// KeySignInWrong: the card or the PIN is not right — one message for
	// both, so that the site does not tell which cards exist.
	KeySignInWrong         = "web.signin.wrong"
	KeySignInWrongPassword = "web.signin.wrong_password"
)

// maxField is the longest text field taken (a card, a PIN or password).
const maxField = 64

// parseDay reads a "YYYY-MM-DD" day.
func parseDay(s string) (booking.Date, error) {
	if len(s) != 10 {
		return "", kiosk.Errorf(kiosk.EINVALID, KeyBadDay)
	}
	d, err := booking.ParseDate(s)
	if err != nil || string(d) != s {
		return "", kiosk.Errorf(kiosk.EINVALID, KeyBadDay)
	}
	return d, nil
}

// dayInWindow checks a day against the advance window: today to
// today+days.
func dayInWindow(d, today booking.Date, days int) error {
	if n := today.DaysUntil(d); n < 0 || n > days {
		return kiosk.Errorf(kiosk.EINVALID, KeyDayOutside, "days", strconv.Itoa(days))
	}
	return nil
}

// parseClock reads a wall time "HH:MM" as minutes after midnight.
func parseClock(s string) (int, error) {
	bad := kiosk.Errorf(kiosk.EINVALID, KeyBadTime)
	if len(s) != 5 || s[2] != ':' || !digits(s[:2]) || !digits(s[3:]) {
		return 0, bad
	}
	h, _ := strconv.Atoi(s[:2])
	m, _ := strconv.Atoi(s[3:])
	if h > 23 || m > 59 {
		return 0, bad
	}
	return h*60 + m, nil
}

// parseDuration reads a length in whole minutes, 1 to 1440.
func parseDuration(s string) (time.Duration, error) {
	bad := kiosk.Errorf(kiosk.EINVALID, KeyBadDuration)
	if s == "" || len(s) > 4 || !digits(s) || s[0] == '0' {
		return 0, bad
	}
	n, _ := strconv.Atoi(s)
	if n > 1440 {
		return 0, bad
	}
	return time.Duration(n) * time.Minute, nil
}

// resourceID is a resource id's form (booking.Resource.Validate's).
var resourceID = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,39}$`)

// parseResourceID checks a resource id's form; whether it exists is the
// store's to say.
func parseResourceID(s string) (string, error) {
	if !resourceID.MatchString(s) {
		return "", kiosk.Errorf(kiosk.ENOTFOUND, booking.KeyResourceUnknown)
	}
	return s, nil
}

// parseBookingID reads a booking id: a positive number without sign or
// leading zeros.
func parseBookingID(s string) (int64, error) {
	bad := kiosk.Errorf(kiosk.ENOTFOUND, KeyBadBooking)
	if s == "" || len(s) > 19 || !digits(s) || s[0] == '0' {
		return 0, bad
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return 0, bad
	}
	return n, nil
}

// parseCard checks a typed card number: 1 to 64 printable characters
// without spaces (surrounding spaces are trimmed by the caller).
func parseCard(s string) (string, error) {
	if s == "" {
		return "", kiosk.Errorf(kiosk.EINVALID, KeyCardRequired)
	}
	if len(s) > maxField || !printable(s, false) {
		return "", kiosk.Errorf(kiosk.EINVALID, KeyCardInvalid)
	}
	return s, nil
}

// checkPIN checks a typed PIN or password's form: at most 64 printable
// ASCII characters. Whether one is needed is the library's to say.
func checkPIN(s string) error {
	if len(s) > maxField || !printable(s, true) {
		return kiosk.Errorf(kiosk.EINVALID, KeyPINInvalid)
	}
	return nil
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// printable reports whether s is printable ASCII, spaces allowed only
// when space is set.
func printable(s string, space bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c > '~' || c < ' ' || (c == ' ' && !space) {
			return false
		}
	}
	return true
}
