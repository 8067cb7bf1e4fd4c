// Package libconf is the library systems' sections of the kiosk's TOML
// file — [sip2] and [slims] — as every binary that reads that file (the
// kiosk, kioskweb) reads them: the fields, their defaults, their checks,
// and the clients they make. It is wiring shared by the binaries; the
// clients themselves are kiosk/sip2 and kiosk/slims.
package libconf
