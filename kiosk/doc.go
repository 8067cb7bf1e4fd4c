// Package kiosk holds Anjungan's domain: the nouns a library kiosk deals
// with (patrons, items, loans, scans, receipts) and the interfaces that
// adapters implement (Circulation for the library system, Printer for the
// receipt printer).
//
// It imports only the standard library. Adapters (the embedded SQLite
// library in kiosk/sqlite, the SIP2 client in kiosk/sip2, the serial devices
// under devices/) depend on it and talk to each other only in these types.
//
// Errors meant for a patron are *Error values carrying a Code and a message
// Key that the Catalog translates; every other error is an internal fault,
// shown to the patron as a generic apology and logged with its context.
package kiosk
