// Package ui is the kiosk's touch screen, drawn with Fyne. It is the only
// package that imports Fyne.
//
// A UI draws the session.View it is given and turns taps, the on-screen
// keypads and keyboard-wedge typing into Session calls. It holds no flow
// logic: that lives in kiosk/session. Session calls may block on the
// library system, so they run off the Fyne goroutine (UI.Go); Views come
// back through fyne.Do.
package ui
