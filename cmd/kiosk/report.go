package main

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"path/filepath"
	"runtime/debug"
	"sync"
	"time"

	"github.com/anjungan/anjungan/devices/mqtt"
	"github.com/anjungan/anjungan/kiosk"
)

// ExitRestart is the exit status that asks the service manager to start
// the kiosk again (systemd: Restart=always, or RestartForceExitStatus=75).
const ExitRestart = 75

// version is the kiosk's version from the build information.
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

// newReporter builds the MQTT reporter from the configuration, or nil
// when no broker is configured.
func (m *Main) newReporter(now func() time.Time) (*mqtt.Reporter, error) {
	q := m.Config.MQTT
	if q.Broker == "" {
		return nil, nil
	}
	var keys []ed25519.PublicKey
	for _, k := range q.StaffKeys {
		pk, err := kiosk.ParsePublicKey(k)
		if err != nil {
			return nil, err
		}
		keys = append(keys, pk)
	}
	r := &mqtt.Reporter{
		Broker:    q.broker(m.Config.Kiosk.ID),
		Topics:    mqtt.Topics{Site: m.Config.Kiosk.Site, Kiosk: m.Config.Kiosk.ID},
		Status:    m.status,
		Every:     q.StateEvery.Duration,
		Discovery: q.HomeAssistant,
		Now:       now,
		Logger:    m.Logger.With("component", "mqtt"),
		OnCommand: m.command,
		OnDesired: func(d kiosk.Desired) { m.Session.SetMode(d.Mode, d.Message) },
	}
	if len(keys) > 0 {
		dir, err := m.Config.dataDir()
		if err != nil {
			return nil, err
		}
		// The desired state in force, kept in the data folder: an older
		// one is refused after a restart too, and the kiosk starts in it.
		r.Guard = &kiosk.Guard{Kiosk: m.Config.Kiosk.ID, Keys: keys, Started: m.started,
			Store: mqtt.DesiredFile{Path: filepath.Join(dir, "desired.json")}}
	}
	return r, nil
}

// status is what the kiosk reports: never patron data.
func (m *Main) status() kiosk.Status {
	mode, msg := m.Session.Mode()
	st := kiosk.Status{Version: version(), Started: m.started.UTC(), Mode: mode, Message: msg, Counters: m.Session.Counters(),
		Devices: []kiosk.DeviceStatus{}}
	for _, r := range m.Readers {
		st.Devices = append(st.Devices, kiosk.StatusOf(r.State()))
	}
	if m.Camera != nil {
		st.Devices = append(st.Devices, kiosk.StatusOf(m.Camera.State()))
	}
	if m.SIP2 != nil {
		l := m.SIP2.Link()
		st.Link = &l
	}
	if m.SLiMS != nil {
		l := m.SLiMS.Link()
		st.Link = &l
	}
	if p, ok := m.printerStatus(); ok {
		st.Devices = append(st.Devices, p)
	}
	st.Machines = m.machineStatus(m.now())
	return st
}

// command carries out a verified staff command.
func (m *Main) command(_ context.Context, c kiosk.Command) (string, error) {
	switch c.Action {
	case kiosk.ActionOutOfService:
		m.Session.SetMode(kiosk.ModeOutOfService, c.Message)
		return "out of service", nil
	case kiosk.ActionInService:
		m.Session.SetMode(kiosk.ModeInService, "")
		return "in service", nil
	case kiosk.ActionMessage:
		m.Session.SetNotice(c.Message)
		if c.Message == "" {
			return "notice removed", nil
		}
		return "notice shown", nil
	case kiosk.ActionPing:
		return fmt.Sprintf("pong %s up %s", version(), time.Since(m.started).Round(time.Second)), nil
	case kiosk.ActionReload:
		if m.ConfigPath == "" {
			return "", errors.New("running on the built-in defaults: no configuration file to read")
		}
		if _, err := LoadConfig(m.ConfigPath); err != nil {
			return "", err // the kiosk goes on with the configuration it has
		}
		m.restartSoon()
		return "configuration valid: restarting with it", nil
	case kiosk.ActionRestart:
		m.restartSoon()
		return "restarting", nil
	}
	return "", fmt.Errorf("action %q not supported", c.Action)
}

// restartSoon ends the kiosk with ExitRestart a moment after the reply
// has gone out, unless Close comes first.
func (m *Main) restartSoon() {
	m.restartOnce.Do(func() {
		m.restart.mu.Lock()
		defer m.restart.mu.Unlock()
		if m.restart.off {
			return
		}
		done := make(chan struct{})
		m.restart.done = done
		m.restart.timer = time.AfterFunc(time.Second, func() {
			defer close(done)
			m.Logger.Info("restart requested by staff")
			m.ExitCode = ExitRestart
			if m.OnRestart != nil {
				m.OnRestart()
			}
		})
	})
}

// stopRestart cancels a restart not yet under way, or waits for the one
// under way; none is started after.
func (m *Main) stopRestart() {
	m.restart.mu.Lock()
	m.restart.off = true
	t, done := m.restart.timer, m.restart.done
	m.restart.mu.Unlock()
	if t != nil && !t.Stop() {
		<-done
	}
}

// restartTimer is a staff restart's timer, which Close stops.
type restartTimer struct {
	mu    sync.Mutex
	timer *time.Timer
	done  chan struct{} // closed once the timer's function has run
	off   bool          // Close has come
}
