package survey

import "math"

// The regulation's conversion table (Peraturan Menteri PANRB 14/2017):
// the score (nilai interval konversi, 25–100) to the quality grade.
//
//	25,00 – 64,99   D  Tidak baik
//	65,00 – 76,60   C  Kurang baik
//	76,61 – 88,30   B  Baik
//	88,31 – 100,00  A  Sangat baik
var bounds = []struct {
	from  float64
	grade Grade
}{
	{88.31, GradeA},
	{76.61, GradeB},
	{65.00, GradeC},
	{25.00, GradeD},
}

// Convert grades a score as the regulation's table does, on the score
// rounded to two decimals as the table writes its bounds (76,605 is 76,61:
// B). A score under 25 cannot come from the scale: it is D.
func Convert(score float64) Grade {
	s := Round2(score)
	for _, b := range bounds {
		if s >= b.from {
			return b.grade
		}
	}
	return GradeD
}

// Round2 rounds to two decimals, halves away from zero, as reports write
// their figures.
func Round2(x float64) float64 {
	// A tiny nudge keeps binary fractions like 76.605 (76.6049999…) on
	// the side a person computing by hand puts them.
	return math.Round(x*100+math.Copysign(1e-7, x)) / 100
}
