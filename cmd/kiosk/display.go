package main

import "errors"

// errNoDisplay is why the kiosk cannot open its window: on Linux, GLFW
// needs an X11 or Wayland display, and without one it panics deep in the
// Fyne driver.
var errNoDisplay = errors.New("no display: set DISPLAY (X11) or WAYLAND_DISPLAY (Wayland), or run it on the kiosk's screen")

// checkDisplay says whether a window can be opened on goos with the
// environment getenv reads, before anything else is opened.
func checkDisplay(goos string, getenv func(string) string) error {
	if goos != "linux" || getenv("DISPLAY") != "" || getenv("WAYLAND_DISPLAY") != "" {
		return nil
	}
	return errNoDisplay
}
