package kiosk

// Mod10Digit returns the Luhn (mod 10) check digit for a string of digits,
// the check most library Codabar and ITF labels carry, and false when s
// holds a non-digit.
func Mod10Digit(s string) (byte, bool) {
	sum := 0
	double := true // the digit left of the check digit is doubled
	for i := len(s) - 1; i >= 0; i-- {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		d := int(c - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return byte('0' + (10-sum%10)%10), true
}

// Mod10Valid reports whether the last digit of s is the Luhn check digit of
// the rest.
func Mod10Valid(s string) bool {
	if len(s) < 2 {
		return false
	}
	d, ok := Mod10Digit(s[:len(s)-1])
	return ok && d == s[len(s)-1]
}

// WithMod10 appends the Luhn check digit to a string of digits.
func WithMod10(s string) string {
	d, ok := Mod10Digit(s)
	if !ok {
		return s
	}
	return s + string(d)
}
