// Package monitor is the staff's monitor window (kioskmon): every kiosk
// of the fleet model (kiosk/fleet) with its devices, machines, alerts and
// recent events, and staff actions on the selected one through a
// Commander (the MQTT staff client). It is apart from kiosk/ui, the
// patron's screens, which know nothing of the fleet; like kiosk/ui it is
// Fyne code, and the two are the only packages that import Fyne.
package monitor
