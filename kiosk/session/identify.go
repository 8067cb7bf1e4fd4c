package session

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/anjungan/anjungan/booking"
	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/visitorpass"
)

// KeyCardEmpty: Next on the card screen with nothing typed.
const KeyCardEmpty = "identify.empty"

// maxPIN is the most digits the PIN pad takes; maxPassword the most
// characters of a password typed on the letters keyboard.
const (
	maxPIN      = 12
	maxPassword = 64
)

// EnterCard takes a card number typed on the identify screen.
func (s *Session) EnterCard(ctx context.Context, card string) {
	s.op.Lock()
	defer s.op.Unlock()
	if strings.TrimSpace(card) == "" { // Next with nothing typed
		s.update(func(v *View) { v.Message = kiosk.Msg(kiosk.LevelInfo, KeyCardEmpty) })
		return
	}
	if visitorpass.IsPass(strings.TrimSpace(card)) {
		s.scanPass(ctx, strings.TrimSpace(card)) // typed by a keyboard-wedge scanner: a pass, never a card
		return
	}
	if s.Config.Classifier.Classify(strings.TrimSpace(card)) == kiosk.ScanItem {
		// An item's barcode typed for a card: told at once, as when
		// scanned, not after a PIN.
		s.update(func(v *View) { v.Message = kiosk.Msg(kiosk.LevelWarning, kiosk.KeyCardNotPatron) })
		return
	}
	s.identify(ctx, card)
}

// identify takes the card and asks for the PIN, or authenticates at once
// when PINs are not required.
func (s *Session) identify(ctx context.Context, card string) {
	card = strings.TrimSpace(card)
	if card == "" {
		s.update(func(v *View) { v.Message = kiosk.Msg(kiosk.LevelWarning, kiosk.KeyPatronUnknown) })
		return
	}
	if s.View().Intent == IntentVisit {
		s.visit(ctx, card) // the guest book needs the card, not a PIN
		return
	}
	if until, locked, _ := s.Lockout.Locked(ctx, card, s.Now()); locked {
		s.update(func(v *View) {
			v.Screen = ScreenIdentify
			v.Message = s.lockedMessage(until.Sub(s.Now()))
		})
		return
	}
	s.update(func(v *View) {
		s.cred = kiosk.Credentials{Card: card}
		s.clearPIN()
		v.Message = kiosk.Message{}
		v.Screen = ScreenPIN
		v.PINLetters = s.Config.PINLetters
	})
	if !s.Config.PINRequired {
		s.authenticate(ctx)
	}
}

func (s *Session) lockedMessage(left time.Duration) kiosk.Message {
	mins := int((left + time.Minute - 1) / time.Minute)
	return kiosk.Msg(kiosk.LevelError, s.secretKey(kiosk.KeyPINLocked), "minutes", strconv.Itoa(mins))
}

// secretKey is the message key about the patron's secret: the PIN's, or
// with Config.PINLetters the password's ("wrong password", not "wrong
// PIN").
func (s *Session) secretKey(pinKey string) string {
	if !s.Config.PINLetters {
		return pinKey
	}
	switch pinKey {
	case kiosk.KeyPINWrong:
		return KeyPasswordWrong
	case kiosk.KeyPINRequired:
		return KeyPasswordRequired
	case kiosk.KeyPINLocked:
		return KeyPasswordLocked
	}
	return pinKey
}

func (s *Session) clearPIN() {
	for i := range s.pin {
		s.pin[i] = 0
	}
	s.pin = s.pin[:0]
	s.view.PINLength = 0
}

// PINKey adds a character typed on the PIN pad or a keyboard: a digit,
// or with Config.PINLetters any printable ASCII character (a library
// system's password).
func (s *Session) PINKey(c byte) {
	limit := maxPIN
	if s.Config.PINLetters {
		limit = maxPassword
	}
	if (c < '0' || c > '9') && (!s.Config.PINLetters || c < '!' || c > '~') {
		return
	}
	s.update(func(v *View) {
		if v.Screen != ScreenPIN || len(s.pin) >= limit {
			return
		}
		s.pin = append(s.pin, c)
		v.PINLength = len(s.pin)
		v.Message = kiosk.Message{}
	})
}

// PINBack removes the last PIN digit.
func (s *Session) PINBack() {
	s.update(func(v *View) {
		if n := len(s.pin); n > 0 {
			s.pin[n-1] = 0
			s.pin = s.pin[:n-1]
			v.PINLength = len(s.pin)
		}
	})
}

// PINClear removes every PIN digit.
func (s *Session) PINClear() {
	s.update(func(v *View) { s.clearPIN() })
}

// PINSubmit checks the card and PIN with the library.
func (s *Session) PINSubmit(ctx context.Context) {
	s.op.Lock()
	defer s.op.Unlock()
	if s.View().Screen != ScreenPIN {
		return
	}
	s.authenticate(ctx)
}

func (s *Session) authenticate(ctx context.Context) {
	s.mu.Lock()
	cred := kiosk.Credentials{Card: s.cred.Card, PIN: string(s.pin)}
	s.mu.Unlock()
	if s.Config.PINRequired && cred.PIN == "" {
		s.update(func(v *View) { v.Message = kiosk.Msg(kiosk.LevelWarning, s.secretKey(kiosk.KeyPINRequired)) })
		return
	}
	// Locked meanwhile (wrong PINs at another kiosk or on the web while
	// this PIN screen was open): no more guesses here.
	if until, locked, _ := s.Lockout.Locked(ctx, cred.Card, s.Now()); locked {
		s.update(func(v *View) {
			s.clearPIN()
			s.cred = kiosk.Credentials{}
			v.Screen = ScreenIdentify
			v.Message = s.lockedMessage(until.Sub(s.Now()))
		})
		return
	}
	var p *kiosk.Patron
	err := s.call(func() (err error) {
		p, err = s.Circ.Authenticate(ctx, cred)
		return err
	})
	log := s.Logger.With("card", cred) // Credentials log as a masked card, never the PIN
	switch key := kiosk.ErrorKey(err); key {
	case "":
		if err := s.Lockout.Clear(ctx, cred.Card); err != nil {
			s.Logger.Warn("wrong-PIN count not cleared", "err", err)
		}
		log.Info("patron identified")
		s.update(func(v *View) {
			s.cred = cred
			s.patron = booking.PatronOf(*p)
			s.clearPIN()
			v.PatronName = kiosk.FirstName(p.Name)
			v.Message = kiosk.Msg(kiosk.LevelSuccess, KeyWelcome, "name", v.PatronName)
			if len(p.Notices) > 0 {
				v.Message = p.Notices[0] // a block outweighs a greeting
			}
			switch {
			case v.Intent == IntentAccount:
				v.Screen = ScreenAccount
			case v.Intent == IntentBook && v.Makerspace != nil && !v.Makerspace.Start().IsZero():
				v.Screen = ScreenConfirm
			case v.Intent == IntentBook:
				v.Screen = ScreenMakerspace
			default:
				v.Screen = ScreenBorrow
			}
		})
		if s.View().Intent == IntentAccount {
			s.loadAccount(ctx, false) // keeps the welcome or a block
		}
	case kiosk.KeyPINWrong:
		until, left, _ := s.Lockout.Fail(ctx, cred.Card, s.Now())
		locked := !until.IsZero()
		log.Info("wrong PIN", "locked", locked)
		s.update(func(v *View) {
			s.clearPIN()
			if locked {
				s.cred = kiosk.Credentials{}
				v.Screen = ScreenIdentify
				v.Message = s.lockedMessage(until.Sub(s.Now()))
				return
			}
			v.Message = kiosk.Msg(kiosk.LevelError, s.secretKey(kiosk.KeyPINWrong), "left", strconv.Itoa(left))
		})
	case kiosk.KeyPINRequired:
		s.update(func(v *View) { s.clearPIN(); v.Message = kiosk.Msg(kiosk.LevelWarning, s.secretKey(key)) })
	default:
		if kiosk.ErrorCode(err) == kiosk.EINTERNAL {
			log.Error("authenticate", "err", err)
		} else {
			log.Info("patron refused", "reason", key)
		}
		s.update(func(v *View) {
			s.clearPIN()
			if kiosk.ErrorCode(err) != kiosk.EINTERNAL && kiosk.ErrorCode(err) != kiosk.EUNAVAILABLE {
				s.cred = kiosk.Credentials{}
				v.Screen = ScreenIdentify
			}
			v.Message = kiosk.ErrorMessage(err)
		})
	}
}
