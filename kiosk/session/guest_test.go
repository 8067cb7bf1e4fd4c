package session_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/anjungan/anjungan/assets"
	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/session"
	"github.com/anjungan/anjungan/kiosk/visitorpass"
)

// guests is a guest book in memory that counts a visitor pass once.
type guests struct {
	visits  []kiosk.Visit
	ratings []kiosk.Rating
	passes  map[string]bool
	err     error
}

func (g *guests) RecordVisit(_ context.Context, v kiosk.Visit) (bool, error) {
	if g.err != nil {
		return false, g.err
	}
	if v.Pass != "" {
		if g.passes == nil {
			g.passes = map[string]bool{}
		}
		if g.passes[v.Pass] {
			return false, nil
		}
		g.passes[v.Pass] = true
	}
	g.visits = append(g.visits, v)
	return true, nil
}

func (g *guests) RecordRating(_ context.Context, r kiosk.Rating) error {
	g.ratings = append(g.ratings, r)
	return nil
}

// guestSession is a kiosk with a guest book and form, on the Kunjungan
// screen; its log is in the buffer.
func guestSession(t *testing.T, form session.GuestForm) (*session.Session, *guests, *bytes.Buffer) {
	t.Helper()
	s, _ := newSession(t, library())
	var log bytes.Buffer
	s.Logger = slog.New(slog.NewTextHandler(&log, nil))
	gb := &guests{}
	s.GuestBook, s.Config.GuestForm = gb, form
	s.Start(session.IntentVisit)
	return s, gb, &log
}

func typeGuest(s *session.Session, text string) {
	for _, r := range text {
		s.GuestType(r)
	}
}

// step checks the form shows field, and returns the step.
func step(t *testing.T, s *session.Session, field session.GuestField) session.GuestStep {
	t.Helper()
	v := wantScreen(t, s, session.ScreenGuest)
	if st := v.Guest.Current(); st.Field != field {
		t.Fatalf("step %s, want %s (message %q)", st.Field, field, v.Message.Key)
	}
	return v.Guest.Current()
}

// choose picks value on the current choice step.
func choose(t *testing.T, s *session.Session, value string) {
	t.Helper()
	for i, c := range s.View().Guest.Current().Choices {
		if c.Value == value {
			s.GuestChoose(ctx, i)
			return
		}
	}
	t.Fatalf("no choice %q in %+v", value, s.View().Guest.Current().Choices)
}

// TestGuestSignsTheBook: Saya tamu on the Kunjungan screen, every field
// asked, then the visit is in the book with what the guest gave and the
// rating faces show; the log has no name.
func TestGuestSignsTheBook(t *testing.T) {
	form := session.DefaultGuestForm()
	form.Origin, form.Gender, form.AgeGroup, form.Education, form.Occupation = session.FieldRequired, session.FieldRequired,
		session.FieldOptional, session.FieldOptional, session.FieldRequired
	form.Occupations = append(form.Occupations, "pustakawan")
	s, gb, log := guestSession(t, form)
	s.GuestStart()
	if st := step(t, s, session.FieldName); !st.Text || !st.Required || st.Max != 60 {
		t.Fatalf("name step %+v", st)
	}
	typeGuest(s, "  Ni Luh  Putu O'Neil, S.Pd.\x07")
	s.GuestNext(ctx)
	typeGuest(s, "SMA Negeri 3 Denpasar")
	s.GuestNext(ctx)
	st := step(t, s, session.FieldPurpose)
	if st.Text || !st.Required || len(st.Choices) != 6 || st.Choices[2] != (session.Choice{Value: "mengerjakan tugas", Key: "guest.purpose.study"}) {
		t.Fatalf("purpose step %+v", st)
	}
	choose(t, s, "mengerjakan tugas")
	choose(t, s, "perempuan")
	s.GuestSkip(ctx) // age group, optional
	choose(t, s, "S1/D4")
	if st := step(t, s, session.FieldOccupation); st.Choices[len(st.Choices)-1] != (session.Choice{Value: "pustakawan"}) {
		t.Fatalf("the library's own occupation: %+v", st.Choices[len(st.Choices)-1])
	}
	choose(t, s, "pustakawan")
	v := wantScreen(t, s, session.ScreenFinish)
	if !v.Rate || v.Message.Key != session.KeyVisitCounted || v.Guest != nil {
		t.Fatalf("after the form: %+v", v)
	}
	want := kiosk.Visit{At: t0, Guest: kiosk.Guest{Name: "Ni Luh Putu O'Neil, S.Pd.", Origin: "SMA Negeri 3 Denpasar", Gender: "perempuan",
		Education: "S1/D4", Occupation: "pustakawan"}, Purpose: "mengerjakan tugas"}
	if len(gb.visits) != 1 || gb.visits[0] != want {
		t.Fatalf("visits %+v\nwant %+v", gb.visits, want)
	}
	s.Rate(ctx, 5)
	if len(gb.ratings) != 1 {
		t.Fatal("no rating")
	}
	for _, secret := range []string{"Luh", "Denpasar", "pustakawan"} {
		if strings.Contains(log.String(), secret) {
			t.Fatalf("the log has %q:\n%s", secret, log)
		}
	}
}

// TestGuestFieldModes: each field off, optional or required — asked or
// not, skippable or not, and a required one refused empty with a
// message naming it.
func TestGuestFieldModes(t *testing.T) {
	fields := []struct {
		field session.GuestField
		set   func(f *session.GuestForm, m session.FieldMode)
	}{
		{session.FieldOrigin, func(f *session.GuestForm, m session.FieldMode) { f.Origin = m }},
		{session.FieldGender, func(f *session.GuestForm, m session.FieldMode) { f.Gender = m }},
		{session.FieldAgeGroup, func(f *session.GuestForm, m session.FieldMode) { f.AgeGroup = m }},
		{session.FieldEducation, func(f *session.GuestForm, m session.FieldMode) { f.Education = m }},
		{session.FieldOccupation, func(f *session.GuestForm, m session.FieldMode) { f.Occupation = m }},
	}
	for _, fc := range fields {
		for _, mode := range []session.FieldMode{session.FieldOff, session.FieldOptional, session.FieldRequired} {
			t.Run(string(fc.field)+"="+string(mode), func(t *testing.T) {
				form := session.DefaultGuestForm()
				form.Purposes = nil
				for _, o := range fields {
					o.set(&form, session.FieldOff)
				}
				fc.set(&form, mode)
				s, gb, _ := guestSession(t, form)
				s.GuestStart()
				typeGuest(s, "Rina")
				s.GuestNext(ctx)
				if mode == session.FieldOff {
					if len(gb.visits) != 1 {
						t.Fatalf("a field off was asked: %+v", s.View().Guest)
					}
					return
				}
				st := step(t, s, fc.field)
				if st.Required != (mode == session.FieldRequired) {
					t.Fatalf("step %+v", st)
				}
				s.GuestSkip(ctx)
				s.GuestNext(ctx)
				if mode == session.FieldRequired {
					step(t, s, fc.field)
					wantMessage(t, s, "guest."+string(fc.field)+".required")
					if len(gb.visits) != 0 {
						t.Fatal("recorded without a required field")
					}
					return
				}
				if len(gb.visits) != 1 || gb.visits[0].Guest != (kiosk.Guest{Name: "Rina"}) {
					t.Fatalf("skipped: %+v", gb.visits)
				}
			})
		}
	}
}

// TestGuestTextChecks: what a typed field refuses, each with a message
// naming the field.
func TestGuestTextChecks(t *testing.T) {
	for _, tc := range []struct {
		name  string
		field session.GuestField // the step typed on
		text  string
		key   string // the message; "" goes on
		value string // what the step keeps
	}{
		{"name empty", session.FieldName, "", "guest.name.required", ""},
		{"name only spaces", session.FieldName, "    ", "guest.name.required", ""},
		{"name only punctuation", session.FieldName, ".'-,.", "guest.name.invalid", ".'-,."},
		{"name only digits", session.FieldName, "12345", "guest.name.invalid", "12345"},
		{"name too long", session.FieldName, strings.Repeat("Sri ", 20), "guest.name.too_long", strings.Repeat("Sri ", 15)},
		{"name with signs", session.FieldName, "R.A. Kartini-Djojoadhiningrat", "", "R.A. Kartini-Djojoadhiningrat"},
		{"control characters and emoji dropped", session.FieldName, "Bu\tdi\n😀", "", "Budi"},
		{"letters beyond ASCII", session.FieldName, "Ngũyễn Ömer", "", "Ngũyễn Ömer"},
		{"origin only punctuation", session.FieldOrigin, "--", "guest.origin.invalid", "--"},
		{"origin a number", session.FieldOrigin, "SMPN 12", "", "SMPN 12"},
		{"origin required", session.FieldOrigin, "", "guest.origin.required", ""},
		{"origin too long", session.FieldOrigin, strings.Repeat("x", 85), "guest.origin.too_long", strings.Repeat("x", 80)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			form := session.DefaultGuestForm()
			form.Origin = session.FieldRequired
			s, _, _ := guestSession(t, form)
			s.GuestStart()
			if tc.field == session.FieldOrigin {
				typeGuest(s, "Rina")
				s.GuestNext(ctx)
			}
			typeGuest(s, tc.text)
			if tc.key == "" || !strings.HasSuffix(tc.key, "too_long") { // too long says so as it is typed
				s.GuestNext(ctx)
			}
			v := s.View()
			if v.Message.Key != tc.key {
				t.Fatalf("message %q, want %q", v.Message.Key, tc.key)
			}
			if tc.key == "" {
				if v.Guest.Steps[v.Guest.Step-1].Value != tc.value {
					t.Fatalf("kept %q, want %q", v.Guest.Steps[v.Guest.Step-1].Value, tc.value)
				}
				return
			}
			if st := step(t, s, tc.field); st.Value != tc.value {
				t.Fatalf("value %q, want %q", st.Value, tc.value)
			}
			if strings.HasSuffix(tc.key, "too_long") && v.Message.Args["max"] == "" {
				t.Fatal("no {max}")
			}
		})
	}
}

// TestGuestEraseAndClear: backspace takes a whole letter, Clear all.
func TestGuestEraseAndClear(t *testing.T) {
	s, _, _ := guestSession(t, session.DefaultGuestForm())
	s.GuestStart()
	typeGuest(s, "Dewi Ö")
	s.GuestErase()
	if st := step(t, s, session.FieldName); st.Value != "Dewi " {
		t.Fatalf("after backspace %q", st.Value)
	}
	s.GuestClear()
	if st := step(t, s, session.FieldName); st.Value != "" {
		t.Fatalf("after clear %q", st.Value)
	}
}

// TestGuestViewIsASnapshot: a View's form shares no memory with the
// session's.
func TestGuestViewIsASnapshot(t *testing.T) {
	s, _, _ := guestSession(t, session.DefaultGuestForm())
	s.GuestStart()
	typeGuest(s, "Rina")
	v := s.View()
	v.Guest.Steps[0].Value = "Budi"
	v.Guest.Steps[2].Choices[0].Value = "tidur"
	v.Guest.Step = 3
	if w := s.View(); w.Guest.Step != 0 || w.Guest.Steps[0].Value != "Rina" || w.Guest.Steps[2].Choices[0].Value != "membaca" {
		t.Fatalf("the session's form changed through a view: %+v", w.Guest)
	}
}

// TestGuestNoPurposes: with purposes empty the purpose is not asked.
func TestGuestNoPurposes(t *testing.T) {
	form := session.GuestForm{}
	s, gb, _ := guestSession(t, form)
	s.GuestStart()
	typeGuest(s, "Rina")
	s.GuestNext(ctx)
	if len(gb.visits) != 1 || gb.visits[0].Purpose != "" {
		t.Fatalf("visits %+v, view %+v", gb.visits, s.View().Guest)
	}
	// With purposes, it is asked and has no skip.
	form.Purposes = []string{"membaca", "diskusi"}
	s, gb, _ = guestSession(t, form)
	s.GuestStart()
	typeGuest(s, "Rina")
	s.GuestNext(ctx)
	if st := step(t, s, session.FieldPurpose); st.Choices[1] != (session.Choice{Value: "diskusi"}) || st.Choices[0].Key != "guest.purpose.read" {
		t.Fatalf("choices %+v", st.Choices)
	}
	s.GuestSkip(ctx)
	s.GuestNext(ctx)
	wantMessage(t, s, "guest.purpose.required")
	s.GuestChoose(ctx, 7) // no such choice
	step(t, s, session.FieldPurpose)
	s.GuestChoose(ctx, 1)
	if len(gb.visits) != 1 || gb.visits[0].Purpose != "diskusi" {
		t.Fatalf("visits %+v", gb.visits)
	}
}

// TestGuestBack: Back keeps what was given on the steps before; from the
// first step it returns to the Kunjungan screen and drops the form.
func TestGuestBack(t *testing.T) {
	s, gb, _ := guestSession(t, session.DefaultGuestForm())
	s.GuestStart()
	typeGuest(s, "Rina")
	s.GuestNext(ctx)
	typeGuest(s, "UNS")
	s.GuestNext(ctx)
	choose(t, s, "membaca")
	step(t, s, session.FieldGender)
	s.GuestBack()
	s.GuestBack()
	if st := step(t, s, session.FieldOrigin); st.Value != "UNS" {
		t.Fatalf("origin %q after Back", st.Value)
	}
	s.GuestBack()
	if st := step(t, s, session.FieldName); st.Value != "Rina" {
		t.Fatalf("name %q after Back", st.Value)
	}
	s.GuestBack()
	if v := wantScreen(t, s, session.ScreenIdentify); v.Intent != session.IntentVisit || v.Guest != nil {
		t.Fatalf("back from the first step: %+v", v)
	}
	s.GuestStart()
	if st := step(t, s, session.FieldName); st.Value != "" {
		t.Fatalf("the form came back with %q", st.Value)
	}
	if len(gb.visits) != 0 {
		t.Fatal("recorded")
	}
}

// TestGuestIdleTimeout: a guest who walks away mid-form: home after the
// idle timeout, and the next guest's form is empty.
func TestGuestIdleTimeout(t *testing.T) {
	s, clock := newSession(t, library())
	gb := &guests{}
	s.GuestBook = gb
	s.Start(session.IntentVisit)
	s.GuestStart()
	typeGuest(s, "Rina Marlina")
	clock.Advance(s.Config.IdleTimeout - s.Config.IdleWarning + time.Second)
	s.Tick()
	if v := s.View(); v.Countdown == 0 || v.Screen != session.ScreenGuest {
		t.Fatalf("no countdown: %+v", v)
	}
	clock.Advance(s.Config.IdleWarning)
	s.Tick()
	if v := wantScreen(t, s, session.ScreenHome); v.Guest != nil {
		t.Fatalf("the form outlived the visit: %+v", v.Guest)
	}
	s.GuestStart() // from home
	if st := step(t, s, session.FieldName); st.Value != "" {
		t.Fatalf("the next guest sees %q", st.Value)
	}
	if len(gb.visits) != 0 {
		t.Fatal("a half-filled form was recorded")
	}
}

// TestGuestBookFault: the book failing keeps the form, to try again.
func TestGuestBookFault(t *testing.T) {
	s, gb, log := guestSession(t, session.GuestForm{})
	gb.err = errors.New("disk full")
	s.GuestStart()
	typeGuest(s, "Rina")
	s.GuestNext(ctx)
	wantMessage(t, s, kiosk.KeyInternal)
	if st := step(t, s, session.FieldName); st.Value != "Rina" {
		t.Fatalf("value %q", st.Value)
	}
	gb.err = nil
	s.GuestNext(ctx)
	if len(gb.visits) != 1 || strings.Contains(log.String(), "Rina") {
		t.Fatalf("visits %+v, log %s", gb.visits, log)
	}
}

// TestGuestFormNeedsTheBook: no guest book, no form; the form opens only
// from Kunjungan or home.
func TestGuestFormNeedsTheBook(t *testing.T) {
	s, _ := newSession(t, library())
	s.Start(session.IntentVisit)
	s.GuestStart()
	wantScreen(t, s, session.ScreenIdentify)
	s, _, _ = guestSession(t, session.DefaultGuestForm())
	s.Cancel()
	s.Start(session.IntentBorrow)
	s.GuestStart()
	wantScreen(t, s, session.ScreenIdentify)
}

// TestGuestMessagesTranslated: every message the form can give and every
// default choice has its text in both languages.
func TestGuestMessagesTranslated(t *testing.T) {
	c := assets.Catalog()
	var keys []string
	for _, f := range []session.GuestField{session.FieldName, session.FieldOrigin, session.FieldPurpose, session.FieldGender,
		session.FieldAgeGroup, session.FieldEducation, session.FieldOccupation} {
		keys = append(keys, session.KeyGuestField(f, "required"), session.KeyGuestLabel(f))
		if f == session.FieldName || f == session.FieldOrigin {
			keys = append(keys, session.KeyGuestField(f, "invalid"), session.KeyGuestField(f, "too_long"))
		}
	}
	for _, ch := range session.DefaultChoices() {
		keys = append(keys, ch.Key)
	}
	for _, k := range keys {
		for _, lang := range []string{kiosk.LangID, kiosk.LangEN} {
			if !c.Has(lang, k) {
				t.Errorf("%s: no %s text", k, lang)
			}
		}
	}
}

// passes signs passes for the site "uji".
var passSigner = visitorpass.Signer{Site: "uji", Secret: []byte("a secret of sixteen bytes or more")}

func pass(t *testing.T, s visitorpass.Signer, site string, number int, until time.Time) string {
	t.Helper()
	p, err := s.Sign(visitorpass.Pass{Site: site, Event: "Bedah Buku Laskar Pelangi", Number: number, Until: until})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestVisitorPass: an event's pass scanned at the entrance, on the
// Kunjungan screen or mid-form signs the book for purpose "acara" with
// the event as origin, once a day per pass; forged, expired and other
// sites' passes are refused with their reason; elsewhere it is not
// taken.
func TestVisitorPass(t *testing.T) {
	tomorrow := t0.Add(24 * time.Hour)
	forger := visitorpass.Signer{Site: "uji", Secret: []byte("not the site's secret at all")}
	for _, tc := range []struct {
		name     string
		entrance bool
		start    func(s *session.Session)
		signer   *visitorpass.Signer // the kiosk's; nil: passSigner
		payload  func(t *testing.T) string
		key      string // the message
		counted  bool
		screen   session.Screen
	}{
		{"entrance home", true, func(*session.Session) {}, nil, func(t *testing.T) string { return pass(t, passSigner, "uji", 1, tomorrow) },
			session.KeyVisitCounted, true, session.ScreenFinish},
		{"Kunjungan screen", false, func(s *session.Session) { s.Start(session.IntentVisit) }, nil,
			func(t *testing.T) string { return pass(t, passSigner, "uji", 1, tomorrow) }, session.KeyVisitCounted, true, session.ScreenFinish},
		{"mid-form", false, func(s *session.Session) { s.Start(session.IntentVisit); s.GuestStart(); typeGuest(s, "Rina") }, nil,
			func(t *testing.T) string { return pass(t, passSigner, "uji", 1, tomorrow) }, session.KeyVisitCounted, true, session.ScreenFinish},
		{"forged", true, func(*session.Session) {}, nil, func(t *testing.T) string { return pass(t, forger, "uji", 1, tomorrow) },
			visitorpass.KeyInvalid, false, session.ScreenHome},
		{"expired", false, func(s *session.Session) { s.Start(session.IntentVisit) }, nil,
			func(t *testing.T) string { return pass(t, passSigner, "uji", 1, t0) }, visitorpass.KeyExpired, false, session.ScreenIdentify},
		{"other site", true, func(*session.Session) {}, nil,
			func(t *testing.T) string {
				return pass(t, visitorpass.Signer{Site: "lain", Secret: passSigner.Secret}, "lain", 1, tomorrow)
			},
			visitorpass.KeyOtherSite, false, session.ScreenHome},
		{"kiosk without a secret", true, func(*session.Session) {}, &visitorpass.Signer{Site: "uji"},
			func(t *testing.T) string { return pass(t, passSigner, "uji", 1, tomorrow) }, visitorpass.KeyInvalid, false, session.ScreenHome},
		{"home, not the entrance", false, func(*session.Session) {}, nil,
			func(t *testing.T) string { return pass(t, passSigner, "uji", 1, tomorrow) }, session.KeyPassVisitFirst, false, session.ScreenHome},
		{"mid-borrowing", true, func(s *session.Session) { login(s, session.IntentBorrow) }, nil,
			func(t *testing.T) string { return pass(t, passSigner, "uji", 1, tomorrow) }, session.KeyPassFinishFirst, false, session.ScreenBorrow},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := newSession(t, library())
			gb := &guests{}
			s.GuestBook, s.Config.Entrance, s.Passes = gb, tc.entrance, passSigner
			if tc.signer != nil {
				s.Passes = *tc.signer
			}
			tc.start(s)
			scan(s, tc.payload(t))
			v := wantScreen(t, s, tc.screen)
			if v.Message.Key != tc.key || v.Rate != tc.counted || v.Guest != nil && tc.counted {
				t.Fatalf("message %q, rate %v, guest %+v", v.Message.Key, v.Rate, v.Guest)
			}
			if got := len(gb.visits) == 1; got != tc.counted {
				t.Fatalf("visits %+v", gb.visits)
			}
			if tc.counted {
				want := kiosk.Visit{At: t0, Pass: "Bedah Buku Laskar Pelangi#1", Guest: kiosk.Guest{Origin: "Bedah Buku Laskar Pelangi"}, Purpose: "acara"}
				if gb.visits[0] != want {
					t.Fatalf("visit %+v", gb.visits[0])
				}
			}
		})
	}
}

// TestVisitorPassTyped: a pass typed on the Kunjungan screen (a
// keyboard-wedge scanner) is a pass, never a member's card.
func TestVisitorPassTyped(t *testing.T) {
	s, gb, _ := guestSession(t, session.DefaultGuestForm())
	s.Passes = passSigner
	s.EnterCard(ctx, pass(t, passSigner, "uji", 9, t0.Add(time.Hour))+"\r")
	if v := wantScreen(t, s, session.ScreenFinish); v.Message.Key != session.KeyVisitCounted || len(gb.visits) != 1 ||
		gb.visits[0].Card != "" || gb.visits[0].Pass != "Bedah Buku Laskar Pelangi#9" {
		t.Fatalf("visits %+v", gb.visits)
	}
}

// TestVisitorPassTwice: the same pass again the same day is welcomed
// back but not counted; the next pass of a queue is counted from the
// thanks screen of the one before.
func TestVisitorPassTwice(t *testing.T) {
	s, _ := newSession(t, library())
	gb := &guests{}
	s.GuestBook, s.Config.Entrance, s.Passes = gb, true, passSigner
	tomorrow := t0.Add(24 * time.Hour)
	scan(s, pass(t, passSigner, "uji", 1, tomorrow))
	scan(s, pass(t, passSigner, "uji", 2, tomorrow))
	if v := wantScreen(t, s, session.ScreenFinish); v.Message.Key != session.KeyVisitCounted || len(gb.visits) != 2 {
		t.Fatalf("second pass: %q, %d visits", v.Message.Key, len(gb.visits))
	}
	s.Done()
	scan(s, pass(t, passSigner, "uji", 1, tomorrow))
	if v := wantScreen(t, s, session.ScreenFinish); v.Message.Key != session.KeyVisitAgain || !v.Rate || len(gb.visits) != 2 {
		t.Fatalf("the first pass again: %q, %d visits", v.Message.Key, len(gb.visits))
	}
}
