package slims

// overdue is what a late return owes, by SLiMS's rules.
type overdue struct {
	// Days is the number of days fined; Amount what they cost. A row is
	// written whenever Days > 0, even at a rate of 0 (SLiMS does).
	Days   int
	Amount int64
}

// fineFor is the fine for returning on ret a loan due on due, at rate a
// day, with the grace periods in days that apply (the member type's and
// the loan rule's; 0 is none):
//
//   - nothing unless ret is after due;
//   - with ignoreHolidays, the holidays in [due, ret] are not fined, and
//     nothing is owed when no day is left;
//   - a grace period is a threshold, not a deduction: returned before
//     due + grace, nothing is owed (either grace is enough); from that day
//     every overdue day is fined, the grace days too.
func (c *calendar) fineFor(due, ret date, rate int64, ignoreHolidays bool, graces ...int) overdue {
	if !ret.after(due) {
		return overdue{}
	}
	days := ret.daysSince(due)
	fined := days
	if ignoreHolidays {
		fined = days - c.holidaysIn(due, ret)
		if fined <= 0 {
			return overdue{}
		}
	}
	for _, g := range graces {
		if g > 0 && ret.before(due.add(g)) {
			return overdue{}
		}
	}
	return overdue{Days: fined, Amount: rate * int64(fined)}
}
