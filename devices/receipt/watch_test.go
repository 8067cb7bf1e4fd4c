package receipt

import (
	"testing"

	"github.com/anjungan/anjungan/kiosk"
)

func TestStatusEvent(t *testing.T) {
	tests := []struct {
		name   string
		st     kiosk.DeviceStatus
		kind   string
		detail string // "" for no event
	}{
		{"fine", kiosk.DeviceStatus{Connected: true, Paper: PaperOK}, "", ""},
		{"paper unknown", kiosk.DeviceStatus{Connected: true}, "", ""},
		{"disconnected", kiosk.DeviceStatus{}, kiosk.EventDevice, "disconnected"},
		{"disconnected wins over stale paper", kiosk.DeviceStatus{Paper: PaperOut}, kiosk.EventDevice, "disconnected"},
		{"paper out", kiosk.DeviceStatus{Connected: true, Paper: PaperOut, CoverOpen: true}, kiosk.EventPaper, "paper out"},
		{"paper near end", kiosk.DeviceStatus{Connected: true, Paper: PaperNearEnd}, kiosk.EventPaper, "paper near_end"},
		{"cover open", kiosk.DeviceStatus{Connected: true, Paper: PaperOK, CoverOpen: true}, kiosk.EventDevice, "cover open"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.st.Name = "receipt"
			ev, ok := StatusEvent(tt.st)
			if ok != (tt.detail != "") || ev.Kind != tt.kind || ev.Detail != tt.detail {
				t.Fatalf("StatusEvent = %+v, %v; want %q %q", ev, ok, tt.kind, tt.detail)
			}
			if ok && ev.Device != "receipt" {
				t.Errorf("event names device %q", ev.Device)
			}
		})
	}
}

func TestStatusChanged(t *testing.T) {
	base := kiosk.DeviceStatus{Name: "receipt", Connected: true, Paper: PaperOK}
	if !StatusChanged(nil, base) {
		t.Error("the first status is not a change")
	}
	later := base
	later.LastError, later.Port = "slow answer", "/dev/other"
	if StatusChanged(&base, later) {
		t.Error("an error text or port alone is a change")
	}
	for _, f := range []func(*kiosk.DeviceStatus){
		func(s *kiosk.DeviceStatus) { s.Connected = false },
		func(s *kiosk.DeviceStatus) { s.Paper = PaperNearEnd },
		func(s *kiosk.DeviceStatus) { s.CoverOpen = true },
	} {
		st := base
		f(&st)
		if !StatusChanged(&base, st) {
			t.Errorf("%+v is not a change from %+v", st, base)
		}
	}
}
