package main

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// shutdownGrace is how long a clean stop may take after SIGTERM or
// SIGINT before the kiosk exits anyway.
const shutdownGrace = 2 * time.Second

// shutdown is what the kiosk does on SIGTERM or SIGINT. The first signal
// starts a clean stop; if the program is still running Grace later (the
// Fyne loop or a library call hung), or a second signal comes, it exits
// at once with 128 + the signal's number, as a shell reports a process
// the signal killed. The kernel releases the data folder's lock.
type shutdown struct {
	Grace  time.Duration
	Cancel func()                               // starts the clean stop
	Exit   func(code int)                       // os.Exit
	After  func(time.Duration) <-chan time.Time // time.After
	Stderr io.Writer
}

// watchSignals starts the kiosk's handling of SIGTERM and SIGINT: cancel
// starts the clean stop, and a watchdog ends the process if that takes
// longer than shutdownGrace.
func watchSignals(cancel func()) {
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	s := &shutdown{Grace: shutdownGrace, Cancel: cancel, Exit: os.Exit, After: time.After, Stderr: os.Stderr}
	go s.watch(sigs)
}

// watch waits for the first signal on sigs, then for the end of the
// grace period or a second signal, whichever comes first, and exits.
// The program normally exits cleanly before either.
func (s *shutdown) watch(sigs <-chan os.Signal) {
	first := <-sigs
	s.Cancel()
	select {
	case second := <-sigs:
		fmt.Fprintf(s.Stderr, "kiosk: %s while stopping: exiting now\n", signalName(second))
		s.Exit(signalStatus(second))
	case <-s.After(s.Grace):
		fmt.Fprintf(s.Stderr, "kiosk: not stopped %v after %s: exiting now\n", s.Grace, signalName(first))
		s.Exit(signalStatus(first))
	}
}

func signalName(sig os.Signal) string {
	switch sig {
	case syscall.SIGTERM:
		return "SIGTERM"
	case os.Interrupt:
		return "SIGINT"
	}
	return sig.String()
}

// signalStatus is the exit status for ending on sig: 128 + its number.
func signalStatus(sig os.Signal) int {
	if n, ok := sig.(syscall.Signal); ok {
		return 128 + int(n)
	}
	return 1
}
