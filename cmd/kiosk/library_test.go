package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/anjungan/anjungan/kiosk/sqlite"
)

// newTestMain returns a Main on the defaults (the demo on) with its data
// in dir, quiet and without the makerspace.
func newTestMain(t *testing.T, dir string) *Main {
	t.Helper()
	m := NewMain()
	m.Config.Kiosk.DataDir = dir
	m.Config.Log.Level = "warn"
	m.Config.Makerspace.Enabled = false
	if err := m.Config.Validate(); err != nil {
		t.Fatal(err)
	}
	return m
}

// patrons counts the patrons in the library file at path.
func patrons(t *testing.T, path string) int {
	t.Helper()
	db := sqlite.NewDB(path)
	if err := db.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM patrons`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestDemoOnlyInANewFile: the demo library, with its published PINs, is
// created in a new database file and never in an existing one, however
// empty: the kiosk refuses to start on it and says what to do.
func TestDemoOnlyInANewFile(t *testing.T) {
	ctx := context.Background()
	t.Run("new data folder", func(t *testing.T) {
		m := newTestMain(t, filepath.Join(t.TempDir(), "data"))
		if err := m.Open(ctx); err != nil {
			t.Fatal(err)
		}
		m.Close()
		if n := patrons(t, filepath.Join(m.Config.Kiosk.DataDir, "library.db")); n != len(sqlite.DemoPatrons) {
			t.Fatalf("%d patrons, want the demo's %d", n, len(sqlite.DemoPatrons))
		}
	})
	existing := map[string]func(t *testing.T, path string){
		"zero-length file": func(t *testing.T, path string) {
			if err := os.WriteFile(path, nil, 0o600); err != nil {
				t.Fatal(err)
			}
		},
		"schema only": func(t *testing.T, path string) {
			patrons(t, path) // opening it makes the tables
		},
	}
	for name, create := range existing {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "library.db")
			create(t, path)
			m := newTestMain(t, dir)
			err := m.Open(ctx)
			if err == nil {
				m.Close()
				t.Fatal("started on an existing empty library with the demo on")
			}
			for _, want := range []string{path, "delete", "kioskctl", "import"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not say %q", err, want)
				}
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q is more than one line", err)
			}
			if n := patrons(t, path); n != 0 {
				t.Fatalf("%d patrons seeded into an existing file", n)
			}
			// The data folder is free again for the next try.
			m = newTestMain(t, dir)
			m.Config.Library.Demo = false
			if err := m.Open(ctx); err != nil {
				t.Fatalf("demo off, existing empty library: %v", err)
			}
			m.Close()
			if n := patrons(t, path); n != 0 {
				t.Fatalf("%d patrons seeded with the demo off", n)
			}
		})
	}
}
