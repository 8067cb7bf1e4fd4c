// Package postgres is the makerspace's booking store on PostgreSQL, for a
// library whose kiosks (and patrons' phones) share one makerspace: the
// shared store (booking/sqlstore) with PostgreSQL's schema.
//
// PostgreSQL itself refuses a double booking: an exclusion constraint
// (btree_gist) over the resource and the booking's time range, buffer
// included, for every blocking booking, from any program, hand-written
// SQL included; triggers keep a booking's times immutable and allow only
// the domain's state transitions. Migrations are embedded and run once,
// whichever kiosk starts first (an advisory lock). A booking transaction
// takes advisory locks on its resource and its patron, so that quota and
// limit checks on two kiosks see each other's bookings.
package postgres
