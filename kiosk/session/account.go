package session

import (
	"context"

	"github.com/anjungan/anjungan/kiosk"
)

// ShowAccount switches an identified patron to My account.
func (s *Session) ShowAccount(ctx context.Context) {
	s.op.Lock()
	defer s.op.Unlock()
	if s.credentials().Card == "" {
		return
	}
	s.loadAccount(ctx, true)
}

// ShowBorrow switches an identified patron to borrowing.
func (s *Session) ShowBorrow() {
	s.update(func(v *View) {
		if s.cred.Card != "" {
			v.Screen, v.Intent, v.Message = ScreenBorrow, IntentBorrow, kiosk.Message{}
		}
	})
}

// loadAccount shows My account; fresh clears the message of the screen
// the patron came from (a "scanned twice" from the borrow list means
// nothing here), a reload after renewals keeps theirs.
func (s *Session) loadAccount(ctx context.Context, fresh bool) {
	var acc *kiosk.Account
	err := s.call(func() (err error) {
		acc, err = s.Circ.Account(ctx, s.credentials())
		return err
	})
	s.logResult(ctx, "account", err)
	var bookings []BookingRow
	if err == nil {
		bookings = s.loadBookings(ctx, s.credentials().Card)
	}
	now := s.Now()
	s.update(func(v *View) {
		v.Screen, v.Intent = ScreenAccount, IntentAccount
		if fresh {
			v.Message = kiosk.Message{}
		}
		if err != nil {
			v.Message = kiosk.ErrorMessage(err)
			return
		}
		results := map[string]kiosk.Message{}
		if v.Account != nil {
			for _, r := range v.Account.Loans {
				results[r.Item.Barcode] = r.Result
			}
		}
		av := &AccountView{FinesTotal: acc.FinesTotal, Fines: acc.Fines, Holds: acc.Holds, Bookings: bookings, Expires: acc.Patron.Expires}
		for _, l := range acc.Loans {
			av.Loans = append(av.Loans, LoanRow{Loan: l, Overdue: l.Overdue(now), Result: results[l.Item.Barcode]})
		}
		v.Account = av
	})
}

// ToggleLoan selects or unselects loan i of My account for renewal.
func (s *Session) ToggleLoan(i int) {
	s.update(func(v *View) {
		if v.Account != nil && i >= 0 && i < len(v.Account.Loans) {
			v.Account.Loans[i].Selected = !v.Account.Loans[i].Selected
		}
	})
}

// RenewSelected renews the selected loans, one by one.
func (s *Session) RenewSelected(ctx context.Context) {
	s.op.Lock()
	defer s.op.Unlock()
	var barcodes []string
	if a := s.View().Account; a != nil {
		for _, l := range a.Loans {
			if l.Selected {
				barcodes = append(barcodes, l.Item.Barcode)
			}
		}
	}
	if len(barcodes) == 0 {
		s.update(func(v *View) { v.Message = kiosk.Msg(kiosk.LevelInfo, KeyNotSelected) })
		return
	}
	var results []kiosk.RenewResult
	s.call(func() error {
		for _, b := range barcodes {
			loan, err := s.Circ.Renew(ctx, s.credentials(), b)
			s.logResult(ctx, "renew", err)
			results = append(results, kiosk.RenewResult{Barcode: b, Loan: loan, Err: err})
		}
		return nil
	})
	s.applyRenewals(ctx, results)
}

// RenewAll renews every loan the rules allow.
func (s *Session) RenewAll(ctx context.Context) {
	s.op.Lock()
	defer s.op.Unlock()
	var results []kiosk.RenewResult
	err := s.call(func() (err error) {
		results, err = s.Circ.RenewAll(ctx, s.credentials())
		return err
	})
	s.logResult(ctx, "renew all", err)
	if err != nil {
		s.update(func(v *View) { v.Message = kiosk.ErrorMessage(err) })
		return
	}
	for _, r := range results {
		s.count(ctx, "renew", r.Err)
	}
	s.applyRenewals(ctx, results)
}

// applyRenewals marks each loan with its outcome, adds the renewals to the
// visit's list for the receipt, and reloads the account.
func (s *Session) applyRenewals(ctx context.Context, results []kiosk.RenewResult) {
	s.update(func(v *View) {
		byBarcode := map[string]kiosk.RenewResult{}
		for _, r := range results {
			byBarcode[r.Barcode] = r
		}
		if v.Account == nil {
			return
		}
		for i := range v.Account.Loans {
			row := &v.Account.Loans[i]
			r, ok := byBarcode[row.Item.Barcode]
			if !ok {
				continue
			}
			row.Selected = false
			if r.Err != nil {
				row.Result = kiosk.ErrorMessage(r.Err)
				continue
			}
			row.Result = kiosk.Msg(kiosk.LevelSuccess, kiosk.KeyRenewOK)
			v.setLine(Line{Barcode: r.Barcode, Title: row.Item.Title, Due: r.Loan.Due, Fine: r.Loan.Fine, Status: StatusRenewed})
		}
		v.Message = kiosk.Message{}
	})
	s.loadAccount(ctx, false)
}
