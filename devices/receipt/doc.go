// Package receipt prints receipts on ESC/POS thermal printers attached over
// serial. Each Print opens the port, writes the slip and closes it again,
// so a printer that was unplugged and plugged back in just works.
package receipt
