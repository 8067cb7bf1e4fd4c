package booking

import "testing"

func TestTransitions(t *testing.T) {
	allowed := map[[2]State]bool{
		{Confirmed, CheckedIn}: true,
		{Confirmed, Cancelled}: true,
		{Confirmed, NoShow}:    true,
		{CheckedIn, Completed}: true,
	}
	for _, from := range States {
		for _, to := range States {
			if got := from.CanBecome(to); got != allowed[[2]State{from, to}] {
				t.Errorf("%s → %s allowed = %v", from, to, got)
			}
		}
		if from.Final() != (from == Completed || from == Cancelled || from == NoShow) {
			t.Errorf("%s final = %v", from, from.Final())
		}
	}
	for s, blocks := range map[State]bool{Confirmed: true, CheckedIn: true, Completed: true, Cancelled: false, NoShow: false} {
		if s.Blocks() != blocks {
			t.Errorf("%s blocks = %v", s, s.Blocks())
		}
	}
	if State("lost").Valid() || !NoShow.Valid() {
		t.Error("Valid")
	}
}
