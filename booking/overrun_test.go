package booking

import (
	"testing"
	"time"
)

func TestOverrun(t *testing.T) {
	now := time.Date(2027, 3, 1, 10, 0, 0, 0, time.UTC)
	at := func(h, m int) time.Time { return time.Date(2027, 3, 1, h, m, 0, 0, time.UTC) }
	bk := func(code, res string, start time.Time, st State) Booking {
		return Booking{Code: code, Resource: res, Start: start, End: start.Add(time.Hour), State: st}
	}
	bs := []Booking{
		bk("LATE", "printer-1", at(14, 0), Confirmed),
		bk("NEXT", "printer-1", at(12, 0), Confirmed),
		bk("PAST", "printer-1", at(9, 0), Confirmed),
		bk("GONE", "printer-1", at(11, 0), Cancelled),
		bk("OTHR", "laser", at(10, 30), Confirmed),
	}
	tests := []struct {
		name     string
		resource string
		finish   time.Time
		want     string // the booking overrun, "" for none
	}{
		{"ends before the next", "printer-1", at(11, 30), ""},
		{"ends as the next starts", "printer-1", at(12, 0), ""},
		{"ends after the next starts", "printer-1", at(12, 1), "NEXT"},
		{"cancelled and past bookings do not count", "printer-1", at(11, 30), ""},
		{"runs over two bookings: the first is named", "printer-1", at(15, 0), "NEXT"},
		{"another resource's booking", "laser", at(10, 31), "OTHR"},
		{"no booking on the resource", "cutter", at(23, 0), ""},
		{"finish unknown", "printer-1", time.Time{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, ok := Overrun(bs, tt.resource, now, tt.finish)
			if ok != (tt.want != "") || b.Code != tt.want {
				t.Errorf("Overrun = %q, %v; want %q", b.Code, ok, tt.want)
			}
		})
	}
	if _, ok := Next(bs, "printer-1", at(14, 0)); ok {
		t.Error("Next found a booking starting exactly now")
	}
}
