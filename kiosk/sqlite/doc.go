// Package sqlite is the embedded library: a kiosk.Circulation backed by a
// SQLite file, for libraries without a library system of their own and for
// demonstrations.
//
// The schema lives in migrations/ and is embedded; Open applies any missing
// migration, each in its own transaction. Writes run in BEGIN IMMEDIATE
// transactions (the DSN sets _txlock=immediate) so that a check and the
// write that depends on it cannot interleave with another kiosk's; the
// unique index loans_open_item makes a second open loan of one item
// impossible even for code that forgot to check.
//
// Loan rules are looked up per (patron category, item type) with '*' as a
// wildcard. Due dates fall at closing time of a library day in the
// configured time zone, skipping closed weekdays and holidays.
package sqlite
