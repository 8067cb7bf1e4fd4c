package web

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/anjungan/anjungan/assets"
	"github.com/anjungan/anjungan/booking"
	"github.com/anjungan/anjungan/kiosk"
	kiosksession "github.com/anjungan/anjungan/kiosk/session"
)

// Server is the patrons' booking site. Build it with New, change the
// exported fields if needed, then serve it; fields are not changed while
// it serves.
type Server struct {
	Config  Config
	Circ    kiosk.Circulation
	Booking booking.Service
	// Signer signs the booking QR codes, with the site's secret: the
	// kiosks' check-in verifies them.
	Signer booking.Signer
	// Lockout locks a card after wrong PINs: the kiosk's in-memory one
	// (5 wrong, 15 minutes) by default, the store's (sqlstore.PINGuard,
	// wrapped in session.Shared) where the makerspace is shared, so that
	// wrong PINs here lock the card at the kiosks too.
	Lockout kiosk.PINGuard
	// Location is the library's time zone for days and times.
	Location *time.Location
	Now      func() time.Time
	Logger   *slog.Logger

	catalog  *kiosk.Catalog
	pages    map[string]*pageTemplate
	static   fs.FS
	mux      *http.ServeMux
	sessions *sessions
	perAddr  *limiter
	perCard  *limiter
	// newSessions limits the sessions a client address starts.
	newSessions *limiter
}

// New returns a Server over a library system and a booking service,
// with the embedded templates, style sheet and texts.
func New(cfg Config, circ kiosk.Circulation, svc booking.Service, signer booking.Signer) (*Server, error) {
	web, err := fs.Sub(assets.Web, "web")
	if err != nil {
		return nil, err
	}
	s := &Server{
		Config: cfg, Circ: circ, Booking: svc, Signer: signer,
		Lockout:  &kiosksession.Lockout{Max: 5, For: 15 * time.Minute},
		Location: time.UTC, Now: time.Now, Logger: slog.Default(),
		catalog: assets.Catalog(),
	}
	if err := loadTexts(s.catalog, web); err != nil {
		return nil, err
	}
	if s.pages, err = parsePages(web); err != nil {
		return nil, err
	}
	if s.static, err = fs.Sub(web, "static"); err != nil {
		return nil, err
	}
	s.sessions = newSessions(cfg.SessionIdle, cfg.SessionMax, cfg.MaxSessions)
	s.perAddr = newLimiter(cfg.SignInPerAddr, cfg.MaxClients)
	s.perCard = newLimiter(cfg.SignInPerCard, cfg.MaxClients)
	s.newSessions = newLimiter(cfg.NewSessionsPerAddr, cfg.MaxClients)
	s.routes()
	return s, nil
}

// routes sets up the pages. Those behind signedIn need a signed-in
// patron; every POST checks the form's CSRF token first.
func (s *Server) routes() {
	m := http.NewServeMux()
	handle := func(pattern string, h handler) { m.Handle(pattern, s.wrap(h)) }
	m.Handle("GET /static/", http.StripPrefix("/static/", http.HandlerFunc(s.serveStatic)))
	handle("GET /{$}", s.home)
	handle("GET /signin", s.signInPage)
	handle("POST /signin", s.signIn)
	handle("POST /signout", s.signOut)
	handle("POST /lang", s.setLang)
	handle("GET /equipment", s.signedIn(s.equipment))
	handle("GET /equipment/{id}", s.signedIn(s.day))
	handle("POST /confirm", s.signedIn(s.confirm))
	handle("POST /book", s.signedIn(s.book))
	handle("GET /bookings", s.signedIn(s.bookings))
	handle("GET /bookings/{id}", s.signedIn(s.booked))
	handle("GET /bookings/{id}/qr.png", s.signedIn(s.qr))
	handle("GET /bookings/{id}/calendar.ics", s.signedIn(s.ics))
	handle("GET /bookings/{id}/cancel", s.signedIn(s.cancelPage))
	handle("POST /bookings/{id}/cancel", s.signedIn(s.cancel))
	s.mux = m
}

// ServeHTTP serves a request: security headers, a body limit, a page
// for panics, and 404 and 405 pages of its own.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.headers(w, r)
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.Logger.Error("web: panic", "method", r.Method, "path", r.URL.Path, "panic", fmt.Sprint(v))
			s.renderError(w, r, nil, http.StatusInternalServerError, "web.error.title", kiosk.Msg(kiosk.LevelError, kiosk.KeyInternal))
		}
	}()
	r.Body = http.MaxBytesReader(w, r.Body, s.Config.MaxBody)
	if _, pattern := s.mux.Handler(r); pattern == "" {
		s.unrouted(w, r)
		return
	}
	s.mux.ServeHTTP(w, r)
}

// unrouted answers a request no pattern takes: 405 when another method
// would be taken at the path, else 404.
func (s *Server) unrouted(w http.ResponseWriter, r *http.Request) {
	rq := s.request(w, r)
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost} {
		c := r.Clone(r.Context())
		c.Method = m
		if _, p := s.mux.Handler(c); p != "" {
			allow = append(allow, m)
		}
	}
	if len(allow) > 0 {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		s.renderError(w, r, rq, http.StatusMethodNotAllowed, "web.method.title", kiosk.Msg(kiosk.LevelError, "web.method"))
		return
	}
	s.renderError(w, r, rq, http.StatusNotFound, "web.not_found.title", kiosk.Msg(kiosk.LevelError, "web.not_found"))
}

// call bounds a call to the library system or the store.
func (s *Server) call(ctx context.Context) (context.Context, context.CancelFunc) {
	if s.Config.CallTimeout <= 0 {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, s.Config.CallTimeout)
}

// today is the library's day now.
func (s *Server) today() booking.Date { return booking.DateOf(s.Now(), s.Location) }
