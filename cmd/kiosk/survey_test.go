package main

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/guestbook"
	"github.com/anjungan/anjungan/kiosk/mock"
	"github.com/anjungan/anjungan/kiosk/session"
	"github.com/anjungan/anjungan/kiosk/sqlite"
	"github.com/anjungan/anjungan/kiosk/survey"
)

// TestSurveyEndToEnd: the kiosk with [guestbook] survey = true: the SKM
// taken from the home screen, and a rating with a suggestion after a
// visit, read back from the guest book's file by another reader (as
// kioskctl report does).
func TestSurveyEndToEnd(t *testing.T) {
	clock := mock.NewClock(time.Now())
	m, _, ctx := startMainWith(t, func(m *Main) { m.Config.GuestBook.Survey, m.Now = true, clock.Now })
	s := m.Session
	if s.Survey == nil || !s.Config.Survey {
		t.Fatal("the kiosk offers no survey")
	}
	s.StartSurvey()
	s.SurveyChoose("P")
	for _, c := range []byte("19") {
		s.SurveyKey(c)
	}
	s.SurveyNext()
	s.SurveyChoose("SMA")
	s.SurveySkip() // occupation
	s.SurveyChoose("baca")
	scores := survey.Response{4, 4, 3, 4, 3, 0, 4, 2, 3}
	for _, sc := range scores {
		if sc == 0 {
			s.SurveySkip()
		} else {
			s.SurveyAnswer(sc)
		}
	}
	for _, c := range []byte("Wifi lambat.") {
		s.SurveyKey(c)
	}
	s.SurveySubmit(ctx)
	if v := s.View(); v.Screen != session.ScreenSurveyThanks || v.Message.Key != session.KeySurveyThanks {
		t.Fatalf("after the survey: %s %+v", v.Screen, v.Message)
	}
	s.Done()

	s.Start(session.IntentVisit)
	s.Scan(ctx, kiosk.Scan{Code: sqlite.DemoCard(1)})
	s.Rate(ctx, 3)
	clock.Advance(time.Second) // a tap on "Tulis saran" at once is the face tapped twice
	s.StartSuggestion()
	for _, c := range []byte("Tambah colokan listrik") {
		s.SurveyKey(c)
	}
	s.SurveySubmit(ctx)
	if v := s.View(); v.Message.Key != session.KeySuggested {
		t.Fatalf("after the suggestion: %s %+v", v.Screen, v.Message)
	}

	file := &guestbook.Store{Path: filepath.Join(m.Config.Kiosk.DataDir, "guestbook.db")}
	if err := file.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	from, to := time.Now().Add(-time.Hour), time.Now().Add(time.Hour)
	got, err := file.Survey(ctx, from, to)
	if err != nil || len(got) != 1 {
		t.Fatalf("survey answers %+v %v", got, err)
	}
	want := survey.Respondent{Gender: "P", Age: 19, Education: "SMA", Service: "baca"}
	if a := got[0]; a.Scores != scores || a.Respondent != want || a.Comment != "Wifi lambat." || a.Kiosk != m.Config.Kiosk.ID {
		t.Fatalf("stored %+v", a)
	}
	ratings, err := file.Ratings(ctx, from, to)
	if err != nil || len(ratings) != 1 || ratings[0].Score != 3 || ratings[0].Comment != "Tambah colokan listrik" {
		t.Fatalf("ratings %+v %v", ratings, err)
	}
	r, err := file.SKM(ctx, from, to)
	if err != nil || r.Respondents != 1 || r.Answered[5] != 0 || r.NRR[7] != 2 {
		t.Fatalf("SKM %+v %v", r, err)
	}
}
