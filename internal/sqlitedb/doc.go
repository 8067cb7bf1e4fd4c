// Package sqlitedb opens the SQLite files of the kiosk's stores (the
// library, the makerspace's bookings, the offline queue) one way: a write
// handle whose transactions begin IMMEDIATE, so a check and the write that
// depends on it cannot interleave with another process's, and a read
// handle whose transactions begin DEFERRED, so readers never queue behind
// writers; both in WAL mode with foreign keys on, a busy timeout and the
// same cap on idle connections. Open then applies the store's migrations
// (package migrate) on the write handle.
package sqlitedb
