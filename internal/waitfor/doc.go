// Package waitfor is the tests' one way to wait: poll a condition with a
// deadline and fail at the point of waiting, saying what was awaited, so
// that a test never sleeps a fixed time nor carries on past a timeout to
// fail later with a misleading message.
package waitfor
