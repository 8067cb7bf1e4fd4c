package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/guestbook"
	"github.com/anjungan/anjungan/kiosk/survey"
)

// TestReportGuestBooks: two kiosks' guest books add up in `kioskctl
// report visits`, and their SKM answers make one index in `report skm`.
func TestReportGuestBooks(t *testing.T) {
	ctx := context.Background()
	jkt, _ := time.LoadLocation("Asia/Jakarta")
	dir := t.TempDir()
	var paths []string
	for k, visits := range []int{3, 5} {
		p := filepath.Join(dir, "kiosk"+string(rune('1'+k))+".db")
		at := time.Date(2026, 11, 23, 10, 0, 0, 0, jkt)
		s := &guestbook.Store{Path: p, Location: jkt, Now: func() time.Time { return at }}
		if err := s.Open(ctx); err != nil {
			t.Fatal(err)
		}
		for i := range visits {
			v := kiosk.Visit{Card: "2000" + string(rune('a'+i))}
			if i == 0 {
				v = kiosk.Visit{Guest: kiosk.Guest{Name: "Tamu"}, Purpose: "membaca"}
			}
			if _, err := s.RecordVisit(ctx, v); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.RecordSurvey(ctx, guestbook.SurveyAnswer{Scores: survey.Response{4, 4, 4, 4, 4, 4, 4, 4, 3 + k}}); err != nil {
			t.Fatal(err)
		}
		s.Close()
		paths = append(paths, p)
	}
	run2 := func(args ...string) [][]string {
		t.Helper()
		var out bytes.Buffer
		if err := run(ctx, append([]string{"-tz", "Asia/Jakarta", "report"}, args...), &out); err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(strings.NewReader(out.String())).ReadAll()
		if err != nil {
			t.Fatalf("%v:\n%s", err, out.String())
		}
		return rows
	}
	rows := run2("visits", "-from", "2026-11-01", "-to", "2026-11-30", "-guestbook", paths[0], "-guestbook", paths[1])
	// Every day of November, the 23rd's visits.
	if len(rows) != 31 || strings.Join(rows[0], ",") != "day,members,guests,total" || strings.Join(rows[23], ",") != "2026-11-23,6,2,8" || strings.Join(rows[1], ",") != "2026-11-01,0,0,0" {
		t.Fatalf("visits: %v", rows)
	}
	rows = run2("visits", "-from", "2026-11-01", "-to", "2026-11-30", "-by", "hour", "-guestbook", paths[1])
	if len(rows) != 25 || strings.Join(rows[11], ",") != "10,4,1,5" {
		t.Fatalf("visits by hour: %v", rows)
	}
	rows = run2("skm", "-from", "2026-11-01", "-to", "2026-11-30", "-guestbook", paths[0], "-guestbook", paths[1])
	got := map[string][]string{}
	for _, r := range rows {
		got[r[0]] = r
	}
	// U9: 3 and 4 → NRR 3.5; index (8×4 + 3.5)/9; × 25 = 98.61.
	if got["U9"][3] != "3.500" || got["respondents"][1] != "2" || got["skm"][1] != "98.61" || got["grade"][1] != "A" || got["grade"][2] != "Sangat baik" {
		t.Fatalf("skm: %v", rows)
	}
	for _, bad := range [][]string{
		{"visits", "-from", "2026-11-30", "-to", "2026-11-01", "-guestbook", paths[0]},
		{"visits", "-from", "1 Nov", "-to", "2026-11-30", "-guestbook", paths[0]},
		{"visits", "-from", "2026-11-01", "-to", "2026-11-30", "-by", "year", "-guestbook", paths[0]},
		{"visits", "-from", "2026-11-01", "-to", "2026-11-30", "-guestbook", filepath.Join(dir, "none.db")},
		{"skm", "-from", "2026-10-01", "-to", "2026-10-31", "-guestbook", paths[0]},
		{"loans"},
	} {
		if err := run(ctx, append([]string{"report"}, bad...), &bytes.Buffer{}); err == nil {
			t.Errorf("report %v: no error", bad)
		}
	}
}
