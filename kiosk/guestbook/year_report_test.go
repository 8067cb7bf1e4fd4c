package guestbook_test

import (
	"fmt"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/anjungan/anjungan/kiosk/guestbook"
	"github.com/anjungan/anjungan/kiosk/guestbook/guestbooktest"
)

// smallYear is a year of a quiet library, for tests.
func smallYear() guestbooktest.Spec {
	return guestbooktest.Spec{Seed: 7, Start: time.Date(2026, 1, 1, 0, 0, 0, 0, jakarta), Days: 365, Kiosks: 3,
		Visits: 3000, Loans: 1500, Ratings: 600, Answers: 300, Comments: 9}
}

// writeYear writes the year into one file (kiosks == false) or one file
// per kiosk, and opens them.
func writeYear(t testing.TB, y guestbooktest.Year, kiosks int) guestbook.Books {
	t.Helper()
	dir := t.TempDir()
	ids := []string{""}
	if kiosks > 0 {
		ids = nil
		for k := 1; k <= kiosks; k++ {
			ids = append(ids, fmt.Sprintf("kiosk-%02d", k))
		}
	}
	var books guestbook.Books
	for i, id := range ids {
		p := filepath.Join(dir, "guestbook"+strconv.Itoa(i)+".db")
		if err := guestbooktest.Write(ctx, p, jakarta, y, id); err != nil {
			t.Fatal(err)
		}
		s := &guestbook.Store{Path: p, Location: jakarta}
		if err := s.Open(ctx); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		books = append(books, s)
	}
	return books
}

// key groups a moment the way a person reading a calendar in Jakarta
// would, written out here apart from the store's own grouping; a week
// is named by its Monday, the first one by the period's first day
// (from, a library midnight) when the period starts mid-week.
func key(at time.Time, by guestbook.By, from time.Time) string {
	l := at.In(jakarta)
	switch by {
	case guestbook.ByHour:
		return fmt.Sprintf("%02d", l.Hour())
	case guestbook.ByWeekday:
		return map[time.Weekday]string{time.Monday: "1", time.Tuesday: "2", time.Wednesday: "3", time.Thursday: "4",
			time.Friday: "5", time.Saturday: "6", time.Sunday: "7"}[l.Weekday()]
	case guestbook.ByWeek:
		l = time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, jakarta)
		for l.Weekday() != time.Monday && l.After(from) {
			l = l.AddDate(0, 0, -1)
		}
		return fmt.Sprintf("%04d-%02d-%02d", l.Year(), l.Month(), l.Day())
	case guestbook.ByMonth:
		return fmt.Sprintf("%04d-%02d", l.Year(), l.Month())
	}
	return fmt.Sprintf("%04d-%02d-%02d", l.Year(), l.Month(), l.Day())
}

var everyBy = []guestbook.By{guestbook.ByHour, guestbook.ByWeekday, guestbook.ByDay, guestbook.ByWeek, guestbook.ByMonth}

// TestYearNumbers: a generated year in one file and spread over three
// kiosks' files: every count of the store (visits, circulation, ratings
// by each grouping; visitors by purpose and each demographic; the SKM
// respondents' profile; comments) is the count made from the generated
// events, and three files add up to the one.
func TestYearNumbers(t *testing.T) {
	y := guestbooktest.Generate(smallYear())
	// A period inside the year, cut at library midnights.
	from, to := time.Date(2026, 2, 1, 0, 0, 0, 0, jakarta), time.Date(2026, 11, 1, 0, 0, 0, 0, jakarta)
	in := func(at time.Time) bool { return !at.Before(from) && at.Before(to) }
	for _, kiosks := range []int{0, 3} {
		books := writeYear(t, y, kiosks)
		for _, by := range everyBy {
			visits := map[string]guestbook.VisitRow{}
			for _, v := range y.Visits {
				if in(v.At) {
					r := visits[key(v.At, by, from)]
					r.Group = key(v.At, by, from)
					if v.Card != "" {
						r.Members++
					} else {
						r.Guests++
					}
					visits[r.Group] = r
				}
			}
			got, err := books.VisitCounts(ctx, from, to, by)
			if err != nil {
				t.Fatal(err)
			}
			if want := sortedRows(visits); !reflect.DeepEqual(got, want) {
				t.Errorf("%d files, visits by %s:\n got %v\nwant %v", kiosks, by, got, want)
			}
			circ := map[string]guestbook.CirculationRow{}
			for _, c := range y.Tallies {
				if in(c.At) {
					r := circ[key(c.At, by, from)]
					r.Group = key(c.At, by, from)
					switch c.Op {
					case "checkout":
						r.Loans++
					case "checkin":
						r.Returns++
					case "renew":
						r.Renewals++
					}
					circ[r.Group] = r
				}
			}
			gotC, err := books.CirculationCounts(ctx, from, to, by)
			if err != nil {
				t.Fatal(err)
			}
			if want := sortedRows(circ); !reflect.DeepEqual(gotC, want) {
				t.Errorf("%d files, circulation by %s:\n got %v\nwant %v", kiosks, by, gotC, want)
			}
			ratings := map[string]guestbook.RatingRow{}
			for _, g := range y.Ratings {
				if in(g.At) {
					r := ratings[key(g.At, by, from)]
					r.Group = key(g.At, by, from)
					r.Scores[g.Score-1]++
					ratings[r.Group] = r
				}
			}
			gotR, err := books.RatingCounts(ctx, from, to, by)
			if err != nil {
				t.Fatal(err)
			}
			if want := sortedRows(ratings); !reflect.DeepEqual(gotR, want) {
				t.Errorf("%d files, ratings by %s:\n got %v\nwant %v", kiosks, by, gotR, want)
			}
		}
		checkVisitors(t, books, y, from, to, in)
		checkProfile(t, books, y, from, to, in)
		checkComments(t, books, y, from, to, in)
	}
}

func sortedRows[T any](m map[string]T) []T {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	// A plain insertion sort: the test's own order, not the store's.
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	out := []T{}
	for _, k := range keys {
		out = append(out, m[k])
	}
	return out
}

func checkVisitors(t *testing.T, books guestbook.Books, y guestbooktest.Year, from, to time.Time, in func(time.Time) bool) {
	t.Helper()
	want := map[guestbook.Field]map[string][2]int{}
	for _, v := range y.Visits {
		if !in(v.At) {
			continue
		}
		g := v.Guest
		for f, val := range map[guestbook.Field]string{guestbook.FieldPurpose: v.Purpose, guestbook.FieldGender: g.Gender,
			guestbook.FieldAgeGroup: g.AgeGroup, guestbook.FieldEducation: g.Education, guestbook.FieldOccupation: g.Occupation} {
			if want[f] == nil {
				want[f] = map[string][2]int{}
			}
			c := want[f][val]
			if v.Card != "" {
				c[0]++
			} else {
				c[1]++
			}
			want[f][val] = c
		}
	}
	got, err := books.VisitorCounts(ctx, from, to)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 5 {
		t.Fatalf("visitors by %d fields", len(got))
	}
	for f, rows := range got {
		m := map[string][2]int{}
		for i, r := range rows {
			m[r.Value] = [2]int{r.Members, r.Guests}
			if i > 0 && r.Total() > rows[i-1].Total() {
				t.Errorf("%s: %q (%d) after %q (%d)", f, r.Value, r.Total(), rows[i-1].Value, rows[i-1].Total())
			}
		}
		if !reflect.DeepEqual(m, want[f]) {
			t.Errorf("visitors by %s:\n got %v\nwant %v", f, m, want[f])
		}
	}
}

func checkProfile(t *testing.T, books guestbook.Books, y guestbooktest.Year, from, to time.Time, in func(time.Time) bool) {
	t.Helper()
	band := func(age int) string {
		switch {
		case age == 0:
			return ""
		case age <= 19:
			return "< 20"
		case age <= 29:
			return "20-29"
		case age <= 39:
			return "30-39"
		case age <= 49:
			return "40-49"
		case age <= 59:
			return "50-59"
		}
		return ">= 60"
	}
	want := [5]map[string]int{{}, {}, {}, {}, {}}
	n := 0
	for _, a := range y.Answers {
		if !in(a.At) {
			continue
		}
		n++
		p := a.Respondent
		for i, v := range []string{p.Gender, band(p.Age), p.Education, p.Occupation, p.Service} {
			want[i][v]++
		}
	}
	p, err := books.SKMProfile(ctx, from, to)
	if err != nil {
		t.Fatal(err)
	}
	if p.Respondents != n {
		t.Errorf("%d respondents, generated %d", p.Respondents, n)
	}
	for i, cs := range [][]guestbook.Count{p.Gender, p.Age, p.Education, p.Occupation, p.Service} {
		m := map[string]int{}
		for _, c := range cs {
			m[c.Value] = c.N
		}
		if !reflect.DeepEqual(m, want[i]) {
			t.Errorf("profile field %d:\n got %v\nwant %v", i, m, want[i])
		}
	}
	var order []string
	for _, c := range p.Age {
		order = append(order, c.Value)
	}
	if want := []string{"< 20", "20-29", "30-39", "40-49", "50-59", ">= 60", ""}; !reflect.DeepEqual(order, want) {
		t.Errorf("age bands in the order %q", order)
	}
	// The other fields as the published profile lists them: by level,
	// in the questionnaire's order, not by count; not answered last.
	for _, c := range []struct {
		f    guestbook.Field
		cs   []guestbook.Count
		want []string
	}{
		{guestbook.FieldGender, p.Gender, []string{"L", "P"}},
		{guestbook.FieldEducation, p.Education, []string{"SD", "SMP", "SMA", "D3", "S1", "S2", "S3", ""}},
		{guestbook.FieldOccupation, p.Occupation, []string{"Pelajar", "Mahasiswa", "PNS", "Swasta", "Wirausaha", "Lainnya", ""}},
		{guestbook.FieldService, p.Service, []string{"Referensi", "Internet", "Peminjaman", "Ruang baca", "Ruang kreatif"}},
	} {
		var got []string
		for _, x := range c.cs {
			got = append(got, x.Value)
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("profile %s in the order %q, want %q", c.f, got, c.want)
		}
	}
}

func checkComments(t *testing.T, books guestbook.Books, y guestbooktest.Year, from, to time.Time, in func(time.Time) bool) {
	t.Helper()
	want := map[string]int{}
	for _, r := range y.Ratings {
		if in(r.At) && r.Comment != "" {
			want[fmt.Sprintf("%d rating %.2f %s", r.At.Unix(), float64(r.Score), r.Comment)]++
		}
	}
	for _, a := range y.Answers {
		if in(a.At) && a.Comment != "" {
			sum, n := 0, 0
			for _, s := range a.Scores {
				if s > 0 {
					sum += s
					n++
				}
			}
			want[fmt.Sprintf("%d skm %.2f %s", a.At.Unix(), float64(sum)/float64(n), a.Comment)]++
		}
	}
	got, err := books.Comments(ctx, from, to)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]int{}
	for i, c := range got {
		m[fmt.Sprintf("%d %s %.2f %s", c.At.Unix(), c.Source, c.Score, c.Text)]++
		if i > 0 && c.At.After(got[i-1].At) {
			t.Errorf("comment %d (%s) after an older one (%s)", i, c.At, got[i-1].At)
		}
	}
	if len(want) < 10 || !reflect.DeepEqual(m, want) {
		t.Errorf("comments:\n got %v\nwant %v", m, want)
	}
}
