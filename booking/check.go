package booking

import (
	"math"
	"strconv"
	"time"

	"github.com/anjungan/anjungan/kiosk"
)

// Usage is a patron's booked time of one resource kind on the requested
// day and in its week, and their number of active future bookings of any
// resource. Stores compute it inside the transaction that books.
type Usage struct {
	Day    time.Duration
	Week   time.Duration
	Active int
}

// Facts are what Check weighs a request against.
type Facts struct {
	Now       time.Time
	Location  *time.Location
	Resource  Resource
	Closures  []Closure // may hold closures of other days and resources
	Quota     Quota     // of the resource's kind
	MaxActive int       // 0 = no limit
	Usage     Usage
	// Certs are the patron's certificates.
	Certs []Certification
}

// Check applies every rule except the overlap with other bookings to req,
// in a fixed order, and returns the first refusal as a *kiosk.Error whose
// key names the rule and whose arguments say the limit.
func Check(req Request, f Facts) error {
	r := f.Resource.Rules
	loc := f.Location
	if r.Slot <= 0 {
		return kiosk.Errorf(kiosk.EINTERNAL, kiosk.KeyInternal)
	}
	if f.Resource.OutOfService {
		return kiosk.Errorf(kiosk.EUNAVAILABLE, KeyOutOfService, "resource", f.Resource.Name, "note", f.Resource.Note)
	}
	d := req.Duration
	switch {
	case d <= 0 || d%r.Slot != 0:
		return kiosk.Errorf(kiosk.EINVALID, KeyDurationStep, "step", minutes(r.Slot))
	case d < r.MinDuration:
		return kiosk.Errorf(kiosk.EFORBIDDEN, KeyTooShort, "min", minutes(r.MinDuration))
	case d > r.MaxDuration:
		return kiosk.Errorf(kiosk.EFORBIDDEN, KeyTooLong, "max", minutes(r.MaxDuration))
	}
	if req.Start.Before(f.Now) {
		return kiosk.Errorf(kiosk.EINVALID, KeyInPast)
	}
	if req.Start.Before(f.Now.Add(r.LeadTime)) {
		return kiosk.Errorf(kiosk.EFORBIDDEN, KeyLeadTime, "lead", minutes(r.LeadTime))
	}
	day := DateOf(req.Start, loc)
	if DateOf(f.Now, loc).DaysUntil(day) > r.AdvanceDays {
		return kiosk.Errorf(kiosk.EFORBIDDEN, KeyTooFarAhead, "days", strconv.Itoa(r.AdvanceDays))
	}
	for _, c := range f.Closures {
		if c.Covers(f.Resource.ID, day) {
			return kiosk.Errorf(kiosk.EFORBIDDEN, KeyClosed, "reason", c.Reason, "date", string(day))
		}
	}
	want := Period{Start: req.Start, End: req.Start.Add(d)}
	if err := checkHours(r, day, want, loc); err != nil {
		return err
	}
	if r.MinAge > 0 {
		age, known := req.Patron.AgeAt(f.Now, loc)
		if !known {
			return kiosk.Errorf(kiosk.EFORBIDDEN, KeyAgeUnknown, "age", strconv.Itoa(r.MinAge))
		}
		if age < r.MinAge {
			return kiosk.Errorf(kiosk.EFORBIDDEN, KeyMinAge, "age", strconv.Itoa(r.MinAge))
		}
	}
	if err := checkCert(r, req, f); err != nil {
		return err
	}
	u := f.Usage
	if f.MaxActive > 0 && u.Active >= f.MaxActive {
		return kiosk.Errorf(kiosk.EFORBIDDEN, KeyMaxActive, "max", strconv.Itoa(f.MaxActive))
	}
	if q := f.Quota.PerDay; q > 0 && u.Day+d > q {
		return kiosk.Errorf(kiosk.EFORBIDDEN, KeyQuotaDay, "max", hours(q), "left", hours(max(q-u.Day, 0)))
	}
	if q := f.Quota.PerWeek; q > 0 && u.Week+d > q {
		return kiosk.Errorf(kiosk.EFORBIDDEN, KeyQuotaWeek, "max", hours(q), "left", hours(max(q-u.Week, 0)))
	}
	return nil
}

// checkHours requires want to lie in one opening period of its day and to
// start on the slot grid counted from that period's opening.
func checkHours(r Rules, day Date, want Period, loc *time.Location) error {
	periods := r.Hours.Periods(day, loc)
	for _, p := range periods {
		if !p.Contains(want) {
			continue
		}
		if want.Start.Sub(p.Start)%r.Slot != 0 {
			return kiosk.Errorf(kiosk.EINVALID, KeySlotAlignment, "step", minutes(r.Slot))
		}
		return nil
	}
	return kiosk.Errorf(kiosk.EFORBIDDEN, KeyOutsideHours, "hours", FormatSpans(r.Hours[day.Weekday()]))
}

func checkCert(r Rules, req Request, f Facts) error {
	if r.Certification == "" {
		return nil
	}
	end := req.Start.Add(req.Duration)
	var expired *Certification
	for i, c := range f.Certs {
		if c.Name != r.Certification {
			continue
		}
		if c.ValidAt(end) {
			return nil
		}
		expired = &f.Certs[i]
	}
	if expired != nil {
		return kiosk.Errorf(kiosk.EFORBIDDEN, KeyCertExpired, "cert", r.Certification,
			"date", string(DateOf(expired.Expires, f.Location)))
	}
	return kiosk.Errorf(kiosk.EFORBIDDEN, KeyCertification, "cert", r.Certification)
}

func minutes(d time.Duration) string { return strconv.Itoa(int(d / time.Minute)) }

// hours writes d in hours, with one decimal when needed: "2", "1.5".
func hours(d time.Duration) string {
	return strconv.FormatFloat(math.Round(d.Hours()*10)/10, 'f', -1, 64)
}

// UsageWindows returns the local day and the Monday-to-Sunday week that
// contain t, as absolute intervals in loc: the windows quotas count in.
func UsageWindows(t time.Time, loc *time.Location) (day, week Period) {
	d := DateOf(t, loc)
	day = Period{Start: d.Midnight(loc), End: d.AddDays(1).Midnight(loc)}
	ws := d.WeekStart()
	week = Period{Start: ws.Midnight(loc), End: ws.AddDays(7).Midnight(loc)}
	return day, week
}
