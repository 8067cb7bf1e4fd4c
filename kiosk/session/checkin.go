package session

import (
	"context"
	"strings"

	"github.com/anjungan/anjungan/kiosk"
)

// Return message keys.
const KeyReturnHold = "return.hold"

func (s *Session) checkin(ctx context.Context, barcode string) {
	if s.duplicate(barcode) {
		return
	}
	var ret *kiosk.Return
	err := s.call(func() (err error) {
		ret, err = s.Circ.Checkin(ctx, barcode)
		return err
	})
	s.logResult(ctx, "checkin", err)
	title := s.refusedTitle(ctx, err, barcode)
	s.update(func(v *View) {
		v.Message = kiosk.Message{}
		if err != nil {
			v.setLine(Line{Barcode: barcode, Title: title, Status: StatusRefused, Message: kiosk.ErrorMessage(err)})
			return
		}
		l := Line{Barcode: barcode, Title: ret.Item.Title, Fine: ret.Fine, Status: StatusReturned,
			Message: kiosk.Msg(kiosk.LevelSuccess, kiosk.KeyReturnOK)}
		if ret.Fine > 0 {
			l.Message = kiosk.Msg(kiosk.LevelWarning, kiosk.KeyReturnOKFine, "fine", s.Catalog.Money(v.Lang, ret.Fine))
		}
		if ret.Hold {
			l.Message = kiosk.Msg(kiosk.LevelWarning, KeyReturnHold)
		}
		if len(ret.Screen) > 0 {
			l.Message = kiosk.Msg(kiosk.LevelInfo, KeyLibrarySays, "message", strings.Join(ret.Screen, " "))
		}
		l.Print = ret.Print
		if ret.Offline {
			l.Offline, l.Message = true, kiosk.Msg(kiosk.LevelWarning, KeyRecordedOffline)
		}
		v.setLine(l)
	})
}
