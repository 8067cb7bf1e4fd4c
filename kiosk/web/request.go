package web

import (
	"crypto/subtle"
	"errors"
	"net/http"
	"net/url"

	"github.com/anjungan/anjungan/kiosk"
)

// request is what a handler knows of the request beyond net/http: the
// session (created on first use), the language and the client.
type request struct {
	sess    session
	has     bool // sess is a live session
	expired bool // the cookie named a session that had expired
	lang    string
	addr    string // the client's address (behind a trusted proxy, the forwarded one)
	https   bool
}

// handler is a page handler.
type handler func(w http.ResponseWriter, r *http.Request, rq *request)

// cookieName is the session cookie's name: __Host- binds a Secure cookie
// to this host and path /.
func (s *Server) cookieName() string {
	if s.Config.InsecureCookies {
		return "anjungan_session"
	}
	return "__Host-anjungan_session"
}

// request reads the session cookie and works out the language and the
// client.
func (s *Server) request(w http.ResponseWriter, r *http.Request) *request {
	rq := &request{}
	rq.addr, rq.https = s.client(r)
	if c, err := r.Cookie(s.cookieName()); err == nil {
		rq.sess, rq.has, rq.expired = s.sessions.get(c.Value, s.Now())
	}
	rq.lang = rq.sess.lang
	if rq.lang == "" {
		rq.lang = acceptLanguage(r.Header.Get("Accept-Language"))
	}
	return rq
}

// ensureSession gives the request a session, starting one (and setting
// its cookie) when it has none. A client starting sessions faster than
// NewSessionsPerAddr allows is told to wait (false, answered): a flood
// of new sessions must not push out patrons half-way through signing in.
func (s *Server) ensureSession(w http.ResponseWriter, r *http.Request, rq *request) bool {
	if rq.has {
		return true
	}
	if ok, wait := s.newSessions.allow(rq.addr, s.Now()); !ok {
		s.Logger.Warn("web: new sessions rate limited", "addr", rq.addr)
		s.tooMany(w, r, rq, wait)
		return false
	}
	id, sess := s.sessions.create(s.Now())
	rq.sess, rq.has = sess, true
	s.setCookie(w, id, int(s.Config.SessionMax.Seconds()))
	return true
}

func (s *Server) setCookie(w http.ResponseWriter, id string, maxAge int) {
	http.SetCookie(w, &http.Cookie{
		Name: s.cookieName(), Value: id, Path: "/", MaxAge: maxAge,
		Secure: !s.Config.InsecureCookies, HttpOnly: true, SameSite: http.SameSiteLaxMode,
	})
}

// wrap reads the request and, for a POST, parses the form and checks its
// CSRF token: a missing or wrong one, or none to compare it with (no
// session, or one that ended), is 403.
func (s *Server) wrap(h handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rq := s.request(w, r)
		if r.Method == http.MethodPost {
			if err := r.ParseForm(); err != nil {
				var tooBig *http.MaxBytesError
				if errors.As(err, &tooBig) {
					s.renderError(w, r, rq, http.StatusRequestEntityTooLarge, "web.too_large.title", kiosk.Msg(kiosk.LevelError, "web.too_large"))
					return
				}
				s.renderError(w, r, rq, http.StatusBadRequest, "web.csrf.title", kiosk.Msg(kiosk.LevelError, "web.csrf"))
				return
			}
			if !rq.has || !validCSRF(rq.sess.csrf, r.PostForm.Get("csrf")) {
				s.Logger.Info("web: form refused: CSRF token missing or wrong", "path", r.URL.Path, "session", rq.has, "addr", rq.addr)
				s.renderError(w, r, rq, http.StatusForbidden, "web.csrf.title", kiosk.Msg(kiosk.LevelError, "web.csrf"))
				return
			}
		}
		h(w, r, rq)
	})
}

// validCSRF compares a form's token with the session's in constant time.
func validCSRF(want, got string) bool {
	return want != "" && len(got) == len(want) && subtle.ConstantTimeCompare([]byte(want), []byte(got)) == 1
}

// signedIn lets only a signed-in patron through; others go to sign in,
// told that their session ended when it did.
func (s *Server) signedIn(h handler) handler {
	return func(w http.ResponseWriter, r *http.Request, rq *request) {
		if rq.has && rq.sess.signedIn() {
			h(w, r, rq)
			return
		}
		key := "web.signin_first"
		if rq.expired {
			key = "web.session_expired"
		}
		if !s.ensureSession(w, r, rq) {
			return
		}
		s.flash(rq, kiosk.Msg(kiosk.LevelInfo, key))
		s.redirect(w, r, "/signin")
	}
}

// flash keeps a message for the session's next page.
func (s *Server) flash(rq *request, m kiosk.Message) {
	s.sessions.update(rq.sess.key, func(p *session) { p.flash = m })
}

// takeFlash returns and forgets the session's message.
func (s *Server) takeFlash(rq *request) kiosk.Message {
	var m kiosk.Message
	s.sessions.update(rq.sess.key, func(p *session) { m, p.flash = p.flash, kiosk.Message{} })
	return m
}

// redirect sends the browser to a page of this site with a GET (303).
func (s *Server) redirect(w http.ResponseWriter, r *http.Request, path string) {
	http.Redirect(w, r, path, http.StatusSeeOther)
}

// home sends a patron to the equipment, anyone else to sign in.
func (s *Server) home(w http.ResponseWriter, r *http.Request, rq *request) {
	if rq.has && rq.sess.signedIn() {
		s.redirect(w, r, "/equipment")
		return
	}
	s.redirect(w, r, "/signin")
}

// setLang switches the session's language and goes back to the page.
func (s *Server) setLang(w http.ResponseWriter, r *http.Request, rq *request) {
	lang := r.PostForm.Get("lang")
	if supported(lang) {
		s.sessions.update(rq.sess.key, func(p *session) { p.lang = lang })
	}
	s.redirect(w, r, localPath(r.PostForm.Get("next")))
}

// localPath returns next when it is a path of this site, else "/": never
// a redirect to elsewhere.
func localPath(next string) string {
	u, err := url.Parse(next)
	if err != nil || len(next) > 500 || u.Scheme != "" || u.Host != "" || u.User != nil ||
		len(u.Path) == 0 || u.Path[0] != '/' || (len(next) > 1 && (next[1] == '/' || next[1] == '\\')) {
		return "/"
	}
	for i := 0; i < len(next); i++ {
		if next[i] < ' ' || next[i] == '\\' || next[i] > '~' {
			return "/"
		}
	}
	return next
}
