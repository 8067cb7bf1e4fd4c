// Package ui is the kiosk's touch screen, drawn with Fyne: every patron
// screen, widget and layout is here. The staff monitor's window is its
// subpackage ui/monitor; no other library package imports Fyne. The
// binaries (cmd/kiosk, cmd/kioskmon) do only to create the app, its icon
// and logo resources, and to quit it on the Fyne goroutine.
//
// A UI draws the session.View it is given and turns taps, the on-screen
// keypads and keyboard-wedge typing into Session calls. It holds no flow
// logic: that lives in kiosk/session. Session calls may block on the
// library system, so they run off the Fyne goroutine, one at a time in
// the order they were made (UI.Enqueue); Views come back through fyne.Do.
package ui
