package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/anjungan/anjungan/booking"
	"github.com/anjungan/anjungan/kiosk"
)

// signInForm is what the sign-in page shows. It never holds the PIN.
type signInForm struct {
	Hint, PINLabel string
	Password       bool
	Card           string
}

func (s *Server) signInPage(w http.ResponseWriter, r *http.Request, rq *request) {
	if rq.has && rq.sess.signedIn() {
		s.redirect(w, r, "/equipment")
		return
	}
	if !s.ensureSession(w, r, rq) {
		return
	}
	s.showSignIn(w, r, rq, http.StatusOK, "", nil)
}

// showSignIn renders the sign-in page with the card typed (never the
// PIN) and any problem: a field's or the page's.
func (s *Server) showSignIn(w http.ResponseWriter, r *http.Request, rq *request, status int, card string, problem func(p *page)) {
	p := s.newPage(r, rq, "web.signin.title")
	f := signInForm{Hint: p.T("web.signin.hint"), PINLabel: p.T("web.signin.pin"), Password: s.Config.Password, Card: card}
	if s.Config.Password {
		f.Hint, f.PINLabel = p.T("web.signin.hint_password"), p.T("web.signin.password")
	}
	p.Data = f
	if problem != nil {
		problem(p)
	}
	s.render(w, status, "signin", p)
}

// signIn checks the card and PIN with the library system, under the
// rate limits and the lockout, and starts a new signed-in session.
func (s *Server) signIn(w http.ResponseWriter, r *http.Request, rq *request) {
	now := s.Now()
	card := strings.TrimSpace(r.PostForm.Get("card"))
	pin := r.PostForm.Get("pin")
	fieldErr := func(field string, err error) func(*page) { return func(p *page) { p.addError(field, err) } }
	pageMsg := func(m kiosk.Message) func(*page) { return func(p *page) { p.Message = m } }
	if ok, wait := s.perAddr.allow(rq.addr, now); !ok {
		s.Logger.Warn("web: sign-in rate limited", "per", "address", "addr", rq.addr)
		s.tooMany(w, r, rq, wait)
		return
	}
	if _, err := parseCard(card); err != nil {
		s.showSignIn(w, r, rq, http.StatusBadRequest, "", fieldErr("card", err))
		return
	}
	if err := checkPIN(pin); err != nil {
		s.showSignIn(w, r, rq, http.StatusBadRequest, card, fieldErr("pin", err))
		return
	}
	if pin == "" {
		s.showSignIn(w, r, rq, http.StatusBadRequest, card, fieldErr("pin", kiosk.Errorf(kiosk.EINVALID, s.secretKey(kiosk.KeyPINRequired))))
		return
	}
	if ok, wait := s.perCard.allow(kiosk.CardKey(card), now); !ok {
		s.Logger.Warn("web: sign-in rate limited", "per", "card", "card", kiosk.MaskCard(card), "addr", rq.addr)
		s.tooMany(w, r, rq, wait)
		return
	}
	ctx, cancel := s.call(r.Context())
	defer cancel()
	if until, locked, err := s.Lockout.Locked(ctx, card, now); err != nil {
		s.fail(w, r, rq, "lockout", err)
		return
	} else if locked {
		s.showSignIn(w, r, rq, http.StatusForbidden, card, pageMsg(s.lockedMessage(until.Sub(now))))
		return
	}
	cred := kiosk.Credentials{Card: card, PIN: pin}
	patron, err := s.Circ.Authenticate(ctx, cred)
	log := s.Logger.With("card", cred, "addr", rq.addr) // Credentials log as a masked card, never the PIN
	switch key := kiosk.ErrorKey(err); {
	case err == nil:
		if err := s.Lockout.Clear(ctx, card); err != nil {
			log.Warn("web: lockout not cleared", "err", err)
		}
		s.endLibrarySession(ctx, cred)
		log.Info("web: patron signed in")
		s.startSession(w, r, rq, patron)
	case key == kiosk.KeyPINWrong || key == kiosk.KeyPatronUnknown:
		// An unknown card is answered as a wrong PIN, and counted: the
		// site tells no one which card numbers exist.
		until, left, lerr := s.Lockout.Fail(ctx, card, now)
		if lerr != nil {
			s.fail(w, r, rq, "lockout", lerr)
			return
		}
		log.Info("web: wrong PIN", "locked", !until.IsZero())
		if !until.IsZero() {
			s.showSignIn(w, r, rq, http.StatusForbidden, card, pageMsg(s.lockedMessage(until.Sub(now))))
			return
		}
		wrong := KeySignInWrong
		if s.Config.Password {
			wrong = KeySignInWrongPassword
		}
		s.showSignIn(w, r, rq, http.StatusUnauthorized, card,
			fieldErr("pin", kiosk.Errorf(kiosk.EUNAUTH, wrong, "left", strconv.Itoa(left))))
	case key == kiosk.KeyPINRequired:
		s.showSignIn(w, r, rq, http.StatusBadRequest, card, fieldErr("pin", kiosk.Errorf(kiosk.EINVALID, s.secretKey(key))))
	case kiosk.ErrorCode(err) == kiosk.EINTERNAL || kiosk.ErrorCode(err) == kiosk.EUNAVAILABLE:
		log.Error("web: authenticate", "err", err)
		s.showSignIn(w, r, rq, statusOf(err), card, pageMsg(kiosk.ErrorMessage(err)))
	default:
		log.Info("web: patron refused", "reason", key)
		s.showSignIn(w, r, rq, statusOf(err), card, pageMsg(kiosk.ErrorMessage(err)))
	}
}

// startSession replaces the session with a new signed-in one (a new id
// and CSRF token: a session id known before sign-in is worth nothing
// after it), keeping the language.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, rq *request, p *kiosk.Patron) {
	lang := rq.sess.lang
	s.sessions.delete(rq.sess.key)
	id, sess := s.sessions.create(s.Now())
	s.sessions.update(sess.key, func(n *session) {
		n.lang, n.patron, n.name = lang, booking.PatronOf(*p), kiosk.FirstName(p.Name)
		if len(p.Notices) > 0 {
			n.flash = p.Notices[0]
		}
	})
	s.setCookie(w, id, int(s.Config.SessionMax.Seconds()))
	s.redirect(w, r, "/equipment")
}

// endLibrarySession tells a library system that wants to know that the
// patron's use of it is over: the web keeps no credentials.
func (s *Server) endLibrarySession(ctx context.Context, cred kiosk.Credentials) {
	if e, ok := s.Circ.(kiosk.SessionEnder); ok {
		if err := e.EndSession(ctx, cred); err != nil {
			s.Logger.Warn("web: end library session", "err", err)
		}
	}
}

// signOut ends the session; a fresh one says so on the sign-in page.
func (s *Server) signOut(w http.ResponseWriter, r *http.Request, rq *request) {
	lang := rq.sess.lang
	s.sessions.delete(rq.sess.key)
	id, sess := s.sessions.create(s.Now())
	s.sessions.update(sess.key, func(n *session) {
		n.lang, n.flash = lang, kiosk.Msg(kiosk.LevelSuccess, "web.signed_out")
	})
	s.setCookie(w, id, int(s.Config.SessionMax.Seconds()))
	s.redirect(w, r, "/signin")
}

// tooMany is the rate limit's answer: 429 with Retry-After.
func (s *Server) tooMany(w http.ResponseWriter, r *http.Request, rq *request, wait time.Duration) {
	secs := int((wait + time.Second - 1) / time.Second)
	if secs < 1 {
		secs = 1
	}
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	s.showSignIn(w, r, rq, http.StatusTooManyRequests, "", func(p *page) {
		p.Message = kiosk.Msg(kiosk.LevelError, "web.rate_limited", "seconds", strconv.Itoa(secs))
	})
}

func (s *Server) lockedMessage(left time.Duration) kiosk.Message {
	mins := int((left + time.Minute - 1) / time.Minute)
	key := "web.pin_locked"
	if s.Config.Password {
		key = "web.password_locked"
	}
	return kiosk.Msg(kiosk.LevelError, key, "minutes", strconv.Itoa(mins))
}

// secretKey is the message about the patron's secret: the PIN's, or the
// password's.
func (s *Server) secretKey(pinKey string) string {
	if !s.Config.Password {
		return pinKey
	}
	switch pinKey {
	case kiosk.KeyPINWrong:
		return "password.wrong"
	case kiosk.KeyPINRequired:
		return "password.required"
	}
	return pinKey
}
