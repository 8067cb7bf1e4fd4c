package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/anjungan/anjungan/kiosk/sip2/sip2test"
)

func TestSIP2Test(t *testing.T) {
	acs := sip2test.Start(t, sip2test.Quirks{})
	acs.AddPatron(sip2test.Patron{Card: "2001", PIN: "1234", Name: "Siti"})
	var out bytes.Buffer
	err := run(context.Background(), []string{"sip2", "test", "-addr", acs.Addr(), "-user", "kiosk", "-password", "sip-secret", "-patron", "2001", "-pin", "1234"}, &out)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"logged in", "on-line true", "Perpustakaan Uji", "patron 2001: valid true, PIN ok true", "round trip"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	err = run(context.Background(), []string{"sip2", "test", "-addr", acs.Addr(), "-user", "kiosk", "-password", "wrong"}, &out)
	if err == nil || !strings.Contains(err.Error(), "login refused") {
		t.Fatalf("wrong login: %v", err)
	}
}
