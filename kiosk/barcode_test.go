package kiosk

import "testing"

func TestMod10(t *testing.T) {
	tests := []struct {
		in    string
		valid bool
	}{
		{"79927398713", true}, // the classic Luhn example
		{"79927398710", false},
		{"4539578763621486", true},
		{"1234567812345670", true},
		{"1234567812345678", false},
		{"0", false},
		{"", false},
		{"12a4", false},
	}
	for _, tt := range tests {
		if got := Mod10Valid(tt.in); got != tt.valid {
			t.Errorf("Mod10Valid(%q) = %v, want %v", tt.in, got, tt.valid)
		}
	}
	if got := WithMod10("7992739871"); got != "79927398713" {
		t.Errorf("WithMod10 = %q", got)
	}
}
