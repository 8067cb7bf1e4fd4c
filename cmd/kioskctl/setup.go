package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/anjungan/anjungan/booking"
	"github.com/anjungan/anjungan/booking/setupfile"
	"github.com/anjungan/anjungan/booking/sqlstore"
)

// loadFile applies a setup (.toml) or certificates (.csv), all or nothing.
func loadFile(ctx context.Context, s *sqlstore.Store, path string, out io.Writer) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	var su booking.Setup
	switch strings.ToLower(filepath.Ext(path)) {
	case ".toml":
		su, err = setupfile.Parse(f, s.Location)
	case ".csv":
		su.Certifications, err = booking.ParseCertificates(f, s.Location)
	default:
		return fmt.Errorf("%s: want a .toml setup or a .csv of certificates", path)
	}
	if err != nil {
		return fmt.Errorf("%s: %w (nothing loaded)", path, err)
	}
	if err := s.Apply(ctx, su); err != nil {
		return fmt.Errorf("%s: %w (nothing loaded)", path, err)
	}
	fmt.Fprintf(out, "loaded %s: %d resources, %d quotas, %d closures, %d certificates\n", path,
		len(su.Resources), len(su.Quotas), len(su.Closures), len(su.Certifications))
	return nil
}
