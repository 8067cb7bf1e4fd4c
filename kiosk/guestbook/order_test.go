package guestbook

import (
	"slices"
	"sort"
	"testing"
)

// TestNaturalLess: age groups by age, education by level, known values
// in the kiosk's and the questionnaire's order, others alphabetically,
// blank last — not by count.
func TestNaturalLess(t *testing.T) {
	for _, c := range []struct {
		f    Field
		want []string
	}{
		{FieldAgeGroup, []string{"< 13", "13-18", "19-25", "26-40", "41-60", "> 60", ""}},
		{FieldAgeGroup, []string{"≤12", "13–18", "19–25", "26–40", "41–60", ">60", ""}},
		{FieldEducation, []string{"SD", "SMP", "SMA", "D3", "S1", "S2", "S3", "Pesantren", ""}},
		{FieldOccupation, []string{"Pelajar", "Mahasiswa", "PNS", "Swasta", "Wirausaha", "Lainnya", "Dokter", ""}},
		{FieldGender, []string{"L", "P", ""}},
		{FieldPurpose, []string{"membaca", "meminjam", "acara", "lainnya", "rapat", ""}},
	} {
		got := slices.Clone(c.want)
		slices.Reverse(got)
		sort.SliceStable(got, func(i, j int) bool { return NaturalLess(c.f)(got[i], got[j]) })
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: %q, want %q", c.f, got, c.want)
		}
	}
}
