package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/anjungan/anjungan/kiosk"
)

// pageNames are the pages; each is templates/<name>.html with the layout
// and the shared parts.
var pageNames = []string{"signin", "equipment", "day", "confirm", "booked", "bookings", "cancel", "error"}

type pageTemplate struct{ t *template.Template }

func parsePages(fsys fs.FS) (map[string]*pageTemplate, error) {
	pages := map[string]*pageTemplate{}
	for _, n := range pageNames {
		t, err := template.New(n).ParseFS(fsys, "templates/layout.html", "templates/summary.html", "templates/"+n+".html")
		if err != nil {
			return nil, fmt.Errorf("web: page %s: %w", n, err)
		}
		pages[n] = &pageTemplate{t}
	}
	return pages, nil
}

// page is what a template sees: the layout's parts and Data, the page's
// own. Its methods translate and format in the page's language.
type page struct {
	Lang, Other string
	Title       string
	CSRF        string
	Path        string // this page, for the language switch to return to
	Nav         string // the navigation entry that is current
	Name        string // the signed-in patron's first name
	Library     string
	Flash       kiosk.Message
	Message     kiosk.Message
	Errors      []fieldError
	Data        any

	s *Server
}

// fieldError is a form field's problem, linked from the summary at the
// top and described on the field.
type fieldError struct{ Field, Text string }

// notice is a message box.
type notice struct{ Class, Role, Text string }

// T translates key with name/value placeholders.
func (p *page) T(key string, kv ...string) string {
	return p.s.catalog.Message(p.Lang, kiosk.Msg(0, key, kv...))
}

// FieldError is the translated problem of a field, or "".
func (p *page) FieldError(field string) string {
	for _, e := range p.Errors {
		if e.Field == field {
			return e.Text
		}
	}
	return ""
}

// Notices are the flash and the page's message, translated.
func (p *page) Notices() []notice {
	var out []notice
	for _, m := range []kiosk.Message{p.Flash, p.Message} {
		if m.IsZero() {
			continue
		}
		n := notice{Class: "info", Role: "status", Text: p.s.catalog.Message(p.Lang, m)}
		switch m.Level {
		case kiosk.LevelSuccess:
			n.Class = "success"
		case kiosk.LevelWarning:
			n.Class, n.Role = "warning", "alert"
		case kiosk.LevelError:
			n.Class, n.Role = "error", "alert"
		}
		out = append(out, n)
	}
	return out
}

// newPage starts a page for the request, taking the session's flash.
func (s *Server) newPage(r *http.Request, rq *request, titleKey string, kv ...string) *page {
	p := &page{Lang: rq.lang, Other: otherLang(rq.lang), Library: s.Config.Library, s: s}
	p.Title = p.T(titleKey, kv...)
	if rq.has {
		p.CSRF, p.Name = rq.sess.csrf, rq.sess.name
		p.Flash = s.takeFlash(rq)
	}
	p.Path = r.URL.Path
	if r.Method == http.MethodGet && r.URL.RawQuery != "" {
		p.Path += "?" + r.URL.RawQuery
	}
	if r.Method != http.MethodGet {
		p.Path = "/" // a POST's page is not one to go back to
	}
	return p
}

// addError records a field's problem, translated.
func (p *page) addError(field string, err error) {
	p.Errors = append(p.Errors, fieldError{Field: field, Text: p.s.catalog.Message(p.Lang, kiosk.ErrorMessage(err))})
}

// render writes a page. It is rendered in full before anything is sent,
// so a template fault is a clean error page. Pages are personal: not
// stored by caches.
func (s *Server) render(w http.ResponseWriter, status int, name string, p *page) {
	var buf bytes.Buffer
	if err := s.pages[name].t.ExecuteTemplate(&buf, "layout", p); err != nil {
		s.Logger.Error("web: template", "page", name, "err", err)
		status, buf = http.StatusInternalServerError, bytes.Buffer{}
		buf.WriteString("<!doctype html><title>Error</title><p>" + template.HTMLEscapeString(p.T(kiosk.KeyInternal)))
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// renderError shows an error page. rq may be nil (a panic).
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, rq *request, status int, titleKey string, m kiosk.Message) {
	if rq == nil {
		rq = &request{lang: acceptLanguage(r.Header.Get("Accept-Language"))}
	}
	p := s.newPage(r, rq, titleKey)
	p.Data = p.s.catalog.Message(p.Lang, m)
	s.render(w, status, "error", p)
}

// fail shows a refusal or a fault of the library system or the store as
// a page: a refusal's own message, a fault the apology (and the log).
func (s *Server) fail(w http.ResponseWriter, r *http.Request, rq *request, op string, err error) {
	status := statusOf(err)
	if status >= 500 {
		s.Logger.Error("web: "+op, "err", err)
	}
	m := kiosk.ErrorMessage(err)
	if kiosk.ErrorCode(err) == kiosk.EUNAVAILABLE {
		m = kiosk.Msg(kiosk.LevelError, "web.unavailable")
	}
	title := "web.error.title"
	if status == http.StatusNotFound {
		title = "web.not_found.title"
	}
	s.renderError(w, r, rq, status, title, m)
}

// statusOf is the HTTP status of an error's code.
func statusOf(err error) int {
	switch kiosk.ErrorCode(err) {
	case "":
		return http.StatusOK
	case kiosk.EINVALID:
		return http.StatusBadRequest
	case kiosk.ENOTFOUND:
		return http.StatusNotFound
	case kiosk.ECONFLICT:
		return http.StatusConflict
	case kiosk.EFORBIDDEN:
		return http.StatusForbidden
	case kiosk.EUNAUTH:
		return http.StatusUnauthorized
	case kiosk.EUNAVAILABLE:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// serveStatic serves the style sheet (and any other static file).
func (s *Server) serveStatic(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, "/")
	data, err := fs.ReadFile(s.static, name)
	if err != nil || name == "" || strings.Contains(name, "..") {
		s.renderError(w, r, s.request(w, r), http.StatusNotFound, "web.not_found.title", kiosk.Msg(kiosk.LevelError, "web.not_found"))
		return
	}
	w.Header().Set("Cache-Control", "public, max-age=3600")
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(data))
}
