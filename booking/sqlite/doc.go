// Package sqlite is the makerspace's booking store on a SQLite file, for
// a library with one kiosk: the shared store (booking/sqlstore) with
// SQLite's schema and how SQLite says no.
//
// The schema lives in migrations/ and is embedded; Open applies any missing
// migration in its own transaction. Every write runs in a BEGIN IMMEDIATE
// transaction, so a rule check and the insert that depends on it see the
// same bookings even with several processes on one file. Overlaps are
// refused by the database itself: a trigger rejects any blocking booking
// whose interval, buffer included, meets another of its resource, and
// other triggers keep a booking's times immutable and allow only the
// domain's state transitions.
package sqlite
