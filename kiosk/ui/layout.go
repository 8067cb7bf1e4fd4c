package ui

import (
	"image/color"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/anjungan/anjungan/kiosk/session"
)

// Screens fit by construction: a screen is a page — a body that scrolls
// vertically in its own area, an optional side panel (a keypad) that
// scrolls on its own, and footer buttons that always stay on screen —
// under the header. What each part may take is worked out from the
// display's size (metrics), so nothing is ever wider than the display and
// only the body grows with its content. A window whose content asked for
// more than the display would grow past the screen, and every tap would
// land beside the button it was aimed at.

// minTouch is the smallest touch target, in either direction.
const minTouch = 48

// metrics are the sizes a render works with, from the display's size and
// the patron's text size.
type metrics struct {
	size   fyne.Size // the canvas: the whole display when full screen
	large  bool
	short  bool    // a short display: smaller logo, keys and buttons
	button float32 // height of a footer or home button
	key    fyne.Size
	logo   float32 // the home screen's logo; 0 hides it
}

// defaultSize is the display size assumed before the window has one.
var defaultSize = fyne.NewSize(1280, 800)

func metricsFor(size fyne.Size, large bool) metrics {
	if size.Width < 1 || size.Height < 1 {
		size = defaultSize
	}
	m := metrics{size: size, large: large, button: 96, key: fyne.NewSize(88, 72), logo: 160}
	m.short = size.Height < 700
	if m.short {
		m.button, m.key, m.logo = 64, fyne.NewSize(80, 56), 72
	}
	if size.Height < 520 {
		m.button, m.key, m.logo = 56, fyne.NewSize(72, 52), 0
	}
	if large {
		m.logo = 0
		if m.short {
			m.button = 56 // the text is as large; the keys and answers need the height
		}
	}
	return m
}

// displaySize is what the window's content may ask for: the canvas as
// it is now, or next to nothing before the window has a size.
func (u *UI) displaySize() fyne.Size {
	if s := u.Window.Canvas().Size(); s.Width >= 1 && s.Height >= 1 {
		return s
	}
	return fyne.NewSize(1, 1)
}

// pad is the theme's padding now.
func pad() float32 { return theme.Padding() }

// page is one screen's parts.
type page struct {
	body   fyne.CanvasObject   // scrolls vertically
	side   fyne.CanvasObject   // beside the body on the right (a keypad), scrolls on its own
	footer []fyne.CanvasObject // action buttons, always on screen
	// centred: the body is a column centred on the display (short
	// screens such as the thank-you screen) instead of filling the width.
	centred bool
	// top is laid out above the body and does not scroll.
	top fyne.CanvasObject
}

// layout puts a page together under the header.
func (u *UI) layout(header fyne.CanvasObject, p page) fyne.CanvasObject {
	var body fyne.CanvasObject = container.NewStack()
	if p.body != nil {
		body = p.body
	}
	bodyWidth := u.fullWidth()
	if p.side != nil {
		if w := u.sideBodyWidth(p.side); w < bodyWidth {
			bodyWidth = w
		} else {
			// No room beside the body (large text on a small display): the
			// side panel goes under it, in the same scrolling area.
			body, p.side = container.NewVBox(body, container.NewCenter(p.side)), nil
		}
	}
	if p.centred {
		body = newColumn(body, fyne.Min(bodyWidth, maxColumn), true)
	} else {
		body = newColumn(body, bodyWidth, false)
	}
	scroll := container.NewVScroll(body)
	if u.bodyScroll != nil && u.scrolledScreen == scrollKey(u.view) {
		// The same screen drawn again (a renewal's answer, a line added):
		// the patron stays where they had scrolled to.
		scroll.Offset = u.bodyScroll.Offset
	}
	u.bodyScroll, u.scrolledScreen = scroll, scrollKey(u.view)
	middle := fyne.CanvasObject(scroll)
	if p.top != nil {
		middle = container.NewBorder(p.top, nil, nil, nil, middle)
	}
	if p.side != nil {
		middle = container.NewBorder(nil, nil, nil, container.NewVScroll(container.NewPadded(p.side)), middle)
	}
	var foot fyne.CanvasObject
	if len(p.footer) > 0 {
		foot = u.footer(p.footer...)
	}
	return container.NewBorder(header, foot, nil, nil, middle)
}

// scrollKey names what a screen shows, for keeping its scroll position
// when it is drawn again: a step of the guest form or of the survey is
// a page of its own, which starts at its top (a patron's finding: after
// Next the new step showed where the last had been scrolled to).
func scrollKey(v session.View) string {
	k := string(v.Screen)
	switch {
	case v.Guest != nil:
		k += "/" + strconv.Itoa(v.Guest.Step)
	case v.Survey != nil:
		k += "/" + strconv.Itoa(int(v.Survey.Step)) + "/" + strconv.Itoa(v.Survey.Element)
	}
	return k
}

// footer lays a screen's action buttons out in as many columns as fit.
func (u *UI) footer(objs ...fyne.CanvasObject) fyne.CanvasObject {
	return container.NewVBox(widget.NewSeparator(), container.NewPadded(u.grid(len(objs), u.fullWidth(), objs...)))
}

// sideBodyWidth is the width of a page's body beside side, or the full
// width when side does not leave it room (then side goes under it).
func (u *UI) sideBodyWidth(side fyne.CanvasObject) float32 {
	full := u.fullWidth()
	if w := full - side.MinSize().Width - 4*pad(); w >= 0.27*full {
		return w
	}
	return full
}

// maxColumn is the widest a centred page's column grows.
const maxColumn = 960

// fullWidth is the width of a page's body that fills the display.
func (u *UI) fullWidth() float32 { return u.m.size.Width - 4*pad() }

// columnWidth is the width of a centred page's column.
func (u *UI) columnWidth() float32 { return fyne.Min(u.fullWidth(), maxColumn) }

// grid puts objs in at most cols columns, fewer when they would not fit
// in avail.
func (u *UI) grid(cols int, avail float32, objs ...fyne.CanvasObject) *fyne.Container {
	widest := float32(0)
	for _, o := range objs {
		widest = fyne.Max(widest, o.MinSize().Width)
	}
	for cols > 1 && float32(cols)*(widest+pad()) > avail {
		cols--
	}
	if cols < 1 {
		cols = 1
	}
	return container.NewGridWithColumns(cols, objs...)
}

// column lays its one object out at a width of its own, so wrapping text
// wraps at words and the height it asks for is the height it needs at
// that width. A wrapping label given only its minimum width (as a centred
// container gives it) wraps one letter per line.
type column struct {
	widget.BaseWidget
	obj    fyne.CanvasObject
	width  float32
	centre bool // centred vertically when shorter than the space
}

func newColumn(obj fyne.CanvasObject, width float32, centre bool) *column {
	c := &column{obj: obj, width: fyne.Max(width, 1), centre: centre}
	c.ExtendBaseWidget(c)
	return c
}

func (c *column) CreateRenderer() fyne.WidgetRenderer {
	return &columnRenderer{c: c}
}

type columnRenderer struct{ c *column }

// fit lays the object out at width w and returns the height it needs.
func (r *columnRenderer) fit(w float32) float32 {
	o := r.c.obj
	if o.Size().Width != w {
		o.Resize(fyne.NewSize(w, o.MinSize().Height))
	}
	return o.MinSize().Height
}

func (r *columnRenderer) MinSize() fyne.Size {
	w := r.c.width
	h := r.fit(w)
	return fyne.NewSize(fyne.Max(w, r.c.obj.MinSize().Width), h)
}

func (r *columnRenderer) Layout(size fyne.Size) {
	w := fyne.Max(fyne.Min(size.Width, r.c.width), r.c.obj.MinSize().Width)
	h := r.fit(w)
	y := float32(0)
	if r.c.centre && h < size.Height {
		y = (size.Height - h) / 2
	} else {
		h = fyne.Max(h, size.Height)
	}
	r.c.obj.Resize(fyne.NewSize(w, h))
	r.c.obj.Move(fyne.NewPos((size.Width-w)/2, y))
}

// Refresh redraws the column: canvas.Refresh on the widget itself, which
// the window knows (a new object inside it is not known to the window
// until it is drawn, so refreshing only that would draw nothing).
func (r *columnRenderer) Refresh() { r.c.obj.Refresh(); canvas.Refresh(r.c) }

func (r *columnRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.c.obj} }
func (r *columnRenderer) Destroy()                     {}

// minHeight gives an object a touch-friendly size: at least h high and
// minTouch wide.
func minHeight(o fyne.CanvasObject, h float32) fyne.CanvasObject {
	spacer := canvas.NewRectangle(color.Transparent)
	spacer.SetMinSize(fyne.NewSize(minTouch, fyne.Max(h, minTouch)))
	return container.NewStack(spacer, o)
}

// sizeWatch is the window's content: it holds the current screen, tells
// the UI when the display size changes (so the screen is drawn again for
// the new size), and never asks for more than the display: a window asked
// for more grows past the screen (or, full screen, draws its content
// shifted, so taps land beside the buttons). The fit test checks that the
// screens fit; the bound is the guarantee for what a test did not walk.
//
// The bound is the canvas as it is when asked, not the size the screen
// was drawn for: a screen drawn before the window knew its display (drawn
// for 1280x800, shown on 800x480) must not grow the window to its own
// size; it is drawn again for the real size at once.
type sizeWatch struct {
	widget.BaseWidget
	obj      fyne.CanvasObject
	onResize func(fyne.Size)
	bound    func() fyne.Size
}

func newSizeWatch(onResize func(fyne.Size), bound func() fyne.Size) *sizeWatch {
	w := &sizeWatch{obj: container.NewStack(), onResize: onResize, bound: bound}
	w.ExtendBaseWidget(w)
	return w
}

// set replaces the screen.
func (w *sizeWatch) set(obj fyne.CanvasObject) {
	w.obj = obj
	w.Refresh()
}

func (w *sizeWatch) CreateRenderer() fyne.WidgetRenderer { return &sizeWatchRenderer{w: w} }

type sizeWatchRenderer struct{ w *sizeWatch }

func (r *sizeWatchRenderer) MinSize() fyne.Size { return r.w.obj.MinSize().Min(r.w.bound()) }

func (r *sizeWatchRenderer) Layout(size fyne.Size) {
	r.w.obj.Resize(size)
	r.w.onResize(size)
}

// Refresh lays the new screen out and has the window redraw: the window
// knows the sizeWatch, not yet the screen just put in it, so the redraw
// is asked for the sizeWatch (refreshing only the new screen drew
// nothing until something else made the window repaint).
func (r *sizeWatchRenderer) Refresh() {
	r.w.obj.Resize(r.w.Size())
	r.w.obj.Refresh()
	canvas.Refresh(r.w)
}

func (r *sizeWatchRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.w.obj} }
func (r *sizeWatchRenderer) Destroy()                     {}

// tapArea makes what it holds (a label beside a checkbox) answer taps.
type tapArea struct {
	widget.BaseWidget
	obj    fyne.CanvasObject
	tapped func()
}

func newTapArea(obj fyne.CanvasObject, tapped func()) *tapArea {
	t := &tapArea{obj: obj, tapped: tapped}
	t.ExtendBaseWidget(t)
	return t
}

// Tapped runs the area's action.
func (t *tapArea) Tapped(*fyne.PointEvent) { t.tapped() }

func (t *tapArea) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(t.obj) }
