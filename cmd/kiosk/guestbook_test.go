package main

import (
	"testing"
	"time"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/guestbook"
	"github.com/anjungan/anjungan/kiosk/session"
	"github.com/anjungan/anjungan/kiosk/sqlite"
	"github.com/anjungan/anjungan/kiosk/survey"
	"slices"
	"sort"
)

// TestGuestBookEndToEnd: the kiosk's guest book on its default file:
// a member's visit by card, at the entrance from the home screen, once a
// day; a rating.
func TestGuestBookEndToEnd(t *testing.T) {
	m, _, ctx := startMainWith(t, func(m *Main) { m.Config.GuestBook.Entrance = true })
	if m.GuestBook == nil {
		t.Fatal("no guest book")
	}
	s := m.Session
	s.Scan(ctx, kiosk.Scan{Code: sqlite.DemoCard(1)}) // on the home screen of an entrance kiosk
	if v := s.View(); v.Screen != session.ScreenFinish || v.Message.Key != session.KeyVisitCounted {
		t.Fatalf("visit: %s %+v", v.Screen, v.Message)
	}
	s.Rate(ctx, 5)
	s.Done()
	s.Start(session.IntentVisit)
	s.Scan(ctx, kiosk.Scan{Code: sqlite.DemoCard(1)})
	if v := s.View(); v.Message.Key != session.KeyVisitAgain {
		t.Fatalf("the same day again: %+v", v.Message)
	}
	vs, err := m.GuestBook.Visits(ctx, time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
	if err != nil || len(vs) != 1 || vs[0].Card != sqlite.DemoCard(1) || vs[0].Kiosk != m.Config.Kiosk.ID {
		t.Fatalf("visits %+v %v", vs, err)
	}
}

// TestCountersSurviveRestart: today's loans, returns, visits and ratings
// are counted in the kiosk's file, so that a restarted kiosk reports
// them again.
func TestCountersSurviveRestart(t *testing.T) {
	dir := t.TempDir()
	m, _, ctx := startMainWith(t, func(m *Main) { m.Config.Kiosk.DataDir = dir })
	s := m.Session
	s.Start(session.IntentBorrow)
	s.Scan(ctx, kiosk.Scan{Code: sqlite.DemoCard(1)})
	for _, d := range "1234" {
		s.PINKey(byte(d))
	}
	s.PINSubmit(ctx)
	s.Scan(ctx, kiosk.Scan{Code: sqlite.DemoItem(1)})
	s.Scan(ctx, kiosk.Scan{Code: sqlite.DemoItem(2)})
	s.Done()
	s.Start(session.IntentReturn)
	s.Scan(ctx, kiosk.Scan{Code: sqlite.DemoItem(1)})
	s.Done()
	s.Start(session.IntentVisit)
	s.Scan(ctx, kiosk.Scan{Code: sqlite.DemoCard(2)})
	s.Rate(ctx, 4)
	s.Done()
	before := s.Counters()
	if before.Loans != 2 || before.Returns != 1 || before.Visits != 1 || before.Ratings != 1 {
		t.Fatalf("counters before the restart %+v", before)
	}
	m.Close()

	m2, _, _ := startMainWith(t, func(m *Main) { m.Config.Kiosk.DataDir = dir })
	after := m2.Session.Counters()
	if after.Loans != 2 || after.Returns != 1 || after.Visits != 1 || after.Ratings != 1 || after.Day != before.Day {
		t.Fatalf("counters after the restart %+v, before %+v", after, before)
	}
}

// TestReportOrderKnowsTheKiosksChoices: the reports list the kiosk's
// default choices and the SKM's options in the order the kiosk asks
// them. kiosk/guestbook keeps its own list (an adapter imports no flow):
// this catches the two drifting apart.
func TestReportOrderKnowsTheKiosksChoices(t *testing.T) {
	f := session.DefaultGuestForm()
	codes := func(opts []survey.Option) []string {
		var out []string
		for _, o := range opts {
			out = append(out, o.Code)
		}
		return out
	}
	for _, c := range []struct {
		field  guestbook.Field
		values []string
	}{
		{guestbook.FieldPurpose, f.Purposes}, {guestbook.FieldGender, f.Genders}, {guestbook.FieldAgeGroup, f.AgeGroups},
		{guestbook.FieldEducation, f.Educations}, {guestbook.FieldOccupation, f.Occupations},
		{guestbook.FieldGender, codes(survey.Genders)}, {guestbook.FieldEducation, codes(survey.Educations)},
		{guestbook.FieldOccupation, codes(survey.Occupations)}, {guestbook.FieldService, codes(survey.Services)},
	} {
		got := slices.Clone(c.values)
		slices.Reverse(got)
		less := guestbook.NaturalLess(c.field)
		sort.SliceStable(got, func(i, j int) bool { return less(got[i], got[j]) })
		if !slices.Equal(got, c.values) {
			t.Errorf("%s: the reports' order %q, the kiosk's %q", c.field, got, c.values)
		}
	}
}
