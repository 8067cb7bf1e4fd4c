// Package sqlstore is the makerspace's booking store over database/sql:
// one booking.Service, whatever the engine. Every rule lives in package
// booking and every query here, once; the engines' packages
// (booking/sqlite for one kiosk, booking/postgres for a library's kiosks
// and phones) open the database, apply their own migrations — which hold
// the constraints no program may skip: no overlapping blocking bookings
// of a resource, buffers included; times that never change; only the
// domain's state transitions — and say, through a Dialect, how their
// database refuses.
//
// The whole store test suite runs on both engines, the raw-SQL
// constraint tests included.
//
// Run releases no-shows and completes finished bookings in the background.
package sqlstore
