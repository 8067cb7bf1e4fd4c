package booking

import (
	"testing"
	"time"
)

func TestDayView(t *testing.T) {
	jkt := zone(t, "Asia/Jakarta")
	res := laser(jkt) // 09-12, 13-17 weekdays; 30-min slots; 30m-2h; buffer 15m; lead 1h
	at := func(h, m int) time.Time { return time.Date(2026, 11, 24, h, m, 0, 0, jkt) }
	now := at(9, 40) // 09:00-10:30 are too soon
	blocked := []Period{
		{at(14, 0), at(15, 15)}, // 14:00-15:00 plus buffer
		{at(11, 30), at(12, 15)},
	}
	day := DayView(res, "2026-11-24", now, jkt, blocked, nil)
	want := map[string]struct {
		state SlotState
		max   time.Duration
	}{
		"09:00": {SlotTooSoon, 0},
		"10:30": {SlotTooSoon, 0},
		"11:00": {SlotNoRoom, 0}, // 30 min + 15 buffer runs into 11:30
		"11:30": {SlotTaken, 0},  //
		// 13:00-13:30 plus the buffer ends 13:45, before 14:00; an hour
		// would block until 14:15.
		"13:00": {SlotFree, 30 * time.Minute},
		"14:00": {SlotTaken, 0},               //
		"15:00": {SlotTaken, 0},               // the buffer until 15:15
		"15:30": {SlotFree, 90 * time.Minute}, // to closing
		"16:30": {SlotFree, 30 * time.Minute},
	}
	if len(day.Slots) != 6+8 {
		t.Fatalf("%d slots, want 14", len(day.Slots))
	}
	for _, s := range day.Slots {
		w, ok := want[s.Start.In(jkt).Format("15:04")]
		if !ok {
			continue
		}
		if s.State != w.state || s.MaxDuration != w.max {
			t.Errorf("%s: %v max %v, want %v max %v", s.Start.In(jkt).Format("15:04"), s.State, s.MaxDuration, w.state, w.max)
		}
	}
	free := day.Slots[len(day.Slots)-3] // 15:30
	if d := free.Durations(res.Rules); len(d) != 3 || d[0] != 30*time.Minute || d[2] != 90*time.Minute {
		t.Errorf("durations at 15:30: %v", d)
	}
	// Every free slot's longest booking passes Check and overlaps nothing.
	f := Facts{Now: now, Location: jkt, Resource: res, Certs: []Certification{{Name: res.Rules.Certification}}}
	adult := Patron{BirthDate: time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)}
	for _, s := range day.Slots {
		if s.State != SlotFree {
			continue
		}
		req := Request{Start: s.Start, Duration: s.MaxDuration, Patron: adult}
		if err := Check(req, f); err != nil {
			t.Errorf("%v: free slot refused: %v", s.Start, err)
		}
		mine := Period{s.Start, s.Start.Add(s.MaxDuration + res.Rules.Buffer)}
		for _, b := range blocked {
			if mine.Overlaps(b) {
				t.Errorf("%v: free slot overlaps %v", s.Start, b)
			}
		}
	}
	closed := DayView(res, "2026-11-24", now, jkt, nil, []Closure{{First: "2026-11-20", Last: "2026-11-30", Reason: "renovasi"}})
	if !closed.Closed || closed.Reason != "renovasi" || closed.Free() {
		t.Errorf("closure: %+v", closed)
	}
	if sat := DayView(res, "2026-11-28", now, jkt, nil, nil); sat.Closed || len(sat.Slots) != 0 {
		t.Errorf("Saturday: %+v", sat)
	}
	res.OutOfService = true
	if oos := DayView(res, "2026-11-24", now, jkt, nil, nil); oos.Free() {
		t.Error("out of service resource has free slots")
	}
}
