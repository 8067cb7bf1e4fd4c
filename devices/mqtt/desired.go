package mqtt

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/anjungan/anjungan/kiosk"
)

// DesiredFile keeps the desired state in force at a kiosk in a file of its
// data folder (desired.json): the Guard refuses an older one after a
// restart too, and the kiosk comes up in that state before the broker is
// reached.
type DesiredFile struct{ Path string }

var _ kiosk.DesiredStore = DesiredFile{}

// LoadDesired reads the file; no file is no desired state yet.
func (f DesiredFile) LoadDesired() (kiosk.Desired, bool, error) {
	b, err := os.ReadFile(f.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return kiosk.Desired{}, false, nil
	}
	if err != nil {
		return kiosk.Desired{}, false, err
	}
	var d kiosk.Desired
	if err := json.Unmarshal(b, &d); err != nil {
		return kiosk.Desired{}, false, fmt.Errorf("%s: %w", f.Path, err)
	}
	return d, true, nil
}

// SaveDesired replaces the file, whole or not at all, and syncs it: the
// version must survive a power cut.
func (f DesiredFile) SaveDesired(d kiosk.Desired) error {
	b, err := json.Marshal(d)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(f.Path), ".desired-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), f.Path); err != nil {
		return err
	}
	if dir, err := os.Open(filepath.Dir(f.Path)); err == nil {
		dir.Sync()
		dir.Close()
	}
	return nil
}
