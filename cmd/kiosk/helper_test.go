package main

import (
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// helper returns a command running this test binary as a helper process:
// TestHelperProcess with the role and its arguments.
func helper(t *testing.T, role string, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"-test.run=^TestHelperProcess$", "--"}, args...)...)
	cmd.Env = append(environ(), "ANJUNGAN_TEST_HELPER="+role)
	return cmd
}

// environ is the test's environment for a child process, less the
// variables named in drop and the locale: Fyne's package init logs
// "Error parsing user locale C" to stderr, before main runs, when the
// locale is C.UTF-8.
func environ(drop ...string) []string {
	drop = append(drop, "LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES")
	var env []string
	for _, kv := range os.Environ() {
		if !slices.Contains(drop, strings.SplitN(kv, "=", 2)[0]) {
			env = append(env, kv)
		}
	}
	return env
}

// TestHelperProcess is not a test: it is the child process of the tests
// that need one, doing what ANJUNGAN_TEST_HELPER says.
func TestHelperProcess(t *testing.T) {
	role := os.Getenv("ANJUNGAN_TEST_HELPER")
	if role == "" {
		t.Skip("only run as a helper process")
	}
	args := os.Args
	for i, a := range args {
		if a == "--" {
			args = args[i+1:]
			break
		}
	}
	switch role {
	case "lock": // hold the data folder args[0] until killed
		if _, err := lockDataDir(args[0]); err != nil {
			os.Stderr.WriteString(err.Error() + "\n")
			os.Exit(1)
		}
		os.Stdout.WriteString("locked\n")
		select {}
	case "stuck": // a program whose clean stop never ends
		stopping := make(chan struct{})
		watchSignals(func() { close(stopping) })
		os.Stdout.WriteString("ready\n")
		<-stopping
		os.Stdout.WriteString("stopping\n")
		select {}
	}
	os.Exit(3)
}
