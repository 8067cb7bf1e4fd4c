package machine

import (
	"testing"
	"time"

	"github.com/anjungan/anjungan/kiosk"
)

var t0 = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

type msg struct {
	after   time.Duration // since t0
	topic   string
	payload string
}

type want struct {
	state    kiosk.MachineStatus
	progress float64
	finish   time.Time
	errText  string
}

func check(t *testing.T, tr *Tracker, w want) {
	t.Helper()
	s := tr.State()
	if s.State != w.state || (w.progress > 0 && (s.Progress < w.progress-0.001 || s.Progress > w.progress+0.001)) ||
		(!w.finish.IsZero() && !s.Finish.Equal(w.finish)) || (w.errText != "" && s.Error != w.errText) {
		t.Fatalf("state %+v, want %+v", s, w)
	}
}

func TestOctoPrint(t *testing.T) {
	tr := NewTracker("printer-1", "octoprint", t0)
	steps := []struct {
		m msg
		w want
	}{
		{msg{0, "octoPrint/mqtt", "connected"}, want{state: kiosk.MachineIdle}},
		{msg{0, "octoPrint/event/PrintStarted", `{"_event":"PrintStarted","name":"vas.gcode","_timestamp":1}`}, want{state: kiosk.MachineBusy}},
		{msg{30 * time.Minute, "octoPrint/progress/printing", `{"location":"local","path":"vas.gcode","progress":25,"_timestamp":2}`},
			want{state: kiosk.MachineBusy, progress: 0.25, finish: t0.Add(2 * time.Hour)}},
		{msg{31 * time.Minute, "octoPrint/temperature/tool0", `{"actual":210.1,"target":210}`}, want{state: kiosk.MachineBusy, progress: 0.25}},
		{msg{32 * time.Minute, "octoPrint/event/PrintPaused", `{"_event":"PrintPaused"}`}, want{state: kiosk.MachinePaused, progress: 0.25}},
		{msg{33 * time.Minute, "octoPrint/event/PrintResumed", `{"_event":"PrintResumed"}`}, want{state: kiosk.MachineBusy, progress: 0.25}},
		{msg{40 * time.Minute, "octoPrint/event/PrintFailed", `{"_event":"PrintFailed","error":"Thermal runaway"}`}, want{state: kiosk.MachineError, errText: "Thermal runaway"}},
		{msg{50 * time.Minute, "octoPrint/event/PrintStarted", `{"_event":"PrintStarted"}`}, want{state: kiosk.MachineBusy}},
		{msg{60 * time.Minute, "octoPrint/event/PrintDone", `{"_event":"PrintDone"}`}, want{state: kiosk.MachineIdle}},
		{msg{61 * time.Minute, "octoPrint/mqtt", "disconnected"}, want{state: kiosk.MachineOffline}},
	}
	for i, st := range steps {
		if err := tr.OctoPrint("octoPrint", st.m.topic, []byte(st.m.payload), t0.Add(st.m.after)); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		check(t, tr, st.w)
	}
	for _, bad := range []msg{{0, "octoPrint/progress/printing", `{"progress":250}`}, {0, "octoPrint/progress/printing", `{`},
		{0, "octoPrint/mqtt", "maybe"}, {0, "other/event/X", `{}`}, {0, "octoPrint/event/PrintDone", `nope`}, {0, "octoPrint/unknown", `{}`}} {
		before := tr.State()
		if err := tr.OctoPrint("octoPrint", bad.topic, []byte(bad.payload), t0); err == nil {
			t.Errorf("%s %q accepted", bad.topic, bad.payload)
		}
		if tr.State() != before {
			t.Errorf("%s %q changed the state", bad.topic, bad.payload)
		}
	}
}

func TestMoonraker(t *testing.T) {
	tr := NewTracker("printer-2", "moonraker", t0)
	steps := []struct {
		m msg
		w want
	}{
		{msg{0, "voron/moonraker/status", `{"server":"online"}`}, want{state: kiosk.MachineIdle}},
		{msg{0, "voron/klipper/status", `{"eventtime":1.5,"status":{"print_stats":{"state":"printing","print_duration":3600},"virtual_sdcard":{"progress":0.5}}}`},
			want{state: kiosk.MachineBusy, progress: 0.5, finish: t0.Add(time.Hour)}},
		{msg{time.Minute, "voron/klipper/status", `{"status":{"virtual_sdcard":{"progress":0.52}}}`}, want{state: kiosk.MachineBusy, progress: 0.52}},
		{msg{2 * time.Minute, "voron/klipper/status", `{"status":{"print_stats":{"state":"paused"}}}`}, want{state: kiosk.MachinePaused, progress: 0.52}},
		{msg{3 * time.Minute, "voron/klipper/status", `{"status":{"print_stats":{"state":"error","message":"MCU 'mcu' shutdown"}}}`}, want{state: kiosk.MachineError, errText: "MCU 'mcu' shutdown"}},
		{msg{4 * time.Minute, "voron/klipper/status", `{"status":{"print_stats":{"state":"standby"}}}`}, want{state: kiosk.MachineIdle}},
		{msg{5 * time.Minute, "voron/moonraker/status", `{"server":"offline"}`}, want{state: kiosk.MachineOffline}},
	}
	for i, st := range steps {
		if err := tr.Moonraker("voron", st.m.topic, []byte(st.m.payload), t0.Add(st.m.after)); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		check(t, tr, st.w)
	}
	for _, bad := range []msg{{0, "voron/klipper/status", `{"status":{"print_stats":{"state":"exploding"}}}`}, {0, "voron/moonraker/status", `{"server":1}`},
		{0, "voron/klipper/status", `[`}, {0, "other/klipper/status", `{}`}} {
		if err := tr.Moonraker("voron", bad.topic, []byte(bad.payload), t0); err == nil {
			t.Errorf("%s %q accepted", bad.topic, bad.payload)
		}
	}
}

func TestBambu(t *testing.T) {
	tr := NewTracker("printer-3", "bambu", t0)
	topic := "device/01S00A123/report"
	steps := []struct {
		m msg
		w want
	}{
		{msg{0, topic, `{"print":{"gcode_state":"IDLE","mc_percent":0,"command":"push_status"}}`}, want{state: kiosk.MachineIdle}},
		{msg{0, topic, `{"print":{"gcode_state":"RUNNING","mc_percent":40,"mc_remaining_time":90}}`}, want{state: kiosk.MachineBusy, progress: 0.4, finish: t0.Add(90 * time.Minute)}},
		{msg{time.Minute, topic, `{"print":{"mc_percent":41}}`}, want{state: kiosk.MachineBusy, progress: 0.41}},
		{msg{2 * time.Minute, topic, `{"system":{"command":"ledctrl"}}`}, want{state: kiosk.MachineBusy, progress: 0.41}},
		{msg{3 * time.Minute, topic, `{"print":{"gcode_state":"PAUSE"}}`}, want{state: kiosk.MachinePaused}},
		{msg{4 * time.Minute, topic, `{"print":{"gcode_state":"RUNNING","print_error":117473291}}`}, want{state: kiosk.MachineError, errText: "print error 0700800B"}},
		{msg{5 * time.Minute, topic, `{"print":{"gcode_state":"FINISH","print_error":0}}`}, want{state: kiosk.MachineIdle}},
	}
	for i, st := range steps {
		if err := tr.Bambu("01S00A123", st.m.topic, []byte(st.m.payload), t0.Add(st.m.after)); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		check(t, tr, st.w)
	}
	for _, bad := range []msg{{0, topic, `{"print":{"gcode_state":"DANCING"}}`}, {0, topic, `{"print":`}, {0, "device/OTHER/report", `{}`},
		{0, topic, `{"print":{"gcode_state":"RUNNING","mc_percent":140}}`}} {
		if err := tr.Bambu("01S00A123", bad.topic, []byte(bad.payload), t0); err == nil {
			t.Errorf("%s %q accepted", bad.topic, bad.payload)
		}
	}
}

func TestMarlin(t *testing.T) {
	tr := NewTracker("printer-4", "marlin", t0)
	steps := []struct {
		line string
		w    want
	}{
		{"FIRMWARE_NAME:Marlin bugfix-2.1.x (Nov 2026) SOURCE_CODE_URL:github.com/MarlinFirmware/Marlin PROTOCOL_VERSION:1.0 MACHINE_TYPE:Ender-3", want{state: kiosk.MachineIdle}},
		{"ok T:210.1 /210.0 B:60.0 /60.0 @:64 B@:0", want{state: kiosk.MachineIdle}},
		{"SD printing byte 2500/10000", want{state: kiosk.MachineBusy, progress: 0.25}},
		{"Not SD printing", want{state: kiosk.MachineIdle}},
		{"Error:Printer halted. kill() called!", want{state: kiosk.MachineError, errText: "Printer halted. kill() called!"}},
	}
	for i, st := range steps {
		if err := tr.Marlin(st.line, t0); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		check(t, tr, st.w)
	}
	for _, bad := range []string{"SD printing byte 5/0", "SD printing byte x/10", "SD printing byte 11/10", "\x00\x01garbage"} {
		if err := tr.Marlin(bad, t0); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// FuzzParsers: any topic and payload, to any parser: an error or a valid
// state, never a panic.
func FuzzParsers(f *testing.F) {
	f.Add("octoPrint/progress/printing", []byte(`{"progress":25}`))
	f.Add("voron/klipper/status", []byte(`{"status":{"print_stats":{"state":"printing","print_duration":1},"virtual_sdcard":{"progress":0.5}}}`))
	f.Add("device/S/report", []byte(`{"print":{"gcode_state":"RUNNING","mc_percent":40,"mc_remaining_time":90}}`))
	f.Add("", []byte("SD printing byte 1/2"))
	f.Fuzz(func(t *testing.T, topic string, payload []byte) {
		for _, tr := range []*Tracker{NewTracker("a", "x", t0)} {
			tr.OctoPrint("octoPrint", topic, payload, t0)
			tr.Moonraker("voron", topic, payload, t0)
			tr.Bambu("S", topic, payload, t0)
			tr.Marlin(string(payload), t0)
			s := tr.State()
			if s.Progress < 0 || s.Progress > 1 {
				t.Fatalf("progress %v", s.Progress)
			}
			switch s.State {
			case kiosk.MachineIdle, kiosk.MachineBusy, kiosk.MachinePaused, kiosk.MachineError, kiosk.MachineOffline:
			default:
				t.Fatalf("state %q", s.State)
			}
		}
	})
}
