// Package mock holds test doubles for the kiosk domain: a Circulation
// whose behaviour is set by function fields, and a settable clock. Use
// them in flow and UI tests; adapters are tested against real parts.
package mock
