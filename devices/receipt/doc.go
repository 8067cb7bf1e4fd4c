// Package receipt prints receipts on ESC/POS thermal printers attached over
// serial. Each Print opens the port, writes the slip and closes it again,
// so a printer that was unplugged and plugged back in just works.
//
// Text goes to paper in code page PC850, selected after every reset:
// characters it lacks are printed as plain ASCII look-alikes (dashes,
// quotes, ellipsis, bullets, spaces), letters with marks it lacks as the
// bare letter, and anything else, control characters too, as "?".
package receipt
