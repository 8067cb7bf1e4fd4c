package session

import (
	"context"
	"strconv"

	"github.com/anjungan/anjungan/booking"
	"github.com/anjungan/anjungan/kiosk"
)

// Receipt message keys.
const (
	KeyReceiptBorrow   = "receipt.borrow"
	KeyReceiptReturn   = "receipt.return"
	KeyReceiptAccount  = "receipt.account"
	KeyReceiptDue      = "receipt.due"
	KeyReceiptReturned = "receipt.returned"
	KeyReceiptRenewed  = "receipt.renewed"
	KeyReceiptFine     = "receipt.fine"
	KeyReceiptThanks   = "receipt.thanks"
	KeyReceiptCount    = "receipt.count"
	KeyReceiptOffline  = "receipt.offline"
	// KeyRecordedOffline is said on a line recorded while the library
	// system is away.
	KeyRecordedOffline = "offline.recorded"
	// KeyLibrarySays shows the library system's own words ({message}).
	KeyLibrarySays = "library.says"
)

// Finish ends the visit with a summary: the receipt is printed when there
// is a printer, else shown on screen; home comes back after FinishDelay.
func (s *Session) Finish(ctx context.Context) {
	s.op.Lock()
	defer s.op.Unlock()
	v := s.View()
	if v.Screen == ScreenHome || v.Screen == ScreenFinish {
		return
	}
	r := s.receipt(v)
	cred := s.credentials()
	defer s.endSession(cred)
	printed := false
	var perr error
	if r != nil && s.Printer != nil {
		perr = s.call(func() error { return s.Printer.Print(ctx, *r) })
		if perr != nil {
			s.Logger.Warn("receipt not printed", "err", perr)
		}
		printed = perr == nil
	}
	s.update(func(v *View) {
		s.cred = kiosk.Credentials{}
		s.patron = booking.Patron{}
		s.clearPIN()
		v.Screen, v.Offer, v.Account, v.Countdown = ScreenFinish, "", nil, 0
		v.Receipt, v.Printed = r, printed
		switch {
		case r == nil:
			v.Message = kiosk.Msg(kiosk.LevelInfo, KeyNothingToDo)
		case printed:
			v.Message = kiosk.Msg(kiosk.LevelSuccess, KeyPrinted)
		case perr != nil:
			v.Message = kiosk.ErrorMessage(perr)
		default:
			v.Message = kiosk.Message{}
		}
		s.finishAt = s.Now().Add(s.Config.FinishDelay)
	})
	s.Logger.Info("visit ended", "reason", "finish", "items", len(v.Lines), "printed", printed)
}

// Done leaves the summary at once.
func (s *Session) Done() {
	s.op.Lock()
	defer s.op.Unlock()
	s.update(func(*View) { s.reset() })
}

// receipt builds the slip for the visit's successful lines, or nil when
// nothing happened.
func (s *Session) receipt(v View) *kiosk.Receipt {
	t := func(key string, kv ...string) string { return s.Catalog.Message(v.Lang, kiosk.Msg(0, key, kv...)) }
	r := &kiosk.Receipt{Library: s.Config.Library, When: s.Catalog.DateTime(v.Lang, s.Now())}
	// The heading says what was done, not where the patron finished: loans
	// make it a loan receipt even when the visit ended on My account.
	var lent, renewed bool
	for _, l := range v.Lines {
		lent = lent || l.Status == StatusBorrowed
		renewed = renewed || l.Status == StatusRenewed
	}
	switch {
	case lent:
		r.Heading, r.Patron = t(KeyReceiptBorrow), v.PatronName
	case renewed || v.Intent == IntentAccount:
		r.Heading, r.Patron = t(KeyReceiptAccount), v.PatronName
	case v.Intent == IntentReturn:
		r.Heading = t(KeyReceiptReturn)
	default:
		r.Heading, r.Patron = t(KeyReceiptBorrow), v.PatronName
	}
	var fines int64
	offline := false
	for i := len(v.Lines) - 1; i >= 0; i-- { // oldest first on paper
		l := v.Lines[i]
		var detail string
		switch l.Status {
		case StatusBorrowed:
			detail = t(KeyReceiptDue, "date", s.Catalog.DateTime(v.Lang, l.Due))
		case StatusRenewed:
			detail = t(KeyReceiptRenewed, "date", s.Catalog.DateTime(v.Lang, l.Due))
		case StatusReturned:
			detail = t(KeyReceiptReturned)
		default:
			continue
		}
		if l.Fine > 0 { // charged at a return, or at the renewal of a late loan
			detail += " — " + t(KeyReceiptFine, "fine", s.Catalog.Money(v.Lang, l.Fine))
			fines += l.Fine
		}
		title := l.Title
		if title == "" {
			title = l.Barcode // recorded offline: the library system knows the title
		}
		if l.Offline {
			offline = true
			detail += " (offline)"
		}
		for _, p := range l.Print {
			detail += " — " + p
		}
		r.Entries = append(r.Entries, kiosk.ReceiptEntry{Title: title, Barcode: l.Barcode, Detail: detail})
	}
	if len(r.Entries) == 0 {
		return nil
	}
	// Copies, not lines: a copy borrowed and renewed in one visit is one.
	copies := map[string]bool{}
	for _, e := range r.Entries {
		copies[e.Barcode] = true
	}
	r.Notes = append(r.Notes, t(KeyReceiptCount, "count", strconv.Itoa(len(copies))))
	if fines > 0 {
		r.Notes = append(r.Notes, t(KeyReceiptFine, "fine", s.Catalog.Money(v.Lang, fines)))
	}
	if offline {
		r.Notes = append(r.Notes, t(KeyReceiptOffline))
	}
	r.Notes = append(r.Notes, t(KeyReceiptThanks))
	return r
}
