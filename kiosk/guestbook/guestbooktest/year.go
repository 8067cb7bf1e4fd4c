// Package guestbooktest makes a library's year for tests and benchmarks
// of the numbers: visits, circulation, ratings and SKM answers drawn from
// a fixed seed, written straight into a guest book file in one
// transaction (a year of a busy library takes seconds, not the hours its
// rows would take committed one by one).
package guestbooktest

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/guestbook"
)

// Spec is how much of a year to make.
type Spec struct {
	Seed     uint64
	Start    time.Time // the first day's midnight, in the library's zone
	Days     int
	Kiosks   int // events are spread over kiosk-01 … kiosk-NN
	Visits   int
	Loans    int // circulation rows: loans, returns and renewals together
	Ratings  int
	Answers  int // SKM respondents
	Comments int // one rating or answer in Comments carries a comment
}

// FullYear is the benchmark's year of a busy library.
func FullYear(loc *time.Location) Spec {
	return Spec{Seed: 15, Start: time.Date(2026, 1, 1, 0, 0, 0, 0, loc), Days: 365, Kiosks: 3,
		Visits: 500_000, Loans: 200_000, Ratings: 50_000, Answers: 20_000, Comments: 20}
}

// Year is what was made.
type Year struct {
	Visits  []kiosk.Visit
	Tallies []kiosk.Tally
	Ratings []kiosk.Rating
	Answers []guestbook.SurveyAnswer
}

// Comments visitors write; some with letters beyond ASCII, some that a
// spreadsheet would take for a formula.
var Comments = []string{
	"Ruang bacanya nyaman, terima kasih!",
	"Koleksi buku anak perlu ditambah.",
	"Wi-Fi sering putus di lantai dua.",
	"Pelayanan Bu Dédé sangat ramah — mantap.",
	"=HYPERLINK(\"http://contoh.invalid\",\"klik\")",
	"@SUM(1+1) jam buka diperpanjang",
	"Antrean peminjaman lama sekali…",
	"AC di ruang diskusi kurang dingin; tolong diperbaiki ÷ dicek.",
}

// Values the guest form offers; "" is not asked or not answered.
var (
	Purposes    = []string{"membaca", "meminjam", "mengerjakan tugas", "ruang kreatif", "acara", "lainnya", ""}
	Genders     = []string{"L", "P", ""}
	AgeGroups   = []string{"< 13", "13-18", "19-25", "26-40", "41-60", "> 60", ""}
	Educations  = []string{"SD", "SMP", "SMA", "D3", "S1", "S2", "S3", ""}
	Occupations = []string{"Pelajar", "Mahasiswa", "PNS", "Swasta", "Wirausaha", "Lainnya", ""}
	Services    = []string{"Peminjaman", "Ruang baca", "Internet", "Ruang kreatif", "Referensi"}
)

// Generate makes the year the spec says, the same for the same spec.
func Generate(sp Spec) Year {
	r := rand.New(rand.NewPCG(sp.Seed, 0x6b696f736b))
	var y Year
	kioskID := func() string { return fmt.Sprintf("kiosk-%02d", 1+r.IntN(max(sp.Kiosks, 1))) }
	pick := func(vs []string) string { return vs[r.IntN(len(vs))] }
	for i := range sp.Visits {
		v := kiosk.Visit{At: when(r, sp), Kiosk: kioskID()}
		if i%5 < 3 {
			v.Card = fmt.Sprintf("2000%07d", r.IntN(40_000))
		} else {
			v.Guest = kiosk.Guest{Name: fmt.Sprintf("Tamu %d", i), Origin: "SMA Negeri 1",
				Gender: pick(Genders), AgeGroup: pick(AgeGroups), Education: pick(Educations), Occupation: pick(Occupations)}
			v.Purpose = pick(Purposes)
		}
		y.Visits = append(y.Visits, v)
	}
	ops := []string{kiosk.OpCheckout, kiosk.OpCheckout, kiosk.OpCheckin, kiosk.OpCheckin, kiosk.OpRenew}
	for range sp.Loans {
		y.Tallies = append(y.Tallies, kiosk.Tally{At: when(r, sp), Kiosk: kioskID(), Op: pick(ops)})
	}
	faces := []int{1, 2, 3, 3, 4, 4, 4, 5, 5, 5, 5}
	for i := range sp.Ratings {
		g := kiosk.Rating{At: when(r, sp), Kiosk: kioskID(), Score: faces[r.IntN(len(faces))]}
		if sp.Comments > 0 && i%sp.Comments == 0 {
			g.Comment = pick(Comments)
		}
		y.Ratings = append(y.Ratings, g)
	}
	// Each element's chance of a 4, 3, 2 and 1 (and 0: not answered):
	// waiting time, facilities and complaint handling fare worst.
	low := map[int]bool{2: true, 7: true, 8: true}
	for i := range sp.Answers {
		a := guestbook.SurveyAnswer{At: when(r, sp), Kiosk: kioskID(),
			Respondent: guestbook.Respondent{Gender: pick(Genders[:2]), Education: pick(Educations), Occupation: pick(Occupations),
				Service: pick(Services)}}
		if r.IntN(10) > 0 {
			a.Respondent.Age = 15 + r.IntN(56)
		}
		for e := range a.Scores {
			p := r.IntN(100)
			switch {
			case e == 3 && p < 3:
				a.Scores[e] = 0 // fees: "I paid nothing", left out
			case low[e]:
				a.Scores[e] = []int{1, 2, 2, 3, 3, 3, 3, 4, 4, 4}[p%10]
			default:
				a.Scores[e] = []int{2, 3, 3, 3, 4, 4, 4, 4, 4, 4}[p%10]
			}
		}
		if sp.Comments > 0 && i%sp.Comments == 1 {
			a.Comment = pick(Comments)
		}
		y.Answers = append(y.Answers, a)
	}
	// A guest book records as things happen: in time order.
	sortBy(y.Visits, func(v kiosk.Visit) time.Time { return v.At })
	sortBy(y.Tallies, func(t kiosk.Tally) time.Time { return t.At })
	sortBy(y.Ratings, func(r kiosk.Rating) time.Time { return r.At })
	sortBy(y.Answers, func(a guestbook.SurveyAnswer) time.Time { return a.At })
	return y
}

func sortBy[T any](s []T, at func(T) time.Time) {
	slices.SortStableFunc(s, func(a, b T) int { return at(a).Compare(at(b)) })
}

// when draws a moment of the year: busier on weekdays, quieter on
// Sundays, peaks at 10:00 and 14:00, open 08:00 to 20:00.
func when(r *rand.Rand, sp Spec) time.Time {
	dayWeight := [7]int{2, 10, 10, 9, 9, 8, 6}              // Sunday … Saturday
	hourWeight := []int{3, 6, 9, 7, 5, 4, 8, 7, 5, 4, 3, 2} // 08 … 19
	for {
		d := sp.Start.AddDate(0, 0, r.IntN(sp.Days))
		if r.IntN(10) >= dayWeight[d.Weekday()] {
			continue
		}
		h := r.IntN(len(hourWeight))
		if r.IntN(9) >= hourWeight[h] {
			continue
		}
		return d.Add(time.Duration(8+h)*time.Hour + time.Duration(r.IntN(3600))*time.Second)
	}
}
