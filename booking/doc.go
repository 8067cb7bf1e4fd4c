// Package booking is the makerspace's domain: bookable resources (3D
// printers, a laser cutter, sewing machines, a studio, design PCs, rooms),
// their rules, bookings and their states, the signed check-in token a
// booking's QR code carries, and the Service interface the kiosk books
// through. It imports only the standard library and package kiosk.
//
// Times are absolute (time.Time, stored in UTC by adapters); every rule
// that speaks of days, weeks or opening hours is evaluated in the
// library's time zone, so the rules stay right in zones with daylight
// saving time.
//
// A booking blocks its resource from its start until its end plus the
// resource's buffer (cool-down, cleaning). Two blocking intervals of one
// resource never overlap: Check and Availability apply that rule in Go,
// and stores must enforce it themselves as well (the SQLite store does it
// with a trigger), so no code path can create an overlap.
package booking
