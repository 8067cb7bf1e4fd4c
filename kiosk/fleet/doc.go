// Package fleet is the staff's live model of every kiosk: what each one
// last reported (availability, state, events, command replies), and the
// alerts that should stand out. It knows nothing of MQTT or Fyne: the
// monitor feeds it messages, the staff window and kioskctl read
// snapshots.
package fleet
