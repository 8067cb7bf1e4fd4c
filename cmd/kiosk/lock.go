package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// lockName is the lock file in the data folder. It holds the PID of the
// kiosk that has the folder.
const lockName = "kiosk.lock"

// errLocked is flock's answer when another process holds the lock.
var errLocked = errors.New("locked")

// dataLock is a kiosk's hold on its data folder: an exclusive flock on
// the lock file. The kernel drops it when the process ends, however it
// ends, so a crash never leaves the folder taken.
type dataLock struct{ f *os.File }

// lockDataDir takes the data folder dir for this process, or says which
// process has it.
func lockDataDir(dir string) (*dataLock, error) {
	path := filepath.Join(dir, lockName)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("data folder lock: %w", err)
	}
	if err := flock(f); errors.Is(err, errLocked) {
		f.Close()
		return nil, fmt.Errorf("data folder %s is in use by another kiosk (%s holds %s)", dir, lockHolder(path), path)
	} else if err != nil {
		f.Close()
		return nil, fmt.Errorf("data folder lock %s: %w", path, err)
	}
	pid := []byte(strconv.Itoa(os.Getpid()) + "\n")
	if err := f.Truncate(0); err != nil {
		f.Close()
		return nil, fmt.Errorf("data folder lock %s: %w", path, err)
	}
	if _, err := f.WriteAt(pid, 0); err != nil {
		f.Close()
		return nil, fmt.Errorf("data folder lock %s: %w", path, err)
	}
	return &dataLock{f: f}, nil
}

// lockHolder names the process that holds the lock file at path.
func lockHolder(path string) string {
	b, err := os.ReadFile(path)
	if pid, perr := strconv.Atoi(strings.TrimSpace(string(b))); err == nil && perr == nil && pid > 0 {
		return "pid " + strconv.Itoa(pid)
	}
	return "a process that has not written its pid yet"
}

// Release gives the data folder up.
func (l *dataLock) Release() error {
	if l == nil {
		return nil
	}
	l.f.Truncate(0) // no stale PID for whoever reads the file
	return l.f.Close()
}
