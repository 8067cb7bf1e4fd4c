package main

import (
	"context"
	"time"

	"github.com/anjungan/anjungan/devices/camera"
	"github.com/anjungan/anjungan/devices/receipt"
	"github.com/anjungan/anjungan/devices/scanner"
	"github.com/anjungan/anjungan/devices/vision"
	"github.com/anjungan/anjungan/kiosk"
)

// startDevices starts the makerspace machines' watchers, the receipt
// printer's status watch, the camera and the scanners, each feeding the
// session.
func (m *Main) startDevices(ctx context.Context, now func() time.Time) {
	cfg := &m.Config
	m.startMachines(ctx, now)
	if p, ok := m.Session.Printer.(*receipt.Printer); ok && m.Reporter != nil {
		m.goRun(ctx, func(ctx context.Context) error { return m.watchPrinter(ctx, p, 30*time.Second) })
	}
	if cfg.Camera.Device != "" {
		m.Camera = &camera.Reader{
			Name: "camera", Path: cfg.Camera.Device, Width: cfg.Camera.Width, Height: cfg.Camera.Height,
			Every: cfg.Camera.Every.Duration, Now: now, Logger: m.Logger.With("component", "camera"),
			Each:    vision.NewDecoder().Each,
			OnScan:  func(s kiosk.Scan) { m.Session.Scan(ctx, s) },
			OnState: m.deviceChanged,
		}
		m.goRun(ctx, m.Camera.Run)
	}
	scanners := newScannerSet(len(cfg.Scanners), m.Session.SetScannerDown)
	scanners.report = m.deviceChanged
	for _, sc := range cfg.Scanners {
		r := &scanner.Reader{
			Name: sc.Name, Port: sc.port(), IdleGap: sc.IdleGap.Duration,
			Decode: scanner.DecodeOptions{Mod10: sc.Mod10, KeepCodabarStartStop: sc.KeepCodabarStartStop},
			Now:    now, Logger: m.Logger.With("component", "scanner"),
			OnScan:  func(s kiosk.Scan) { m.Session.Scan(ctx, s) },
			OnState: scanners.update,
		}
		m.Readers = append(m.Readers, r)
		m.goRun(ctx, r.Run)
	}
}

// deviceChanged tells staff of a device plugged or unplugged.
func (m *Main) deviceChanged(st kiosk.DeviceState) {
	if m.Reporter == nil {
		return
	}
	detail := "connected"
	if !st.Connected {
		detail = "disconnected"
	}
	m.Reporter.Event(kiosk.Event{Kind: kiosk.EventDevice, Device: st.Name, Detail: detail})
	m.Reporter.Changed()
}
