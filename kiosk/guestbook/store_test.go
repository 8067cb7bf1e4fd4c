package guestbook_test

import (
	"context"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/guestbook"
	"github.com/anjungan/anjungan/kiosk/mock"
	"github.com/anjungan/anjungan/kiosk/survey"
)

var (
	ctx        = context.Background()
	jakarta, _ = time.LoadLocation("Asia/Jakarta")
	monday     = time.Date(2026, 11, 23, 9, 0, 0, 0, jakarta)
)

func open(t *testing.T, once bool) (*guestbook.Store, *mock.Clock) {
	t.Helper()
	clock := mock.NewClock(monday)
	s := &guestbook.Store{Path: filepath.Join(t.TempDir(), "guestbook.db"), OncePerDay: once, Location: jakarta, Now: clock.Now}
	if err := s.Open(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, clock
}

// TestMemberOncePerDay: a member's visits count once a library day when
// the library wants it so (a day in Jakarta, not in UTC), and each visit
// otherwise.
func TestMemberOncePerDay(t *testing.T) {
	for _, c := range []struct {
		once bool
		want []bool // counted, for visits at 09:00, 16:00, 23:30 and the next day 06:00
	}{
		{true, []bool{true, false, false, true}},
		{false, []bool{true, true, true, true}},
	} {
		s, clock := open(t, c.once)
		for i, at := range []time.Time{monday, monday.Add(7 * time.Hour), monday.Add(14*time.Hour + 30*time.Minute), monday.Add(21 * time.Hour)} {
			clock.Set(at)
			got, err := s.RecordVisit(ctx, kiosk.Visit{Card: "20001000000012", Kiosk: "k1"})
			if err != nil || got != c.want[i] {
				t.Errorf("once=%v, visit %d at %s: counted %v %v, want %v", c.once, i, at.Format("Mon 15:04"), got, err, c.want[i])
			}
		}
	}
}

// TestGuestsAndRetention: a guest's fields are kept (tidied) until the
// library's retention ends, then the name and origin go and the visit
// stays, with what it counts by.
func TestGuestsAndRetention(t *testing.T) {
	s, clock := open(t, true)
	g := kiosk.Guest{Name: "  Rina   Marlina ", Origin: "SMA Negeri 1", Gender: "P", AgeGroup: "13-18", Education: "SMA", Occupation: "Pelajar"}
	if ok, err := s.RecordVisit(ctx, kiosk.Visit{Guest: g, Purpose: "membaca", Kiosk: "k1"}); !ok || err != nil {
		t.Fatal(ok, err)
	}
	if _, err := s.RecordVisit(ctx, kiosk.Visit{Guest: kiosk.Guest{Origin: "no name"}}); err == nil {
		t.Fatal("a guest without a name was recorded")
	}
	clock.Set(monday.Add(60 * 24 * time.Hour))
	s.RecordVisit(ctx, kiosk.Visit{Guest: kiosk.Guest{Name: "Budi"}, Purpose: "acara"})
	vs, _ := s.Visits(ctx, monday.Add(-time.Hour), clock.Now().Add(time.Hour))
	if len(vs) != 2 || vs[0].Guest.Name != "Rina Marlina" || vs[0].Guest.Education != "SMA" || vs[0].Purpose != "membaca" {
		t.Fatalf("visits %+v", vs)
	}
	n, err := s.Purge(ctx, 30*24*time.Hour)
	if err != nil || n != 1 {
		t.Fatalf("purged %d %v", n, err)
	}
	vs, _ = s.Visits(ctx, monday.Add(-time.Hour), clock.Now().Add(time.Hour))
	if len(vs) != 2 || vs[0].Guest.Name != "" || vs[0].Guest.Origin != "" || vs[0].Guest.Gender != "P" || vs[0].Purpose != "membaca" {
		t.Fatalf("after the purge: %+v", vs[0])
	}
	if vs[1].Guest.Name != "Budi" {
		t.Fatal("a recent guest's name purged")
	}
	if n, _ := s.Purge(ctx, 30*24*time.Hour); n != 0 {
		t.Fatalf("purged again: %d", n)
	}
}

func TestRatings(t *testing.T) {
	s, _ := open(t, true)
	for _, bad := range []int{0, 6, -1} {
		if err := s.RecordRating(ctx, kiosk.Rating{Score: bad}); err == nil {
			t.Errorf("a rating of %d taken", bad)
		}
	}
	if err := s.RecordRating(ctx, kiosk.Rating{Score: 5, Comment: "Ruang bacanya nyaman, terima kasih!"}); err != nil {
		t.Fatal(err)
	}
}

// TestSurvey: SKM answers kept and read back, scores out of the scale
// refused, and the period's index computed over them.
func TestSurvey(t *testing.T) {
	s, clock := open(t, true)
	good := guestbook.SurveyAnswer{Scores: survey.Response{4, 4, 3, 4, 3, 4, 4, 3, 0}, Kiosk: "k1", Comment: " Koleksi anak perlu ditambah ",
		Respondent: guestbook.Respondent{Gender: "P", Age: 34, Education: "S1", Occupation: "Swasta", Service: "Peminjaman"}}
	if err := s.RecordSurvey(ctx, good); err != nil {
		t.Fatal(err)
	}
	clock.Set(monday.Add(time.Hour))
	if err := s.RecordSurvey(ctx, guestbook.SurveyAnswer{Scores: survey.Response{3, 3, 3, 3, 3, 3, 3, 3, 3}}); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []guestbook.SurveyAnswer{{Scores: survey.Response{5}}, {}, {Scores: survey.Response{1}, Respondent: guestbook.Respondent{Age: 200}}} {
		if err := s.RecordSurvey(ctx, bad); err == nil {
			t.Errorf("%+v recorded", bad)
		}
	}
	got, err := s.Survey(ctx, monday.Add(-time.Hour), monday.Add(2*time.Hour))
	if err != nil || len(got) != 2 || got[0].Scores != good.Scores || got[0].Respondent != good.Respondent || got[0].Comment != "Koleksi anak perlu ditambah" {
		t.Fatalf("answers %+v %v", got, err)
	}
	r, err := s.SKM(ctx, monday.Add(-time.Hour), monday.Add(2*time.Hour))
	if err != nil || r.Respondents != 2 || r.Answered[8] != 1 || r.NRR[0] != 3.5 {
		t.Fatalf("SKM %+v %v", r, err)
	}
}

// TestVisitCounts: a generated month of visits counted by hour, day, week
// and month, checked against counts made independently while generating.
func TestVisitCounts(t *testing.T) {
	s, clock := open(t, false)
	start := time.Date(2026, 11, 1, 0, 0, 0, 0, jakarta)
	byDay, byHour, byWeek := map[string][2]int{}, map[string]int{}, map[string]int{}
	n := 0
	for d := range 30 {
		for h := 8; h < 17; h++ {
			for k := range (d + h) % 4 {
				at := start.AddDate(0, 0, d).Add(time.Duration(h)*time.Hour + time.Duration(k)*7*time.Minute)
				clock.Set(at)
				v := kiosk.Visit{Card: "2000" + strconv.Itoa(n)}
				member := 0
				if n%3 == 0 {
					v = kiosk.Visit{Guest: kiosk.Guest{Name: "Tamu " + strconv.Itoa(n)}}
					member = 1
				}
				if _, err := s.RecordVisit(ctx, v); err != nil {
					t.Fatal(err)
				}
				day := at.Format(time.DateOnly)
				c := byDay[day]
				c[member]++
				byDay[day] = c
				byHour[at.Format("15")]++
				monday := at.AddDate(0, 0, -((int(at.Weekday()) + 6) % 7)).Format(time.DateOnly)
				if first := start.Format(time.DateOnly); monday < first {
					monday = first // the period's first, partial week is named by its first day
				}
				byWeek[monday]++
				n++
			}
		}
	}
	end := start.AddDate(0, 1, 0)
	days, err := s.VisitCounts(ctx, start, end, guestbook.ByDay)
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, r := range days {
		if c := byDay[r.Group]; r.Members != c[0] || r.Guests != c[1] {
			t.Errorf("%s: %d members %d guests, generated %v", r.Group, r.Members, r.Guests, c)
		}
		total += r.Total()
	}
	if total != n {
		t.Fatalf("%d visits counted by day, %d generated", total, n)
	}
	hours, _ := s.VisitCounts(ctx, start, end, guestbook.ByHour)
	for _, r := range hours {
		if r.Total() != byHour[r.Group] {
			t.Errorf("hour %s: %d, generated %d", r.Group, r.Total(), byHour[r.Group])
		}
	}
	weeks, _ := s.VisitCounts(ctx, start, end, guestbook.ByWeek)
	for _, r := range weeks {
		if r.Total() != byWeek[r.Group] {
			t.Errorf("week of %s: %d, generated %d", r.Group, r.Total(), byWeek[r.Group])
		}
	}
	months, _ := s.VisitCounts(ctx, start, end, guestbook.ByMonth)
	if len(months) != 1 || months[0].Group != "2026-11" || months[0].Total() != n {
		t.Fatalf("months %+v", months)
	}
	if _, err := guestbook.ParseBy("year"); err == nil {
		t.Fatal("-by year taken")
	}
}
