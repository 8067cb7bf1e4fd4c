//go:build unix

package main

import (
	"errors"
	"os"
	"syscall"
)

// flock takes an exclusive lock on f without waiting: errLocked when
// another open file (in any process) has it.
func flock(f *os.File) error {
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		switch {
		case errors.Is(err, syscall.EINTR):
			continue
		case errors.Is(err, syscall.EWOULDBLOCK):
			return errLocked
		}
		return err
	}
}
