package web

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// csp allows the site's own style sheet and images only: no scripts at
// all, no inline styles, forms only to this site, no framing.
const csp = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; " +
	"base-uri 'none'; frame-ancestors 'none'"

// headers sets the security headers every response carries.
func (s *Server) headers(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
	if _, https := s.client(r); https {
		h.Set("Strict-Transport-Security", "max-age=31536000")
	}
}

// client returns the client's address and whether it came over HTTPS.
// X-Forwarded-For and X-Forwarded-Proto count only when the connection
// comes from a trusted proxy; the client is then the last address in
// X-Forwarded-For that is not a trusted proxy itself.
func (s *Server) client(r *http.Request) (string, bool) {
	peer := remoteAddr(r)
	https := r.TLS != nil
	if !peer.IsValid() || !s.trusted(peer) {
		return addrString(peer, r.RemoteAddr), https
	}
	if p := strings.TrimSpace(r.Header.Get("X-Forwarded-Proto")); p != "" {
		https = strings.EqualFold(p, "https")
	}
	client := peer
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0 && i >= len(hops)-20; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break // a forged or garbled entry: stop at what we know
		}
		client = a.Unmap()
		if !s.trusted(client) {
			break
		}
	}
	return client.String(), https
}

func (s *Server) trusted(a netip.Addr) bool {
	for _, p := range s.Config.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

func remoteAddr(r *http.Request) netip.Addr {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		return netip.Addr{}
	}
	return a.Unmap()
}

func addrString(a netip.Addr, raw string) string {
	if a.IsValid() {
		return a.String()
	}
	return raw
}
