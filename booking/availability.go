package booking

import (
	"sort"
	"time"
)

// SlotState says whether a slot can start a booking, and if not, why.
type SlotState int

// Slot states.
const (
	SlotFree    SlotState = iota // a booking of at least the minimum duration can start here
	SlotTaken                    // another booking (or its buffer) holds it
	SlotTooSoon                  // in the past or within the lead time
	SlotNoRoom                   // free, but too little time before the next booking or closing
)

func (s SlotState) String() string {
	switch s {
	case SlotFree:
		return "free"
	case SlotTaken:
		return "taken"
	case SlotTooSoon:
		return "too_soon"
	}
	return "no_room"
}

// Slot is one step of the day view.
type Slot struct {
	Start, End time.Time
	State      SlotState
	// MaxDuration is the longest booking that can start here (a multiple
	// of the slot, at least the minimum duration) when State is SlotFree.
	MaxDuration time.Duration
}

// Day is a resource's day view.
type Day struct {
	Date Date
	// Closed is set, with the Reason, when a closure covers the day. A
	// day without opening hours is not Closed but has no slots.
	Closed bool
	Reason string
	Slots  []Slot
}

// Free reports whether any slot of the day can start a booking.
func (d Day) Free() bool {
	for _, s := range d.Slots {
		if s.State == SlotFree {
			return true
		}
	}
	return false
}

// DayView computes the slots of res on day d at time now, given the
// blocking intervals of its bookings (any order; others are ignored) and
// the closures. It applies the rules that depend on time alone; patron
// rules (age, certificate, quotas) are Check's.
func DayView(res Resource, d Date, now time.Time, loc *time.Location, blocked []Period, closures []Closure) Day {
	if !sort.SliceIsSorted(blocked, func(i, j int) bool { return blocked[i].Start.Before(blocked[j].Start) }) {
		blocked = append([]Period(nil), blocked...)
		SortPeriods(blocked)
	}
	return dayView(res, d, now, loc, blocked, closures)
}

// SortPeriods sorts periods by start, as DayViews wants them.
func SortPeriods(ps []Period) {
	sort.Slice(ps, func(i, j int) bool { return ps[i].Start.Before(ps[j].Start) })
}

// DayViews computes n consecutive day views from day from; blocked must
// be sorted by start (SortPeriods).
func DayViews(res Resource, from Date, n int, now time.Time, loc *time.Location, blocked []Period, closures []Closure) []Day {
	days := make([]Day, n)
	for i := range days {
		days[i] = dayView(res, from.AddDays(i), now, loc, blocked, closures)
	}
	return days
}

func dayView(res Resource, d Date, now time.Time, loc *time.Location, sorted []Period, closures []Closure) Day {
	r := res.Rules
	day := Day{Date: d}
	for _, c := range closures {
		if c.Covers(res.ID, d) {
			day.Closed, day.Reason = true, c.Reason
			return day
		}
	}
	if r.Slot <= 0 || res.OutOfService {
		return day
	}
	periods := r.Hours.Periods(d, loc)
	if len(periods) == 0 {
		return day
	}
	// Blocks ending before the day opens cannot matter: skip them once,
	// then walk the blocks alongside the slots.
	open := periods[0].Start
	k := sort.Search(len(sorted), func(i int) bool { return !sorted[i].Start.Before(open) })
	for k > 0 && sorted[k-1].End.After(open) {
		k-- // a block that started earlier may still run
	}
	sorted = sorted[k:]
	n := 0
	for _, p := range periods {
		n += int(p.End.Sub(p.Start) / r.Slot)
	}
	day.Slots = make([]Slot, 0, n)
	earliest := now.Add(r.LeadTime)
	for _, p := range periods {
		for s := p.Start; !s.Add(r.Slot).After(p.End); s = s.Add(r.Slot) {
			// Drop blocks that ended by s; blocks are sorted by start and
			// do not overlap, so their ends are sorted too.
			for len(sorted) > 0 && !sorted[0].End.After(s) {
				sorted = sorted[1:]
			}
			slot := Slot{Start: s, End: s.Add(r.Slot)}
			switch {
			case s.Before(earliest):
				slot.State = SlotTooSoon
			case len(sorted) > 0 && !sorted[0].Start.After(s):
				slot.State = SlotTaken
			default:
				slot.MaxDuration = room(r, s, p.End, sorted)
				if slot.MaxDuration < r.MinDuration {
					slot.State, slot.MaxDuration = SlotNoRoom, 0
				}
			}
			day.Slots = append(day.Slots, slot)
		}
	}
	return day
}

// room is the longest duration, a multiple of the slot capped at the
// maximum, that can start at s: it must end by closing time, and it plus
// the buffer must end by the next blocking interval.
func room(r Rules, s, closing time.Time, sorted []Period) time.Duration {
	limit := closing.Sub(s)
	for _, b := range sorted {
		if !b.Start.After(s) {
			continue
		}
		if gap := b.Start.Sub(s) - r.Buffer; gap < limit {
			limit = gap
		}
		break
	}
	limit = min(limit, r.MaxDuration)
	if limit < 0 {
		return 0
	}
	return limit - limit%r.Slot
}

// Durations lists the bookable durations at a free slot, shortest first.
func (s Slot) Durations(r Rules) []time.Duration {
	if s.State != SlotFree {
		return nil
	}
	var out []time.Duration
	for d := r.MinDuration; d <= s.MaxDuration; d += r.Slot {
		out = append(out, d)
	}
	return out
}

// Live is a resource's state now, for the kiosk's equipment list.
type Live int

// Live states.
const (
	LiveFree         Live = iota // open and not booked now
	LiveInUse                    // a booking (or its buffer) holds it now
	LiveClosed                   // outside opening hours or closed today
	LiveOutOfService             // staff took it out of service
)

func (l Live) String() string {
	switch l {
	case LiveFree:
		return "free"
	case LiveInUse:
		return "in_use"
	case LiveClosed:
		return "closed"
	}
	return "out_of_service"
}

// Availability is one resource's state now and its day views.
type Availability struct {
	Resource Resource
	Live     Live
	Days     []Day
}

// LiveAt returns res's state at now.
func LiveAt(res Resource, now time.Time, loc *time.Location, blocked []Period, closures []Closure) Live {
	if res.OutOfService {
		return LiveOutOfService
	}
	d := DateOf(now, loc)
	for _, c := range closures {
		if c.Covers(res.ID, d) {
			return LiveClosed
		}
	}
	for _, b := range blocked {
		if !now.Before(b.Start) && now.Before(b.End) {
			return LiveInUse
		}
	}
	for _, p := range res.Rules.Hours.Periods(d, loc) {
		if !now.Before(p.Start) && now.Before(p.End) {
			return LiveFree
		}
	}
	return LiveClosed
}
