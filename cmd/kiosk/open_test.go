package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOpenErrorsNameThePath: whatever stops the kiosk at start-up on the
// file system says which folder or file it was.
func TestOpenErrorsNameThePath(t *testing.T) {
	tmp := t.TempDir()
	file := filepath.Join(tmp, "a-file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(tmp, "missing")
	tests := []struct {
		name      string
		configure func(*testing.T, *Main) string // returns the path the error must name
	}{
		{"data folder under a file", func(t *testing.T, m *Main) string {
			m.Config.Kiosk.DataDir = filepath.Join(file, "data")
			return m.Config.Kiosk.DataDir
		}},
		{"data folder is a file", func(t *testing.T, m *Main) string {
			m.Config.Kiosk.DataDir = file
			return file
		}},
		{"library in a missing folder", func(t *testing.T, m *Main) string {
			m.Config.Library.Database = filepath.Join(missing, "library.db")
			return m.Config.Library.Database
		}},
		{"makerspace in a missing folder", func(t *testing.T, m *Main) string {
			m.Config.Makerspace.Enabled = true
			m.Config.Makerspace.Database = filepath.Join(missing, "makerspace.db")
			return m.Config.Makerspace.Database
		}},
		{"offline queue in a missing folder", func(t *testing.T, m *Main) string {
			m.Config.Library.Backend = "sip2"
			m.Config.SIP2.Address = "127.0.0.1:1"
			m.Config.Offline.Checkout = true
			m.Config.Offline.Database = filepath.Join(missing, "offline.db")
			return m.Config.Offline.Database
		}},
		{"read-only data folder", func(t *testing.T, m *Main) string {
			if os.Geteuid() == 0 {
				t.Skip("root writes into read-only folders")
			}
			dir := filepath.Join(tmp, "read-only")
			os.Mkdir(dir, 0o500)
			t.Cleanup(func() { os.Chmod(dir, 0o700) })
			m.Config.Kiosk.DataDir = dir
			return dir
		}},
		{"read-only data folder with a lock file", func(t *testing.T, m *Main) string {
			if os.Geteuid() == 0 {
				t.Skip("root writes into read-only folders")
			}
			dir := filepath.Join(tmp, "read-only-locked")
			os.Mkdir(dir, 0o700)
			os.WriteFile(filepath.Join(dir, lockName), nil, 0o600)
			os.Chmod(dir, 0o500)
			t.Cleanup(func() { os.Chmod(dir, 0o700) })
			m.Config.Kiosk.DataDir = dir
			return dir
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newTestMain(t, t.TempDir())
			path := tt.configure(t, m)
			if err := m.Config.Validate(); err != nil {
				t.Fatal(err)
			}
			err := m.Open(context.Background())
			if err == nil {
				m.Close()
				t.Fatal("opened")
			}
			if !strings.Contains(err.Error(), path) {
				t.Fatalf("error %q does not name %s", err, path)
			}
			t.Log(err)
		})
	}
}
