package ui

import (
	"context"
	"strconv"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/anjungan/anjungan/assets"
	"github.com/anjungan/anjungan/kiosk/session"
)

// TestRendersCoalesce: views published faster than the window draws
// (a flood of scans) are not queued: one render is waiting at a time,
// and it draws the latest view.
func TestRendersCoalesce(t *testing.T) {
	a := test.NewTempApp(t)
	var queued []func()
	s := session.New(session.DefaultConfig(), library(), assets.Catalog())
	u := New(context.Background(), a, s, assets.Catalog(), "Uji", fyne.NewStaticResource("icon.png", assets.Icon),
		func(f func()) { queued = append(queued, f) })
	u.Enqueue = func(f func()) { f() }
	s.Start(session.IntentReturn)
	for i := range 2000 {
		s.Submit(context.Background(), "3000100000"+strconv.Itoa(1000+i))
	}
	if len(queued) != 1 {
		t.Fatalf("%d renders queued for 2,001 changes", len(queued))
	}
	queued[0]()
	if u.view.Screen != session.ScreenReturn || len(u.view.Lines) != len(s.View().Lines) {
		t.Fatalf("drew screen %s with %d lines; the session has %d", u.view.Screen, len(u.view.Lines), len(s.View().Lines))
	}
	s.Cancel()
	if len(queued) != 2 {
		t.Fatalf("a change after the render was not scheduled (%d queued)", len(queued))
	}
}

// TestKeysAfterTappingACheckbox: a tapped loan checkbox takes the focus;
// a keyboard-wedge scan or a typed PIN afterwards must still reach the
// kiosk, not the checkbox.
func TestKeysAfterTappingACheckbox(t *testing.T) {
	u, s, _ := newUI(t)
	login(t, u, "Akun saya")
	var check *widget.Check
	walk(u.Window.Content(), func(o fyne.CanvasObject) {
		if c, ok := o.(*widget.Check); ok {
			check = c
		}
	})
	test.Tap(check)
	if !s.View().Account.Loans[0].Selected {
		t.Fatal("the tap did not select the loan")
	}
	if f := u.Window.Canvas().Focused(); f != nil {
		t.Fatalf("focus stays on %T", f)
	}
	// The next patron scans a card on a keyboard wedge: it must reach the
	// session as a scan (it ends this visit and asks for their PIN).
	tap(t, u, "Selesai")
	tap(t, u, "Tutup")
	tap(t, u, "Pinjam")
	test.TypeOnCanvas(u.Window.Canvas(), "20001000000012")
	u.Window.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if v := s.View(); v.Screen != session.ScreenPIN {
		t.Fatalf("typed card went nowhere: screen %s, message %q", v.Screen, v.Message.Key)
	}
	test.TypeOnCanvas(u.Window.Canvas(), "1234")
	if n := s.View().PINLength; n != 4 {
		t.Fatalf("typed PIN: %d digits reached the session", n)
	}
}

// TestNoAnimationLeftRunning: the busy state is a word, not an
// animation (an infinite progress bar keeps animating for a minute after
// it is gone from the screen, at half a core on a kiosk PC).
func TestNoAnimationLeftRunning(t *testing.T) {
	u, _, _ := newUI(t)
	v := u.view
	v.Busy = true
	u.Render(v)
	shows(t, u, "Mohon tunggu…")
	walk(u.Window.Content(), func(o fyne.CanvasObject) {
		if _, ok := o.(*widget.ProgressBarInfinite); ok {
			t.Fatal("an infinite progress bar is on screen")
		}
		if _, ok := o.(*widget.Activity); ok {
			t.Fatal("an activity spinner is on screen")
		}
	})
}
