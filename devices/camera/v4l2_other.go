//go:build !(linux && (amd64 || arm64 || riscv64 || ppc64le || loong64))

package camera

import (
	"context"
	"fmt"
)

// Device is unavailable on this platform.
type Device struct{}

// Open reports ErrUnsupported.
func Open(path string, width, height int) (*Device, error) {
	return nil, fmt.Errorf("camera: %s: %w", path, ErrUnsupported)
}

// Next reports ErrUnsupported.
func (*Device) Next(context.Context) (Frame, error) { return Frame{}, ErrUnsupported }

// Close does nothing.
func (*Device) Close() error { return nil }
