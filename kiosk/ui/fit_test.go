package ui

import (
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/anjungan/anjungan/booking"
	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/session"
)

// displays are the screens kiosks use: the 7" Raspberry Pi touch screen,
// 10" tablets, laptops' panels, full HD and a portrait totem.
var displays = []fyne.Size{
	{Width: 800, Height: 480},
	{Width: 1024, Height: 600},
	{Width: 1280, Height: 800},
	{Width: 1366, Height: 768},
	{Width: 1920, Height: 1080},
	{Width: 1080, Height: 1920},
}

type fitState struct {
	name string
	v    session.View
}

// fitStates walks the flows on the demo makerspace and the mock library
// and returns a view of every screen state, with the longest content a
// kiosk meets.
func fitStates(t *testing.T, u *UI, s *session.Session) []fitState {
	t.Helper()
	ctx := context.Background()
	var out []fitState
	add := func(name string, v session.View) { out = append(out, fitState{name, v}) }
	long := "Pengantar Ilmu Perpustakaan dan Kearsipan untuk Sekolah Menengah Atas: Edisi Revisi Ketiga dengan Lampiran Lengkap"
	offerSurvey(s) // the SKM's button on the home screen and the summaries

	home := s.View()
	add("home", home)
	v := home
	v.Message = kiosk.Msg(kiosk.LevelInfo, session.KeyChooseFirst)
	v.ScannerDown = true
	v.Notice = "Perpustakaan tutup lebih awal hari ini pukul 14.00 karena ada rapat staf; layanan anjungan tetap berjalan sampai pukul 13.45."
	add("home, notice and warnings", v)
	v = home
	v.OutOfService = true
	v.ServiceMessage = "Anjungan ini sedang diperbaiki oleh petugas TI. Silakan gunakan anjungan di lantai dua dekat ruang baca anak, atau meja sirkulasi di lantai satu."
	add("out of service, long message", v)

	s.Start(session.IntentBorrow)
	v = s.View()
	v.Message = kiosk.Msg(kiosk.LevelWarning, kiosk.KeyCardNotPatron)
	v.ScannerDown = true
	add("identify", v)
	s.EnterCard(ctx, "20001000000012")
	for range 12 {
		s.PINKey('9')
	}
	v = s.View()
	v.Message = kiosk.Msg(kiosk.LevelError, kiosk.KeyPINWrong, "left", "4")
	add("PIN", v)
	v.PINLetters, v.PINLength = true, 40
	add("password keyboard", v)
	v.PINLetters = false
	v.Message = kiosk.Msg(kiosk.LevelError, kiosk.KeyPINLocked, "minutes", "15")
	v.Screen = session.ScreenIdentify
	add("locked out", v)

	borrow := v
	borrow.Screen, borrow.Intent, borrow.PatronName, borrow.Message = session.ScreenBorrow, session.IntentBorrow, "Siti", kiosk.Msg(kiosk.LevelSuccess, session.KeyWelcome, "name", "Siti")
	add("borrow, nothing yet", borrow)
	due := time.Date(2026, 12, 7, 17, 0, 0, 0, time.UTC)
	one := borrow
	one.Lines = []session.Line{{Barcode: "30001000000010", Title: "Laskar Pelangi", Due: due, Status: session.StatusBorrowed}}
	add("borrow, one item", one)
	many := borrow
	many.Message = kiosk.Msg(kiosk.LevelError, kiosk.KeyItemReference)
	many.Offer = "30001000000044"
	many.Lines = append(many.Lines, session.Line{Barcode: "30001000000044", Title: long, Status: session.StatusOffer, Message: kiosk.Msg(kiosk.LevelInfo, kiosk.KeyRenewOffer)})
	for i := range 20 {
		l := session.Line{Barcode: fmt.Sprintf("300010000%05d", i), Title: long, Due: due, Status: session.StatusBorrowed,
			Message: kiosk.Msg(kiosk.LevelInfo, session.KeyLibrarySays, "message", "Harap dikembalikan tepat waktu ke perpustakaan cabang.")}
		if i%3 == 0 {
			l = session.Line{Barcode: l.Barcode, Title: long, Status: session.StatusRefused, Message: kiosk.Msg(kiosk.LevelWarning, kiosk.KeyItemOnHold)}
		}
		many.Lines = append(many.Lines, l)
	}
	add("borrow, 20 items, refusals and a renewal offer", many)
	flood := borrow
	for i := range 500 {
		flood.Lines = append(flood.Lines, session.Line{Barcode: fmt.Sprintf("X%06d", i), Status: session.StatusRefused, Message: kiosk.Msg(kiosk.LevelWarning, kiosk.KeyItemUnknown)})
	}
	add("borrow, a flood of unknown scans", flood)
	ret := many
	ret.Screen, ret.Offer, ret.PatronName = session.ScreenReturn, "", ""
	for i := range ret.Lines {
		ret.Lines[i].Status, ret.Lines[i].Fine = session.StatusReturned, 15000
		ret.Lines[i].Message = kiosk.Msg(kiosk.LevelWarning, kiosk.KeyReturnOKFine, "fine", "Rp 15.000")
	}
	add("return, 21 items", ret)

	acct := borrow
	acct.Screen, acct.Intent = session.ScreenAccount, session.IntentAccount
	acct.Account = &session.AccountView{}
	add("account, nothing", acct)
	full := acct
	full.Account = &session.AccountView{FinesTotal: 1250000, Holds: 3, Expires: due.AddDate(1, 0, 0)}
	for i := range 50 {
		full.Account.Loans = append(full.Account.Loans, session.LoanRow{
			Loan:    kiosk.Loan{Item: kiosk.Item{Barcode: fmt.Sprint(i), Title: long}, Due: due, Renewals: 1, MaxRenewals: 2},
			Overdue: i%2 == 0, Selected: i%3 == 0,
			Result: kiosk.Msg(kiosk.LevelError, kiosk.KeyRenewLimit),
		})
	}
	for range 10 {
		full.Account.Fines = append(full.Account.Fines, kiosk.Fine{Amount: 125000, Title: long, Due: due})
	}
	full.Account.Bookings = []session.BookingRow{{Booking: booking.Booking{Code: "K7M2QX", Start: due, End: due.Add(time.Hour), State: booking.Confirmed}, ResourceName: long, Cancellable: true}}
	add("account, 50 loans, fines, bookings", full)

	fin := borrow
	fin.Screen, fin.Lines, fin.Message = session.ScreenFinish, nil, kiosk.Msg(kiosk.LevelInfo, session.KeyNothingToDo)
	add("finish, nothing done", fin)
	fin.Message, fin.Printed = kiosk.Msg(kiosk.LevelSuccess, session.KeyPrinted), true
	fin.Receipt = &kiosk.Receipt{Library: "Perpustakaan Uji", Heading: "Bukti Peminjaman"}
	add("finish, printed", fin)
	fin.Printed = false
	for i := range 20 {
		fin.Receipt.Entries = append(fin.Receipt.Entries, kiosk.ReceiptEntry{Title: long, Detail: fmt.Sprintf("Batas kembali: 7 Des 2026 (%d)", i)})
	}
	add("finish, receipt on screen", fin)
	visited := borrow
	visited.Screen, visited.Intent, visited.Lines, visited.Rate = session.ScreenFinish, session.IntentVisit, nil, true
	visited.Message = kiosk.Msg(kiosk.LevelSuccess, session.KeyVisitCounted)
	add("visit counted, rating faces", visited)
	expired := visited
	expired.Message = kiosk.Msg(kiosk.LevelWarning, session.KeyVisitExpired)
	add("visit counted, card expired", expired)
	visitID := borrow
	visitID.Screen, visitID.Intent, visitID.Lines, visitID.Message = session.ScreenIdentify, session.IntentVisit, nil, kiosk.Message{}
	add("visit, card", visitID)
	out = append(out, surveyFitStates(home, visited)...)
	out = append(out, guestStates(t, s)...)
	idle := many
	idle.Countdown = 15
	add("idle warning", idle)

	s.Cancel()
	s.ShowMakerspace(ctx)
	ms := s.View()
	add("makerspace", ms)
	longNames := ms
	mv := *ms.Makerspace
	mv.Resources = append([]session.ResourceRow(nil), mv.Resources...)
	for i := range mv.Resources {
		mv.Resources[i].Name = "Mesin jahit komputer Janome Memory Craft 9850 untuk bordir dan quilting " + mv.Resources[i].Name
		mv.Resources[i].Note = "Jarum patah; menunggu suku cadang dari pemasok di Surabaya"
	}
	longNames.Makerspace = &mv
	add("makerspace, long names", longNames)
	s.PickResource(ctx, "laser-1")
	add("day view, rules", s.View())
	s.PickResource(ctx, "printer-1")
	s.PickSlot(len(s.View().Makerspace.Days[0].Slots) - 1)
	slots := s.View()
	add("day view, slot and durations", slots)
	conf := slots
	conf.Screen, conf.PatronName = session.ScreenConfirm, "Siti"
	conf.Message = kiosk.Msg(kiosk.LevelError, booking.KeyMinAge, "age", "16")
	add("confirm", conf)
	lm := *slots.Makerspace
	lm.Resource.Name = longNames.Makerspace.Resources[0].Name
	conf.Makerspace = &lm
	add("confirm, long name", conf)
	booked := conf
	bm := lm
	bm.Booked = &session.BookedView{
		Booking:      booking.Booking{Code: "K7M2QX", Start: due, End: due.Add(2 * time.Hour)},
		ResourceName: lm.Resource.Name, Location: "Ruang Kreatif, lantai 2",
		Payload: strings.Repeat("ANJB1.uji.12345.", 6),
	}
	booked.Screen, booked.Makerspace, booked.Message = session.ScreenBooked, &bm, kiosk.Msg(kiosk.LevelSuccess, "booking.booked")
	add("booked QR", booked)
	checkin := booked
	checkin.Screen = session.ScreenCheckin
	checkin.Message = kiosk.Msg(kiosk.LevelSuccess, "booking.checked_in", "name", lm.Resource.Name, "start", "09:00", "end", "11:00")
	add("checked in", checkin)
	checkin.Message = kiosk.Msg(kiosk.LevelWarning, "booking.checkin_early", "time", "08:45")
	add("check-in too early", checkin)
	s.Cancel()
	return out
}

// TestEveryScreenFits renders every screen state in both languages, with
// normal and large text and both contrasts, on each display kiosks use,
// and checks what the Fyne test driver cannot show by itself: that the
// content never asks for more than the display (a real window would grow
// past the screen, or shift, and taps would miss), that every button is
// a touch target of at least 48 px, and that wrapped text is given a
// width to wrap in (else it wraps one letter per line).
func TestEveryScreenFits(t *testing.T) {
	u, s, _, _ := makerspaceUI(t)
	quiet(u)
	states := fitStates(t, u, s)
	for _, d := range displays {
		for _, lang := range []string{kiosk.LangID, kiosk.LangEN} {
			for _, large := range []bool{false, true} {
				for _, contrast := range []bool{false, true} {
					u.Window.Resize(d)
					if got := u.Window.Canvas().Size(); got != d {
						t.Fatalf("canvas %v, want %v", got, d)
					}
					for _, st := range states {
						v := st.v
						v.Lang, v.LargeText, v.HighContrast = lang, large, contrast
						u.Render(v)
						name := fmt.Sprintf("%s at %.0fx%.0f, %s, large=%v, contrast=%v", st.name, d.Width, d.Height, lang, large, contrast)
						checkFit(t, u, d, name)
						checkKeys(t, u, v, name)
						if v.Screen == session.ScreenIdentify || v.Screen == session.ScreenBorrow {
							// The card and barcode pad as a letters keyboard.
							u.entryLetters = true
							u.Render(v)
							checkFit(t, u, d, name+", letters")
							checkKeys(t, u, v, name+", letters")
							u.entryLetters = false
						}
					}
				}
			}
		}
	}
}

// checkKeys checks that the keys a screen is used with are on it, however
// little room there is: the keypad of the card and PIN screens, the
// letters keyboard of the password screen (with no room beside the body,
// they go under it, reached by scrolling).
func checkKeys(t *testing.T, u *UI, v session.View, name string) {
	t.Helper()
	var want []string
	switch {
	case v.Screen == session.ScreenPIN && v.PINLetters:
		want = []string{"q", "m", "0", "⇧", "⌫", "@"}
	case v.Screen == session.ScreenPIN:
		want = []string{"1", "0", "⌫"}
	case v.Screen == session.ScreenIdentify && u.entryLetters:
		want = []string{"q", "m", "0", "⇧", "⌫", "123"}
	case v.Screen == session.ScreenIdentify:
		want = []string{"1", "0", "⌫", "ABC"}
	case v.Screen == session.ScreenSurvey:
		want = surveyKeys(u, v)
	case v.Screen == session.ScreenGuest && v.Guest.Current().Text:
		want = []string{"q", "m", "0", "⇧", "⌫", "'", map[string]string{kiosk.LangID: "Spasi", kiosk.LangEN: "Space"}[v.Lang]}
		if u.shift { // a name's first letter: the digits stay
			want[0], want[1] = "Q", "M"
		}
	}
	found := map[string]bool{}
	walk(u.content.obj, func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Visible() {
			found[b.Text] = true
		}
	})
	for _, k := range want {
		if !found[k] {
			t.Errorf("%s: no key %q on the screen", name, k)
		}
	}
}

// checkFit lays the window's content out at display size d and reports
// every way it does not fit.
func checkFit(t *testing.T, u *UI, d fyne.Size, name string) {
	t.Helper()
	root := u.content.obj
	if m := root.MinSize(); m.Width > d.Width+0.5 || m.Height > d.Height+0.5 {
		t.Errorf("%s: content asks for %.0fx%.0f", name, m.Width, m.Height)
		return
	}
	u.content.Resize(d)
	objs := []fyne.CanvasObject{root}
	if u.idle != nil {
		objs = append(objs, u.idle.Content)
		if m := u.idle.Content.MinSize(); m.Width > d.Width || m.Height > d.Height {
			t.Errorf("%s: countdown asks for %.0fx%.0f", name, m.Width, m.Height)
		}
	}
	for _, o := range objs {
		walk(o, func(o fyne.CanvasObject) {
			switch w := o.(type) {
			case *widget.Button:
				if sz := w.Size(); sz.Width < minTouch-0.5 || sz.Height < minTouch-0.5 {
					t.Errorf("%s: button %q is %.0fx%.0f", name, w.Text, sz.Width, sz.Height)
				}
			case *widget.Check:
				if sz := w.Size(); sz.Width < minTouch-0.5 || sz.Height < minTouch-0.5 {
					t.Errorf("%s: checkbox %q is %.0fx%.0f", name, w.Text, sz.Width, sz.Height)
				}
			case *widget.Label:
				if w.Wrapping != fyne.TextWrapOff && len([]rune(w.Text)) > 12 && w.Visible() && w.Size().Width < 160 {
					t.Errorf("%s: %q wraps in %.0f px", name, w.Text, w.Size().Width)
				}
			case *container.Scroll:
				if w.Direction == container.ScrollHorizontalOnly || w.Direction == container.ScrollBoth {
					return
				}
				if c := w.Content.MinSize(); c.Width > w.Size().Width+0.5 {
					t.Errorf("%s: a scrolled area is %.0f px wide in %.0f px", name, c.Width, w.Size().Width)
				}
			}
		})
	}
}

// TestFitSnapshots keeps reviewed images of key screens on the smallest
// display kiosks use and on the most common one, large text included.
func TestFitSnapshots(t *testing.T) {
	u, s, _, _ := makerspaceUI(t)
	quiet(u)
	states := map[string]session.View{}
	for _, st := range fitStates(t, u, s) {
		states[st.name] = st.v
	}
	for _, c := range []struct {
		file, state string
		size        fyne.Size
		large       bool
	}{
		{"home", "home", displays[0], true},
		{"pin", "PIN", displays[0], true},
		{"password", "password keyboard", displays[0], false},
		{"password", "password keyboard", displays[0], true},
		{"password", "password keyboard", displays[2], false},
		{"borrow", "borrow, 20 items, refusals and a renewal offer", displays[0], false},
		{"borrow", "borrow, 20 items, refusals and a renewal offer", displays[0], true},
		{"account", "account, 50 loans, fines, bookings", displays[0], false},
		{"finish", "finish, receipt on screen", displays[0], false},
		{"booked", "booked QR", displays[0], true},
		{"slots", "day view, slot and durations", displays[0], false},
		{"service", "out of service, long message", displays[0], false},
		{"home", "home, notice and warnings", displays[2], true},
		{"borrow", "borrow, 20 items, refusals and a renewal offer", displays[2], false},
		{"booked", "booked QR", displays[2], false},
		{"makerspace", "makerspace, long names", displays[2], false},
		{"finish", "finish, nothing done", displays[2], false},
		{"rating", "visit counted, rating faces", displays[0], false},
		{"rating", "visit counted, rating faces", displays[0], true},
		{"rating", "visit counted, rating faces", displays[2], false},
		{"visit-card", "visit, card", displays[0], false},
		{"guest-name", "guest, name, too long", displays[0], false},
		{"guest-name", "guest, name, too long", displays[0], true},
		{"guest-name", "guest, name, required", displays[2], false},
		{"guest-purpose", "guest, purpose", displays[0], false},
		{"guest-occupation", "guest, occupation, 12 long choices", displays[0], true},
		{"guest-occupation", "guest, occupation, 12 long choices", displays[2], false},
	} {
		v, ok := states[c.state]
		if !ok {
			t.Fatalf("no state %q", c.state)
		}
		v.LargeText = c.large
		u.Window.Resize(c.size)
		u.Render(v)
		name := fmt.Sprintf("fit/%s-%.0fx%.0f", c.file, c.size.Width, c.size.Height)
		if c.large {
			name += "-large"
		}
		looksLike(t, name+".png", u.Window.Canvas().Capture())
	}
}

// looksLike compares a capture with the reviewed image in testdata/: it
// fails when more than 0.5 % of the pixels differ clearly. Icons are
// rasterised anew at each size and their edges vary by a few pixels from
// run to run, which an exact comparison fails on; a moved or missing
// button, a wrapped line or another colour changes far more. A missing or
// differing image is written to testdata/failed/ for review.
func looksLike(t *testing.T, name string, img image.Image) {
	t.Helper()
	failed := func() {
		path := filepath.Join("testdata", "failed", name)
		os.MkdirAll(filepath.Dir(path), 0o755)
		f, err := os.Create(path)
		if err == nil {
			png.Encode(f, img)
			f.Close()
		}
	}
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		failed()
		t.Errorf("%s: no reviewed image (%v); written to testdata/failed", name, err)
		return
	}
	defer f.Close()
	want, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if want.Bounds() != img.Bounds() {
		failed()
		t.Errorf("%s: %v, reviewed %v", name, img.Bounds(), want.Bounds())
		return
	}
	differ := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r1, g1, b1, _ := img.At(x, y).RGBA()
			r2, g2, b2, _ := want.At(x, y).RGBA()
			if far(r1, r2) || far(g1, g2) || far(b1, b2) {
				differ++
			}
		}
	}
	if limit := b.Dx() * b.Dy() / 200; differ > limit {
		failed()
		t.Errorf("%s: %d pixels differ from the reviewed image (at most %d); written to testdata/failed", name, differ, limit)
	}
}

func far(a, b uint32) bool { return a>>8 > b>>8+64 || b>>8 > a>>8+64 }

// quiet stops the session's own renders (its views while the states are
// made would otherwise be drawn in between the test's, on the Fyne
// goroutine, under a loaded machine) and waits for any already queued.
func quiet(u *UI) {
	fyne.DoAndWait(func() { u.schedule = func(func()) {} })
	fyne.DoAndWait(func() {})
}
