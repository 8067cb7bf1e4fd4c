//go:build !unix

package main

import "os"

// flock does nothing where there is no flock: the data folder is not
// guarded against a second kiosk.
func flock(*os.File) error { return nil }
