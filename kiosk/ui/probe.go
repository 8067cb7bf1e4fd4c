package ui

import (
	"encoding/json"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// Probe is what the window shows, where: the screen, the canvas size and
// every button's text and rectangle on the display. Tests that drive the
// real kiosk binary with synthetic taps read it (WriteProbe) to tap
// buttons where they are drawn rather than where a test guessed. It
// holds no patron data beyond the first name already on screen.
type Probe struct {
	Screen  string        `json:"screen"`
	Message string        `json:"message"` // the message's key
	Patron  string        `json:"patron"`  // the greeted first name
	Lines   int           `json:"lines"`
	Renders int           `json:"renders"`
	Canvas  [2]float32    `json:"canvas"`
	Buttons []ProbeButton `json:"buttons"`
}

// ProbeButton is one button (or tappable label) on the display, in
// canvas coordinates.
type ProbeButton struct {
	Text     string     `json:"text"`
	Pos      [2]float32 `json:"pos"`
	Size     [2]float32 `json:"size"`
	Disabled bool       `json:"disabled,omitempty"`
	Popup    bool       `json:"popup,omitempty"`
	// Kind: "button" (drawn with a filled background), "flat" (a button
	// without one), "check", or "tap" (a label that answers taps).
	Kind string `json:"kind"`
	// Shown is the part of the button not scrolled out of view (x, y,
	// width, height); zero when it is all scrolled away.
	Shown [4]float32 `json:"shown"`
}

// Probe returns what the window shows now. Call it on the Fyne goroutine.
func (u *UI) Probe() Probe {
	c := u.Window.Canvas()
	p := Probe{Screen: string(u.view.Screen), Message: u.view.Message.Key, Patron: u.view.PatronName,
		Lines: len(u.view.Lines), Renders: u.renders, Canvas: [2]float32{c.Size().Width, c.Size().Height}}
	// Positions add up from the canvas down: each object's position is
	// relative to its parent (a scroll moves its content by the offset,
	// and hides what is outside it).
	type rect struct{ x0, y0, x1, y1 float32 }
	add := func(o fyne.CanvasObject, at fyne.Position, clip rect, kind, text string, disabled, popup bool) {
		b := ProbeButton{Text: text, Pos: [2]float32{at.X, at.Y}, Kind: kind,
			Size: [2]float32{o.Size().Width, o.Size().Height}, Disabled: disabled, Popup: popup}
		r := rect{fyne.Max(at.X, clip.x0), fyne.Max(at.Y, clip.y0),
			fyne.Min(at.X+o.Size().Width, clip.x1), fyne.Min(at.Y+o.Size().Height, clip.y1)}
		if r.x1 > r.x0 && r.y1 > r.y0 {
			b.Shown = [4]float32{r.x0, r.y0, r.x1 - r.x0, r.y1 - r.y0}
		}
		p.Buttons = append(p.Buttons, b)
	}
	var visit func(o fyne.CanvasObject, parent fyne.Position, clip rect, popup bool)
	visit = func(o fyne.CanvasObject, parent fyne.Position, clip rect, popup bool) {
		if !o.Visible() {
			return
		}
		at := parent.Add(o.Position())
		switch w := o.(type) {
		case *widget.Button:
			kind := "button"
			if w.Importance == widget.LowImportance {
				kind = "flat"
			}
			add(w, at, clip, kind, w.Text, w.Disabled(), popup)
		case *widget.Check:
			add(w, at, clip, "check", "☐"+w.Text, w.Disabled(), popup)
		case *tapArea:
			if l, ok := w.obj.(*widget.Label); ok {
				add(w, at, clip, "tap", l.Text, false, popup)
			}
		case *fyne.Container:
			for _, ch := range w.Objects {
				visit(ch, at, clip, popup)
			}
		case *container.Scroll:
			sz := w.Size()
			clip = rect{fyne.Max(clip.x0, at.X), fyne.Max(clip.y0, at.Y), fyne.Min(clip.x1, at.X+sz.Width), fyne.Min(clip.y1, at.Y+sz.Height)}
			visit(w.Content, at, clip, popup)
		case *sizeWatch:
			visit(w.obj, at, clip, popup)
		case *column:
			visit(w.obj, at, clip, popup)
		}
	}
	all := rect{0, 0, c.Size().Width, c.Size().Height}
	visit(u.Window.Content(), fyne.Position{}, all, false)
	for _, o := range c.Overlays().List() {
		if pop, ok := o.(*widget.PopUp); ok && pop.Visible() {
			visit(pop.Content, pop.Position(), all, true)
		}
	}
	return p
}

// WriteProbe writes Probe as JSON to path, atomically (a reader never
// sees half a file). Call it on the Fyne goroutine.
func (u *UI) WriteProbe(path string) error {
	b, err := json.Marshal(u.Probe())
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".probe-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}
