package session

import (
	"context"
	"strings"

	"github.com/anjungan/anjungan/kiosk"
)

// seen reports whether barcode already succeeded in this visit: scanners
// often read a label twice.
func (v View) seen(barcode string) bool {
	for _, l := range v.Lines {
		if l.Barcode == barcode && l.OK() {
			return true
		}
	}
	return false
}

// duplicate reports, and tells the patron, when barcode already
// succeeded in this visit.
func (s *Session) duplicate(barcode string) bool {
	s.mu.Lock()
	dup := s.view.seen(barcode)
	s.mu.Unlock()
	if dup {
		s.update(func(v *View) { v.Message = kiosk.Msg(kiosk.LevelInfo, KeyDuplicate) })
	}
	return dup
}

// setLine puts l at the top of the list, replacing an earlier line for
// the same barcode that did not succeed.
func (v *View) setLine(l Line) {
	for i, old := range v.Lines {
		if old.Barcode == l.Barcode && !old.OK() {
			v.Lines = append(v.Lines[:i], v.Lines[i+1:]...)
			break
		}
	}
	v.Lines = append([]Line{l}, v.Lines...)
	// A scanner gone mad (or a patron scanning the wrong shelf) must not
	// grow the visit without bound: beyond maxLines the oldest refusals
	// go. Successes stay: they are on the receipt.
	for i := len(v.Lines) - 1; len(v.Lines) > maxLines && i > 0; i-- {
		if !v.Lines[i].OK() {
			v.Lines = append(v.Lines[:i], v.Lines[i+1:]...)
		}
	}
}

// maxLines bounds the running list of a visit (refusals beyond it are
// dropped, oldest first).
const maxLines = 100

// dropOffer turns a pending renewal offer into a plain refusal.
func (v *View) dropOffer() {
	if v.Offer == "" {
		return
	}
	for i := range v.Lines {
		if v.Lines[i].Barcode == v.Offer && v.Lines[i].Status == StatusOffer {
			v.Lines[i].Status = StatusRefused
			v.Lines[i].Message = kiosk.Msg(kiosk.LevelWarning, kiosk.KeyItemAlreadyYours)
		}
	}
	v.Offer = ""
}

func (s *Session) borrow(ctx context.Context, barcode string) {
	if s.duplicate(barcode) {
		return
	}
	var loan *kiosk.Loan
	err := s.call(func() (err error) {
		loan, err = s.Circ.Checkout(ctx, s.credentials(), barcode)
		return err
	})
	s.logResult(ctx, "checkout", err)
	title := s.refusedTitle(ctx, err, barcode)
	s.update(func(v *View) {
		v.Message = kiosk.Message{}
		v.dropOffer() // a new scan answers "no" to a pending offer
		switch {
		case err == nil && loan.Offline:
			v.setLine(Line{Barcode: barcode, Title: loan.Item.Title, Due: loan.Due, Status: StatusBorrowed, Offline: true,
				Message: kiosk.Msg(kiosk.LevelWarning, KeyRecordedOffline)})
		case err == nil:
			l := Line{Barcode: barcode, Title: loan.Item.Title, Due: loan.Due, Status: StatusBorrowed, Print: loan.Print}
			if len(loan.Screen) > 0 {
				l.Message = kiosk.Msg(kiosk.LevelInfo, KeyLibrarySays, "message", strings.Join(loan.Screen, " "))
			}
			v.setLine(l)
		case kiosk.ErrorKey(err) == kiosk.KeyItemAlreadyYours:
			v.setLine(Line{Barcode: barcode, Title: kiosk.ErrorArg(err, "title"), Status: StatusOffer, Message: kiosk.Msg(kiosk.LevelInfo, kiosk.KeyRenewOffer)})
			v.Offer = barcode
		default:
			v.setLine(Line{Barcode: barcode, Title: title, Status: StatusRefused, Message: kiosk.ErrorMessage(err)})
		}
	})
}

// refusedTitle names an item the library refused, so the patron sees its
// title rather than its barcode: from the refusal when it says, else
// from the library's record of the item. It is "" for an unknown item,
// when the library is away, and for a success.
func (s *Session) refusedTitle(ctx context.Context, err error, barcode string) string {
	if err == nil {
		return ""
	}
	if t := kiosk.ErrorArg(err, "title"); t != "" {
		return t
	}
	switch kiosk.ErrorCode(err) {
	case kiosk.ENOTFOUND, kiosk.EUNAVAILABLE, kiosk.EINTERNAL, kiosk.EINVALID:
		return ""
	}
	it, ierr := s.Circ.Item(ctx, barcode)
	if ierr != nil || it == nil {
		return ""
	}
	return it.Title
}

// AcceptRenewal renews the item on offer.
func (s *Session) AcceptRenewal(ctx context.Context) {
	s.op.Lock()
	defer s.op.Unlock()
	barcode := s.View().Offer
	if barcode == "" {
		return
	}
	var loan *kiosk.Loan
	err := s.call(func() (err error) {
		loan, err = s.Circ.Renew(ctx, s.credentials(), barcode)
		return err
	})
	s.logResult(ctx, "renew", err)
	s.update(func(v *View) {
		v.Offer = ""
		for i := range v.Lines {
			l := &v.Lines[i]
			if l.Barcode != barcode || l.Status != StatusOffer {
				continue
			}
			if err != nil {
				l.Status, l.Message = StatusRefused, kiosk.ErrorMessage(err)
				continue
			}
			l.Status, l.Due, l.Fine, l.Message = StatusRenewed, loan.Due, loan.Fine, kiosk.Message{}
			if loan.Item.Title != "" {
				l.Title = loan.Item.Title
			}
		}
	})
}

// DeclineRenewal leaves the item on offer as it is.
func (s *Session) DeclineRenewal() {
	s.update(func(v *View) { v.dropOffer() })
}

// credentials returns the visit's card and PIN for a library request.
func (s *Session) credentials() kiosk.Credentials {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cred
}

func (s *Session) logResult(ctx context.Context, op string, err error) {
	s.count(ctx, op, err)
	switch {
	case err == nil:
		s.Logger.Info(op)
	case kiosk.ErrorCode(err) == kiosk.EINTERNAL:
		s.Logger.Error(op, "err", err)
	default:
		s.Logger.Info(op+" refused", "reason", kiosk.ErrorKey(err))
	}
}
