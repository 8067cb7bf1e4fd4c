package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"
)

func TestImportCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "library.db")
	ctx := context.Background()
	// Categories and item types come from the kiosk's first run (demo) or
	// the library's set-up; an empty library has none, so types are refused.
	cat := filepath.Join(dir, "catalog.csv")
	os.WriteFile(cat, []byte("barcode,title,item_type\nX1,Buku,buku\nX2,,buku\n"), 0o600)
	var out bytes.Buffer
	err := run(ctx, []string{"-db", db, "import", "catalog", cat}, &out)
	if err == nil || !strings.Contains(out.String(), "line 3: title is empty") || !strings.Contains(out.String(), "line 2: item_type") {
		t.Fatalf("err %v, output:\n%s", err, out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"-db", db, "import", "catalog", "-n", cat}, &out); err != nil || !strings.Contains(out.String(), "nothing imported") {
		t.Fatalf("dry run: %v\n%s", err, out.String())
	}
	if err := run(ctx, []string{"-db", db, "import", "things", cat}, &out); err == nil {
		t.Fatal("import things accepted")
	}
	if err := run(ctx, []string{"frobnicate"}, &out); err == nil {
		t.Fatal("unknown command accepted")
	}
}

func TestScanEcho(t *testing.T) {
	master, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer master.Close()
	name := tty.Name()
	tty.Close()
	ctx, cancel := context.WithCancel(context.Background())
	var out syncBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"scan-echo", name}, &out) }()
	defer func() { cancel(); <-done }()
	logOnFailure(t, "scan-echo", &out)
	waitFor(t, 5*time.Second, "scan-echo to open the port", func() bool { return strings.Contains(out.String(), "connected") })
	master.Write([]byte("]C030001000000010\r"))
	waitFor(t, 5*time.Second, "scan-echo to print the scan", func() bool { return strings.Contains(out.String(), "30001000000010") })
	if !strings.Contains(out.String(), "code128    30001000000010") {
		t.Fatalf("output:\n%s", out.String())
	}
}

// TestHelpExitsZero: asking any command for help is not a failure.
func TestHelpExitsZero(t *testing.T) {
	for _, args := range [][]string{{"-h"}, {"sip2", "test", "-h"}, {"sip2", "serve", "-help"}} {
		if code := exitCode(run(context.Background(), args, io.Discard)); code != 0 {
			t.Errorf("kioskctl %v exits %d", args, code)
		}
	}
	if code := exitCode(run(context.Background(), nil, io.Discard)); code != 2 {
		t.Errorf("kioskctl with nothing to do exits %d", code)
	}
}
