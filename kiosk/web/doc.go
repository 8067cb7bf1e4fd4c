// Package web lets patrons book the makerspace from their phones: an
// http.Handler of server-rendered pages (html/template, no JavaScript
// needed) over the same booking.Service and the same library system
// (kiosk.Circulation) as the kiosk, in Bahasa Indonesia and English.
//
// Pages: sign in with card and PIN (the kiosk's lockout, given as a
// Lockout), the equipment with its state now, a resource's day with its
// free times and lengths, confirm, the booking with its signed QR code
// (the token the kiosk checks in), six-letter code and .ics file, and my
// bookings with cancel.
//
// Main concepts:
//   - Server: the handler. Config holds its settings; the templates, the
//     style sheet and the web's texts come from assets.Web.
//   - session: a server-side record behind an opaque random cookie, with
//     idle and absolute expiry, the CSRF token every form carries and,
//     once signed in, the patron's booking facts (never the PIN).
//   - limiter: token buckets per client address and per card that slow
//     sign-in attempts, in bounded memory.
//   - the form parsers (parse.go) turn every field into a value or a
//     translated message.
//
// Every response carries security headers (a CSP without inline code,
// no framing, no sniffing, no referrer); request bodies are limited; a
// fault shows a page of apology and goes to the log, never to the patron.
package web
