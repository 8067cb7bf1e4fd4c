package booking

import (
	"testing"
	"time"
	_ "time/tzdata" // the tests use named zones

	"github.com/anjungan/anjungan/kiosk"
)

func zone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// laser is a resource with every rule set, in Jakarta: open 09:00-12:00
// and 13:00-17:00 Monday to Friday.
func laser(loc *time.Location) Resource {
	r := DefaultRules()
	day := []Span{{9 * 60, 12 * 60}, {13 * 60, 17 * 60}}
	r.Hours = Hours{nil, day, day, day, day, day, nil}
	r.Buffer = 15 * time.Minute
	r.LeadTime = time.Hour
	r.AdvanceDays = 7
	r.Certification = "laser cutter safety"
	r.MinAge = 16
	r.MaxDuration = 2 * time.Hour
	return Resource{ID: "laser-1", Kind: KindLaser, Name: "Laser cutter", Rules: r}
}

func TestCheck(t *testing.T) {
	jkt := zone(t, "Asia/Jakarta")
	// Monday 23 November 2026, 10:00 in Jakarta.
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, jkt)
	at := func(day, h, m int) time.Time { return time.Date(2026, 11, day, h, m, 0, 0, jkt) }
	adult := Patron{Card: "A1", Category: "adult", BirthDate: time.Date(1990, 5, 1, 0, 0, 0, 0, time.UTC)}
	cert := Certification{Patron: "A1", Name: "laser cutter safety", Expires: time.Date(2027, 1, 1, 0, 0, 0, 0, jkt)}
	base := func() (Request, Facts) {
		return Request{Resource: "laser-1", Patron: adult, Start: at(24, 9, 0), Duration: time.Hour},
			Facts{Now: now, Location: jkt, Resource: laser(jkt), Certs: []Certification{cert},
				Quota: Quota{Kind: KindLaser, PerDay: 3 * time.Hour, PerWeek: 4 * time.Hour}, MaxActive: 3}
	}
	tests := []struct {
		name string
		edit func(*Request, *Facts)
		key  string
		args map[string]string
	}{
		{"ok", func(*Request, *Facts) {}, "", nil},
		{"out of service", func(_ *Request, f *Facts) { f.Resource.OutOfService, f.Resource.Note = true, "lens" }, KeyOutOfService, nil},
		{"duration off the grid", func(r *Request, _ *Facts) { r.Duration = 45 * time.Minute }, KeyDurationStep, map[string]string{"step": "30"}},
		{"zero duration", func(r *Request, _ *Facts) { r.Duration = 0 }, KeyDurationStep, nil},
		{"too short", func(r *Request, f *Facts) { f.Resource.Rules.MinDuration = 2 * time.Hour }, KeyTooShort, map[string]string{"min": "120"}},
		{"too long", func(r *Request, _ *Facts) { r.Duration = 150 * time.Minute }, KeyTooLong, map[string]string{"max": "120"}},
		{"in the past", func(r *Request, _ *Facts) { r.Start = at(23, 9, 0) }, KeyInPast, nil},
		{"within lead time", func(r *Request, _ *Facts) { r.Start = at(23, 10, 30) }, KeyLeadTime, map[string]string{"lead": "60"}},
		{"lead time met", func(r *Request, _ *Facts) { r.Start = at(23, 11, 0) }, "", nil},
		{"too far ahead", func(r *Request, _ *Facts) { r.Start = at(30, 9, 0).AddDate(0, 0, 1) }, KeyTooFarAhead, map[string]string{"days": "7"}},
		{"last day of the window", func(r *Request, _ *Facts) { r.Start = at(30, 9, 0) }, "", nil},
		{"closure", func(_ *Request, f *Facts) {
			f.Closures = []Closure{{Resource: "laser-1", First: "2026-11-24", Last: "2026-11-25", Reason: "maintenance"}}
		}, KeyClosed, map[string]string{"reason": "maintenance"}},
		{"closure of all", func(_ *Request, f *Facts) {
			f.Closures = []Closure{{First: "2026-11-24", Last: "2026-11-24", Reason: "holiday"}}
		}, KeyClosed, nil},
		{"closure of another resource", func(_ *Request, f *Facts) {
			f.Closures = []Closure{{Resource: "printer-1", First: "2026-11-24", Last: "2026-11-24"}}
		}, "", nil},
		{"before opening", func(r *Request, _ *Facts) { r.Start = at(24, 8, 0) }, KeyOutsideHours, map[string]string{"hours": "09:00-12:00,13:00-17:00"}},
		{"across lunch", func(r *Request, _ *Facts) { r.Start = at(24, 11, 30) }, KeyOutsideHours, nil},
		{"after lunch", func(r *Request, _ *Facts) { r.Start = at(24, 13, 0) }, "", nil},
		{"past closing", func(r *Request, _ *Facts) { r.Start = at(24, 16, 30) }, KeyOutsideHours, nil},
		{"closed weekday", func(r *Request, _ *Facts) { r.Start = at(28, 9, 0) }, KeyOutsideHours, map[string]string{"hours": "closed"}},
		{"off the slot grid", func(r *Request, _ *Facts) { r.Start = at(24, 9, 15) }, KeySlotAlignment, nil},
		{"age unknown", func(r *Request, _ *Facts) { r.Patron.BirthDate = time.Time{} }, KeyAgeUnknown, map[string]string{"age": "16"}},
		{"too young", func(r *Request, _ *Facts) { r.Patron.BirthDate = time.Date(2010, 11, 24, 0, 0, 0, 0, time.UTC) }, KeyMinAge, map[string]string{"age": "16"}},
		{"sixteen today", func(r *Request, _ *Facts) { r.Patron.BirthDate = time.Date(2010, 11, 23, 0, 0, 0, 0, time.UTC) }, "", nil},
		{"no certificate", func(_ *Request, f *Facts) { f.Certs = nil }, KeyCertification, map[string]string{"cert": "laser cutter safety"}},
		{"other certificate", func(_ *Request, f *Facts) { f.Certs = []Certification{{Name: "sewing"}} }, KeyCertification, nil},
		{"certificate expires before the end", func(_ *Request, f *Facts) { f.Certs[0].Expires = at(24, 9, 30) }, KeyCertExpired, map[string]string{"date": "2026-11-24"}},
		{"certificate without expiry", func(_ *Request, f *Facts) { f.Certs[0].Expires = time.Time{} }, "", nil},
		{"max active", func(_ *Request, f *Facts) { f.Usage.Active = 3 }, KeyMaxActive, map[string]string{"max": "3"}},
		{"below max active", func(_ *Request, f *Facts) { f.Usage.Active = 2 }, "", nil},
		{"day quota", func(_ *Request, f *Facts) { f.Usage.Day = 150 * time.Minute }, KeyQuotaDay, map[string]string{"max": "3", "left": "0.5"}},
		{"day quota exactly", func(_ *Request, f *Facts) { f.Usage.Day = 2 * time.Hour }, "", nil},
		{"week quota", func(_ *Request, f *Facts) { f.Usage.Week = 3*time.Hour + 30*time.Minute }, KeyQuotaWeek, map[string]string{"max": "4", "left": "0.5"}},
		{"no quota", func(_ *Request, f *Facts) { f.Usage.Week, f.Quota = 100*time.Hour, Quota{} }, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, f := base()
			tt.edit(&req, &f)
			err := Check(req, f)
			if got := keyOf(err); got != tt.key {
				t.Fatalf("Check = %v, want key %q", err, tt.key)
			}
			for k, v := range tt.args {
				if got := kiosk.ErrorArg(err, k); got != v {
					t.Errorf("arg %s = %q, want %q", k, got, v)
				}
			}
		})
	}
}

func keyOf(err error) string {
	if err == nil {
		return ""
	}
	return kiosk.ErrorKey(err)
}

// TestCheckDST books around the spring-forward and fall-back days of
// Berlin: opening hours are wall-clock, the grid counts from opening, and
// quotas and the advance window count local days.
func TestCheckDST(t *testing.T) {
	ber := zone(t, "Europe/Berlin")
	res := laser(ber)
	res.Rules.Certification, res.Rules.MinAge = "", 0
	all := []Span{{0, 24 * 60}}
	res.Rules.Hours = Hours{all, all, all, all, all, all, all}
	res.Rules.AdvanceDays = 3
	res.Rules.LeadTime = 0
	// Friday 27 March 2026, 12:00; Sunday 29 March 02:00 does not exist.
	now := time.Date(2026, 3, 27, 12, 0, 0, 0, ber)
	f := Facts{Now: now, Location: ber, Resource: res}
	tests := []struct {
		name  string
		start time.Time
		dur   time.Duration
		key   string
	}{
		{"09:00 after spring forward", time.Date(2026, 3, 29, 9, 0, 0, 0, ber), time.Hour, ""},
		{"01:30 to 03:30 wall is one hour", time.Date(2026, 3, 29, 1, 30, 0, 0, ber), time.Hour, ""},
		{"ends at midnight of the short day", time.Date(2026, 3, 29, 22, 0, 0, 0, ber), 2 * time.Hour, ""},
		{"runs past midnight", time.Date(2026, 3, 29, 23, 30, 0, 0, ber), time.Hour, KeyOutsideHours},
		{"fourth day is too far", time.Date(2026, 3, 31, 0, 0, 0, 0, ber), time.Hour, KeyTooFarAhead},
		{"third day 23:00 is in", time.Date(2026, 3, 30, 23, 0, 0, 0, ber), time.Hour, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Check(Request{Start: tt.start, Duration: tt.dur}, f)
			if got := keyOf(err); got != tt.key {
				t.Fatalf("Check(%v) = %v, want %q", tt.start, err, tt.key)
			}
		})
	}
	// The short day has 46 half-hour slots, a normal day 48, the long
	// day 50.
	for date, want := range map[Date]int{"2026-03-29": 46, "2026-10-25": 50, "2026-03-28": 48} {
		f.Now = date.Midnight(ber).Add(-time.Hour)
		day := DayView(res, date, f.Now, ber, nil, nil)
		if len(day.Slots) != want {
			t.Errorf("%s: %d slots, want %d", date, len(day.Slots), want)
		}
		for i, s := range day.Slots {
			if s.End.Sub(s.Start) != 30*time.Minute || (i > 0 && !s.Start.Equal(day.Slots[i-1].End)) {
				t.Fatalf("%s slot %d: %v-%v not contiguous half hours", date, i, s.Start, s.End)
			}
		}
	}
	// Quota windows are local days and Monday-to-Sunday weeks.
	dayW, weekW := UsageWindows(time.Date(2026, 3, 29, 12, 0, 0, 0, ber), ber)
	if dayW.End.Sub(dayW.Start) != 23*time.Hour {
		t.Errorf("29 March lasts %v in Berlin, want 23h", dayW.End.Sub(dayW.Start))
	}
	if !weekW.Start.Equal(time.Date(2026, 3, 23, 0, 0, 0, 0, ber)) || weekW.End.Sub(weekW.Start) != 7*24*time.Hour-time.Hour {
		t.Errorf("week %v-%v", weekW.Start, weekW.End)
	}
}
