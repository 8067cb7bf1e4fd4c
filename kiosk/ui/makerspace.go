package ui

import (
	"context"
	"image"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/anjungan/anjungan/booking"
	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/session"
)

// makerspaceScreen lists the equipment with its state now.
func (u *UI) makerspaceScreen() page {
	body := container.NewVBox(title(u.T("makerspace.title")), hint(u.T("makerspace.hint")), u.banner())
	if m := u.view.Makerspace; m != nil {
		cards := make([]fyne.CanvasObject, 0, len(m.Resources))
		for _, r := range m.Resources {
			cards = append(cards, u.resourceCard(r))
		}
		body.Add(container.NewGridWithColumns(u.cardColumns(), cards...))
	}
	return page{body: body, footer: []fyne.CanvasObject{u.cancelButton()}}
}

// cardColumns is how many equipment cards stand side by side.
func (u *UI) cardColumns() int {
	w := u.m.size.Width
	if u.m.large {
		w /= 1.4
	}
	switch {
	case w >= 1200:
		return 3
	case w >= 760:
		return 2
	}
	return 1
}

// resourceCard is one piece of equipment: its name (wrapped, however
// long), kind, place and state, and a button to see its times.
func (u *UI) resourceCard(r session.ResourceRow) fyne.CanvasObject {
	choose := func() {
		id := r.ID
		u.run(func(ctx context.Context) { u.Session.PickResource(ctx, id) })
	}
	name := widget.NewLabelWithStyle(r.Name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name.Wrapping = fyne.TextWrapWord
	head := container.NewBorder(nil, nil, widget.NewIcon(kindIcon(r.Kind)), nil, newTapArea(name, choose))
	state := kiosk.Msg(kiosk.LevelSuccess, "live."+r.Live.String())
	switch r.Live {
	case booking.LiveInUse:
		state.Level = kiosk.LevelWarning
	case booking.LiveOutOfService:
		state.Level = kiosk.LevelError
	case booking.LiveClosed:
		state.Level = kiosk.LevelInfo
	}
	info := container.NewVBox(head, hint(u.T("kind."+knownKind(r.Kind))+" · "+r.Location), u.messageText(state, false))
	if r.Live == booking.LiveOutOfService && r.Note != "" {
		info.Add(hint(r.Note))
	}
	pick := widget.NewButtonWithIcon(u.T("makerspace.choose"), theme.NavigateNextIcon(), choose)
	pick.Importance = widget.HighImportance
	info.Add(minHeight(pick, 56))
	if r.Photo != "" && !u.m.short {
		img := canvas.NewImageFromFile(r.Photo)
		img.FillMode = canvas.ImageFillContain
		img.SetMinSize(fyne.NewSize(96, 96))
		return container.NewBorder(nil, widget.NewSeparator(), img, nil, info)
	}
	return container.NewBorder(nil, widget.NewSeparator(), nil, nil, info)
}

// knownKind maps a resource kind to one with a translated name.
func knownKind(k string) string {
	switch k {
	case booking.KindPrinter3D, booking.KindLaser, booking.KindSewing, booking.KindStudio, booking.KindDesignPC, booking.KindRoom:
		return k
	}
	return "other"
}

func kindIcon(k string) fyne.Resource {
	switch k {
	case booking.KindPrinter3D:
		return theme.StorageIcon()
	case booking.KindLaser:
		return theme.ContentCutIcon()
	case booking.KindSewing:
		return theme.ColorPaletteIcon()
	case booking.KindStudio:
		return theme.MediaRecordIcon()
	case booking.KindDesignPC:
		return theme.ComputerIcon()
	case booking.KindRoom:
		return theme.HomeIcon()
	}
	return theme.SettingsIcon()
}

// slotsScreen is one resource's day view: days, slots, durations, Book.
// The rules a patron must meet (age, certificate) are said here, before
// they identify.
func (u *UI) slotsScreen() page {
	m := u.view.Makerspace
	if m == nil {
		return u.homeScreen()
	}
	r := m.Resource
	back := widget.NewButtonWithIcon(u.T("slots.back"), theme.NavigateBackIcon(), func() { u.run(u.Session.ShowMakerspace) })
	body := container.NewVBox(container.NewBorder(nil, nil, nil, minHeight(back, minTouch), title(r.Name)))
	if d := r.Description; d != "" {
		body.Add(hint(d + " · " + r.Location))
	}
	if rules := u.rulesText(r.Rules); rules != "" {
		body.Add(u.messageText(kiosk.Msg(kiosk.LevelInfo, "slots.rules", "rules", rules), false))
	}
	body.Add(hint(u.T("slots.hint")))
	body.Add(u.banner())
	days := container.NewHBox()
	for i, d := range m.Days {
		b := widget.NewButton(u.dayLabel(d.Date, i), func() {
			u.run(func(context.Context) { u.Session.PickDay(i) })
		})
		if i == m.Day {
			b.Importance = widget.HighImportance
		} else if !d.Free() {
			b.Importance = widget.LowImportance
		}
		days.Add(minHeight(b, 56))
	}
	body.Add(container.NewHScroll(days))
	if len(m.Durations) > 0 {
		body.Add(hint(u.T("slots.duration")))
		durs := make([]fyne.CanvasObject, 0, len(m.Durations))
		for _, d := range m.Durations {
			label := u.duration(d)
			b := widget.NewButton(label, func() { u.run(func(context.Context) { u.Session.PickDuration(d) }) })
			if d == m.Duration {
				b.SetText("✓ " + label)
				b.Importance = widget.HighImportance
			}
			durs = append(durs, minHeight(b, 56))
		}
		body.Add(u.grid(6, u.fullWidth(), durs...))
	}
	if m.Day >= 0 && m.Day < len(m.Days) {
		body.Add(u.daySlots(m.Days[m.Day], m.Slot))
	}
	book := u.bigButton(u.T("slots.book"), theme.ConfirmIcon(), widget.HighImportance,
		func() { u.run(func(context.Context) { u.Session.BookSelected() }) })
	return page{body: body, footer: []fyne.CanvasObject{u.cancelButton(), book}}
}

// rulesText says who may book a resource: the minimum age and the
// certificate it needs; "" when anyone may.
func (u *UI) rulesText(r booking.Rules) string {
	var parts []string
	if r.MinAge > 0 {
		parts = append(parts, u.T("rules.age", "age", strconv.Itoa(r.MinAge)))
	}
	if r.Certification != "" {
		parts = append(parts, u.T("rules.cert", "cert", r.Certification))
	}
	return strings.Join(parts, " · ")
}

// daySlots draws a day's slots as buttons; free ones can be tapped, the
// chosen one is ticked. Slots already over are left out: they would push
// the rest of the day below the fold.
func (u *UI) daySlots(d booking.Day, selected int) fyne.CanvasObject {
	if d.Closed {
		return u.messageText(kiosk.Msg(kiosk.LevelWarning, "slots.closed", "reason", d.Reason), true)
	}
	if len(d.Slots) == 0 {
		return u.messageText(kiosk.Msg(kiosk.LevelInfo, "slots.no_hours"), true)
	}
	loc := u.Session.Location
	if loc == nil {
		loc = time.Local
	}
	now := u.Session.Now()
	var buttons []fyne.CanvasObject
	for i, sl := range d.Slots {
		if !sl.End.After(now) && i != selected {
			continue
		}
		label := sl.Start.In(loc).Format("15:04") + "  " + u.T("slots."+sl.State.String())
		b := widget.NewButton(label, func() { u.run(func(context.Context) { u.Session.PickSlot(i) }) })
		switch {
		case i == selected:
			b.SetText("✓ " + sl.Start.In(loc).Format("15:04") + "  " + u.T("slots.chosen"))
			b.Importance = widget.HighImportance
		case sl.State == booking.SlotFree:
			b.Importance = widget.MediumImportance
		default:
			b.Disable()
		}
		buttons = append(buttons, minHeight(b, 56))
	}
	if len(buttons) == 0 {
		return u.messageText(kiosk.Msg(kiosk.LevelInfo, "slots.day_over"), true)
	}
	return u.grid(4, u.fullWidth(), buttons...)
}

func (u *UI) dayLabel(d booking.Date, i int) string {
	switch i {
	case 0:
		return u.T("day.today")
	case 1:
		return u.T("day.tomorrow")
	}
	_, m, day := d.Midnight(time.UTC).Date()
	return u.T("weekday."+strconv.Itoa(int(d.Weekday()))) + " " + strconv.Itoa(day) + " " + u.T("month."+strconv.Itoa(int(m)))
}

// duration writes 30 min, 1 h, 1 h 30 min in the patron's language.
func (u *UI) duration(d time.Duration) string {
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	switch {
	case h == 0:
		return u.T("duration.minutes", "m", strconv.Itoa(m))
	case m == 0:
		return u.T("duration.hours", "h", strconv.Itoa(h))
	}
	return u.T("duration.hours_minutes", "h", strconv.Itoa(h), "m", strconv.Itoa(m))
}

// when is "Tue 24 Nov 2026, 09:00–10:00".
func (u *UI) when(start, end time.Time) string {
	loc := u.Session.Location
	if loc == nil {
		loc = time.Local
	}
	s, e := start.In(loc), end.In(loc)
	return u.T("weekday."+strconv.Itoa(int(s.Weekday()))) + " " + u.Catalog.Date(u.view.Lang, s) + ", " + s.Format("15:04") + "–" + e.Format("15:04")
}

// confirmScreen shows the chosen booking for the identified patron.
func (u *UI) confirmScreen() page {
	m := u.view.Makerspace
	if m == nil {
		return u.homeScreen()
	}
	start := m.Start()
	box := container.NewVBox(title(u.T("confirm.title")))
	if g := u.greeting(); g != nil {
		box.Add(g)
	}
	what := widget.NewLabelWithStyle(m.Resource.Name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	what.SizeName = theme.SizeNameSubHeadingText
	what.Wrapping = fyne.TextWrapWord
	box.Add(what)
	box.Add(hint(m.Resource.Location))
	box.Add(hint(u.when(start, start.Add(m.Duration)) + " (" + u.duration(m.Duration) + ")"))
	box.Add(u.banner())
	change := u.bigButton(u.T("confirm.change"), theme.NavigateBackIcon(), widget.MediumImportance,
		func() { u.run(func(context.Context) { u.Session.BackToSlots() }) })
	confirm := u.bigButton(u.T("confirm.button"), theme.ConfirmIcon(), widget.HighImportance,
		func() { u.run(u.Session.ConfirmBooking) })
	return page{body: box, centred: true, footer: []fyne.CanvasObject{u.cancelButton(), change, confirm}}
}

// bookedScreen shows the QR code and the booking code: side by side on
// a wide display, the code under the QR on a narrow one.
func (u *UI) bookedScreen() page {
	m := u.view.Makerspace
	if m == nil || m.Booked == nil {
		return u.homeScreen()
	}
	b := m.Booked
	box := container.NewVBox()
	if !u.m.short {
		box.Add(title(u.T("booked.title")))
		box.Add(u.banner())
	}
	name := widget.NewLabelWithStyle(b.ResourceName, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name.Wrapping = fyne.TextWrapWord
	info := container.NewVBox(name, hint(b.Location), hint(u.when(b.Booking.Start, b.Booking.End)))
	code := widget.NewLabelWithStyle(u.T("booked.code", "code", b.Booking.Code), fyne.TextAlignLeading, fyne.TextStyle{Bold: true, Monospace: true})
	code.SizeName = theme.SizeNameHeadingText
	code.Wrapping = fyne.TextWrapWord
	info.Add(code)
	info.Add(hint(u.T("booked.hint", "before", strconv.Itoa(int(m.Resource.Rules.CheckinBefore/time.Minute)),
		"after", strconv.Itoa(int(m.Resource.Rules.CheckinAfter/time.Minute)))))
	if u.view.Printed {
		info.Add(hint(u.T("finish.printed")))
	}
	qrSize := float32(320)
	if u.m.short || u.m.large {
		qrSize = 240
	}
	var qr fyne.CanvasObject
	if u.QR != nil && b.Payload != "" {
		if img, err := u.qrImage(b.Payload); err == nil {
			ci := canvas.NewImageFromImage(img)
			ci.FillMode = canvas.ImageFillContain
			ci.ScaleMode = canvas.ImageScalePixels
			ci.SetMinSize(fyne.NewSize(qrSize, qrSize))
			qr = ci
		} else {
			u.Session.Logger.Error("booking QR code", "err", err)
		}
	}
	switch {
	case qr == nil:
		box.Add(info)
	case u.m.size.Width >= qrSize*2.5:
		box.Add(container.NewBorder(nil, nil, qr, nil, info))
	default:
		box.Add(container.NewCenter(qr))
		box.Add(info)
	}
	if u.m.short {
		// The QR code and the booking code come first on a short display:
		// they are what the patron needs.
		box.Add(u.banner())
	}
	done := u.bigButton(u.T("common.done"), theme.HomeIcon(), widget.HighImportance,
		func() { u.run(func(context.Context) { u.Session.Done() }) })
	return page{body: box, centred: true, footer: []fyne.CanvasObject{done}}
}

// checkinScreen shows the result of scanning a booking QR code.
func (u *UI) checkinScreen() page {
	box := container.NewVBox(title(u.T("checkin.title")), u.banner())
	if m := u.view.Makerspace; m != nil && m.Booked != nil {
		box.Add(hint(m.Booked.Location))
	}
	done := u.bigButton(u.T("common.done"), theme.HomeIcon(), widget.HighImportance,
		func() { u.run(func(context.Context) { u.Session.Done() }) })
	return page{body: box, centred: true, footer: []fyne.CanvasObject{done}}
}

// bookingRows lists My account's upcoming bookings with Cancel buttons.
func (u *UI) bookingRows(rows []session.BookingRow) fyne.CanvasObject {
	box := container.NewVBox(widget.NewLabelWithStyle(u.T("account.bookings"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	if len(rows) == 0 {
		box.Add(hint(u.T("account.no_bookings")))
	}
	for i, r := range rows {
		text := r.ResourceName + " — " + u.when(r.Start, r.End) + " — " + r.Code
		line := container.NewVBox(hint(text))
		if r.State == booking.CheckedIn {
			line.Add(hint(u.T("account.booking_checked_in")))
		}
		if r.Cancellable {
			question := u.T("account.cancel_booking_sure", "what", r.ResourceName+", "+u.when(r.Start, r.End))
			b := widget.NewButtonWithIcon(u.T("account.cancel_booking"), theme.DeleteIcon(), func() {
				u.confirm(question, func() { u.run(func(ctx context.Context) { u.Session.CancelBooking(ctx, i) }) })
			})
			b.Importance = widget.DangerImportance
			line.Add(minHeight(b, minTouch))
		}
		box.Add(container.NewBorder(nil, widget.NewSeparator(), nil, nil, line))
	}
	return box
}

// qrImage draws a payload once; the booked screen is drawn again on a
// language switch or a message, with the same code.
func (u *UI) qrImage(payload string) (image.Image, error) {
	if u.qrFor != payload || u.qr == nil {
		img, err := u.QR(payload, 320)
		if err != nil {
			return nil, err
		}
		u.qr, u.qrFor = img, payload
	}
	return u.qr, nil
}

// QRFunc draws a payload as a QR code at least size pixels square.
type QRFunc func(payload string, size int) (image.Image, error)
