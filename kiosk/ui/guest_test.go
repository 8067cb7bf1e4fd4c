package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/session"
	"github.com/anjungan/anjungan/kiosk/visitorpass"
)

// typeKeys taps each character of text on the on-screen keyboard: a
// capital with Shift unless Shift is already lit, a space on the space
// bar.
func typeKeys(t *testing.T, u *UI, space, text string) {
	t.Helper()
	for _, r := range text {
		switch {
		case r == ' ':
			tap(t, u, space)
		case r >= 'A' && r <= 'Z':
			if !shiftLit(u) {
				tap(t, u, "⇧")
			}
			tap(t, u, string(r))
		default:
			if shiftLit(u) {
				tap(t, u, "⇧") // off again
			}
			tap(t, u, string(r))
		}
	}
}

// TestGuestFormOnScreenID: a guest signs the book in Indonesian: Saya
// tamu on the Kunjungan screen, the name on the keyboard (a capital to
// start each word), an empty name refused with a message naming it, the
// origin skipped, a purpose and demographics as buttons, Back to change
// an answer, then the rating faces.
func TestGuestFormOnScreenID(t *testing.T) {
	u, s, _, _ := makerspaceUI(t)
	gb := s.GuestBook.(*guestBook)
	tap(t, u, "Kunjungan")
	shows(t, u, "Isi buku tamu", "Tidak punya kartu anggota?")
	tap(t, u, "Saya tamu")
	shows(t, u, "Langkah 1 dari 5", "Nama Anda")
	tap(t, u, "Lanjut")
	shows(t, u, "Mohon tulis nama Anda.")
	if !shiftLit(u) {
		t.Fatal("a name does not start with Shift lit")
	}
	tap(t, u, "R") // Shift was lit: a capital, and Shift goes off
	if shiftLit(u) {
		t.Fatal("Shift stays lit after a letter")
	}
	typeKeys(t, u, "Spasi", "ina")
	tap(t, u, "Spasi")
	if !shiftLit(u) {
		t.Fatal("no capital after a space")
	}
	typeKeys(t, u, "Spasi", "M'a.")
	shows(t, u, "Rina M'a.")
	tap(t, u, "⌫")
	shows(t, u, "Rina M'a")
	tap(t, u, "Lanjut")
	shows(t, u, "Langkah 2 dari 5 · boleh dilewati", "Asal sekolah, kantor atau kota")
	tap(t, u, "Lewati")
	shows(t, u, "Tujuan kunjungan", "Membaca", "Ruang kreatif", "Lainnya")
	tap(t, u, "Mengerjakan tugas")
	shows(t, u, "Jenis kelamin", "Laki-laki")
	tap(t, u, "Perempuan")
	shows(t, u, "Usia", "12 tahun ke bawah", "Di atas 60 tahun")
	tap(t, u, "Kembali")
	shows(t, u, "Jenis kelamin")
	if b := answerButtons(u)["Perempuan"]; b == nil || b.Importance != widget.HighImportance {
		t.Fatal("the answer given is not shown after Back")
	}
	tap(t, u, "Laki-laki")
	tap(t, u, "19–25 tahun")
	shows(t, u, "Kunjungan Anda sudah tercatat", "Bagaimana kunjungan Anda hari ini?")
	want := kiosk.Visit{At: s.Now(), Guest: kiosk.Guest{Name: "Rina M'a", Gender: "laki-laki", AgeGroup: "19–25"}, Purpose: "mengerjakan tugas"}
	if len(gb.visits) != 1 || gb.visits[0] != want {
		t.Fatalf("visits %+v", gb.visits)
	}
	tap(t, u, "😄  Sangat baik")
	if len(gb.ratings) != 1 || gb.ratings[0].Score != 5 {
		t.Fatalf("ratings %+v", gb.ratings)
	}
}

// TestGuestFormOnScreenEN: the same in English, with a name of only
// punctuation refused, an institution typed, a hardware keyboard's keys,
// and the library's own purpose shown as written.
func TestGuestFormOnScreenEN(t *testing.T) {
	u, s, _, _ := makerspaceUI(t)
	gb := s.GuestBook.(*guestBook)
	s.Config.GuestForm.Purposes = []string{"membaca", "bedah buku"}
	s.Config.GuestForm.Gender, s.Config.GuestForm.AgeGroup = session.FieldOff, session.FieldOff
	s.Config.GuestForm.Origin = session.FieldRequired
	tap(t, u, "English")
	tap(t, u, "Visit")
	shows(t, u, "No library card?")
	tap(t, u, "I'm a guest")
	shows(t, u, "Step 1 of 3", "Your name")
	typeKeys(t, u, "Space", ".-")
	tap(t, u, "Next")
	shows(t, u, "A name needs letters.")
	tap(t, u, "Clear")
	typeKeys(t, u, "Space", "Ali")
	tap(t, u, "Next")
	shows(t, u, "Your school, office or town")
	if b := button(u, "Skip"); b != nil {
		t.Fatal("a required field can be skipped")
	}
	tap(t, u, "Next")
	shows(t, u, "Please type your school, office or town.")
	for _, r := range "UGM" { // a keyboard plugged in
		u.Window.Canvas().OnTypedRune()(r)
	}
	u.Window.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
	shows(t, u, "Purpose of your visit", "Reading", "bedah buku")
	tap(t, u, "bedah buku")
	if len(gb.visits) != 1 || gb.visits[0].Guest != (kiosk.Guest{Name: "Ali", Origin: "UGM"}) || gb.visits[0].Purpose != "bedah buku" {
		t.Fatalf("visits %+v", gb.visits)
	}
	shows(t, u, "How was your visit today?")
}

// TestGuestFormBackAndTimeout: Back from the first step returns to the
// Kunjungan screen; a guest who walks away is timed out home, and the
// next guest's form is empty.
func TestGuestFormBackAndTimeout(t *testing.T) {
	u, s, _, clock := makerspaceUI(t)
	tap(t, u, "Kunjungan")
	tap(t, u, "Saya tamu")
	typeKeys(t, u, "Spasi", "Budi")
	tap(t, u, "Kembali")
	shows(t, u, "Isi buku tamu", "Saya tamu")
	tap(t, u, "Saya tamu")
	typeKeys(t, u, "Spasi", "Budi")
	clock.Advance(time.Hour)
	s.Tick()
	shows(t, u, "Selamat datang")
	tap(t, u, "Kunjungan")
	tap(t, u, "Saya tamu")
	if v := s.View(); v.Guest.Current().Value != "" {
		t.Fatalf("the next guest sees %q", v.Guest.Current().Value)
	}
	if all := texts(u); strings.Contains(all, "Budi") {
		t.Fatalf("the name is still on screen:\n%s", all)
	}
}

// TestVisitorPassOnScreen: an event's visitor pass scanned on the
// Kunjungan screen goes to the rating faces; a forged one is refused on
// screen, in words.
func TestVisitorPassOnScreen(t *testing.T) {
	u, s, _, clock := makerspaceUI(t)
	gb := s.GuestBook.(*guestBook)
	s.Passes = visitorpass.Signer{Site: "uji", Secret: []byte("a secret of sixteen bytes or more")}
	forged := visitorpass.Signer{Site: "uji", Secret: []byte("someone else's secret key")}
	pass := func(sg visitorpass.Signer) string {
		p, err := sg.Sign(visitorpass.Pass{Site: "uji", Event: "Lomba Mewarnai", Number: 4, Until: clock.Now().Add(time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	tap(t, u, "Kunjungan")
	shows(t, u, "atau QR tamu dari sebuah acara")
	s.Scan(context.Background(), kiosk.Scan{Code: pass(forged)})
	shows(t, u, "QR tamu ini tidak sah. Silakan tanya petugas.")
	s.Scan(context.Background(), kiosk.Scan{Code: pass(s.Passes)})
	shows(t, u, "Kunjungan Anda sudah tercatat", "Bagaimana kunjungan Anda hari ini?")
	if len(gb.visits) != 1 || gb.visits[0].Guest.Origin != "Lomba Mewarnai" || gb.visits[0].Purpose != "acara" {
		t.Fatalf("visits %+v", gb.visits)
	}
	// A keyboard-wedge scanner types a pass into the form's name: Enter
	// takes it as the scan it is, and the typed name goes.
	s.Done()
	tap(t, u, "Kunjungan")
	tap(t, u, "Saya tamu")
	p, _ := s.Passes.Sign(visitorpass.Pass{Site: "uji", Event: "Lomba Mewarnai", Number: 5, Until: clock.Now().Add(time.Hour)})
	for _, r := range p {
		u.Window.Canvas().OnTypedRune()(r)
	}
	u.Window.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
	shows(t, u, "Kunjungan Anda sudah tercatat")
	if len(gb.visits) != 2 || gb.visits[1].Guest.Name != "" || gb.visits[1].Pass != "Lomba Mewarnai#5" {
		t.Fatalf("visits %+v", gb.visits)
	}
}

// button finds a button by its text on screen.
func button(u *UI, text string) *widget.Button {
	var found *widget.Button
	walk(u.Window.Content(), func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == text && found == nil {
			found = b
		}
	})
	return found
}

// guestStates are the guest form's screen states for the fit test, with
// the longest content a kiosk meets: every field asked, a name and an
// origin at their limits, a library's twelve own choices of 40
// characters. The kiosk takes visitor passes (the Kunjungan screen says
// so).
func guestStates(t *testing.T, s *session.Session) []fitState {
	t.Helper()
	ctx := context.Background()
	s.Passes = visitorpass.Signer{Site: "uji", Secret: []byte("a secret of sixteen bytes or more")}
	saved := s.Config.GuestForm
	defer func() { s.Config.GuestForm = saved }()
	f := session.DefaultGuestForm()
	f.Origin, f.Gender, f.AgeGroup, f.Education, f.Occupation = session.FieldOptional, session.FieldRequired, session.FieldRequired,
		session.FieldRequired, session.FieldOptional
	f.Occupations = nil
	for i := range 12 { // 40 characters each
		f.Occupations = append(f.Occupations, fmt.Sprintf("Tenaga kependidikan honorer kabupaten %c%c", 'A'+i, 'A'+i))
	}
	s.Config.GuestForm = f
	var out []fitState
	add := func(name string) { out = append(out, fitState{name, s.View()}) }
	s.Cancel()
	s.Start(session.IntentVisit)
	s.GuestStart()
	s.GuestNext(ctx)
	add("guest, name, required")
	s.GuestType('.')
	s.GuestType('-')
	s.GuestNext(ctx)
	add("guest, name, only signs")
	s.GuestClear()
	for _, r := range "Raden Ajeng Kartini Djojo Adhiningrat binti Raden Mas Adipati Ario Sosroningrat" {
		s.GuestType(r)
	}
	add("guest, name, too long")
	s.GuestNext(ctx)
	for _, r := range strings.Repeat("Sekolah Menengah Kejuruan Negeri 2 ", 3) {
		s.GuestType(r)
	}
	add("guest, origin, 80 characters")
	s.GuestSkip(ctx)
	add("guest, purpose")
	s.GuestChoose(ctx, 4)
	s.GuestChoose(ctx, 1)
	s.GuestChoose(ctx, 5)
	add("guest, education")
	s.GuestChoose(ctx, 6)
	add("guest, occupation, 12 long choices")
	s.Cancel()
	// The kiosk's own occupations, required (an entrance kiosk's form).
	f.Occupations, f.Occupation = session.DefaultGuestForm().Occupations, session.FieldRequired
	s.Config.GuestForm = f
	s.Start(session.IntentVisit)
	s.GuestStart()
	for _, r := range "Ani" {
		s.GuestType(r)
	}
	s.GuestNext(ctx)
	s.GuestSkip(ctx)
	for range 4 {
		s.GuestChoose(ctx, 1)
	}
	add("guest, occupation, the kiosk's")
	s.Cancel()
	return out
}

// TestGuestNameDigits: the capital a name's word starts with does not
// turn the digits into signs ("SMA 3", not "Sma"), and erasing back to a
// word's start lights it again.
func TestGuestNameDigits(t *testing.T) {
	u, _, _, _ := makerspaceUI(t)
	tap(t, u, "Kunjungan")
	tap(t, u, "Saya tamu")
	typeKeys(t, u, "Spasi", "SMA")
	tap(t, u, "Spasi")
	if !shiftLit(u) {
		t.Fatal("no capital after a space")
	}
	tap(t, u, "3") // straight after the space, the capital still lit
	shows(t, u, "SMA 3")
	tap(t, u, "Spasi")
	tap(t, u, "B")
	tap(t, u, "⌫")
	if !shiftLit(u) {
		t.Fatal("erased back to a word's start: no capital")
	}
	tap(t, u, "⌫")
	if shiftLit(u) {
		t.Fatal("erased into a word: the capital is lit")
	}
	shows(t, u, "SMA 3")
	// Shift pressed on purpose still gives the signs.
	tap(t, u, "⇧")
	tap(t, u, "#")
	shows(t, u, "SMA 3")
}

// TestGuestNextAfterBack: back on an optional choice answered, Lanjut
// goes on with it (Lewati would clear it).
func TestGuestNextAfterBack(t *testing.T) {
	u, s, _, _ := makerspaceUI(t)
	tap(t, u, "Kunjungan")
	tap(t, u, "Saya tamu")
	typeKeys(t, u, "Spasi", "Rina")
	tap(t, u, "Lanjut")
	tap(t, u, "Lewati")
	tap(t, u, "Membaca")
	shows(t, u, "Jenis kelamin")
	if button(u, "Lanjut") != nil {
		t.Fatal("Lanjut on a choice not made")
	}
	tap(t, u, "Perempuan")
	shows(t, u, "Usia")
	tap(t, u, "Kembali")
	shows(t, u, "Jenis kelamin")
	tap(t, u, "Lanjut")
	shows(t, u, "Usia")
	if g := s.View().Guest; g.Steps[3].Value != "perempuan" {
		t.Fatalf("the answer after Back and Lanjut: %+v", g.Steps[3])
	}
}

// TestGuestStepStartsAtTop: each step of the guest form starts at its
// top, however far the last one was scrolled (a patron's finding: after
// Next the new step showed the old one's scroll, its question out of
// sight); a step drawn again keeps its place.
func TestGuestStepStartsAtTop(t *testing.T) {
	u, s, _, _ := makerspaceUI(t)
	u.Window.Resize(fyne.NewSize(800, 480))
	s.ToggleLargeText()
	f := &s.Config.GuestForm
	f.Purposes, f.Occupations = nil, nil // a library's own: long, a scroll's worth each
	for i := range 12 {
		f.Purposes = append(f.Purposes, fmt.Sprintf("Kegiatan komunitas literasi kelurahan %d", i))
		f.Occupations = append(f.Occupations, fmt.Sprintf("Tenaga kependidikan honorer kabupaten %d", i))
	}
	f.Gender, f.AgeGroup, f.Education, f.Occupation = session.FieldOff, session.FieldOff, session.FieldOff, session.FieldRequired
	tap(t, u, "Kunjungan")
	tap(t, u, "Saya tamu")
	typeKeys(t, u, "Spasi", "Rina")
	tap(t, u, "Lanjut")
	tap(t, u, "Lewati")
	shows(t, u, "Tujuan kunjungan")
	u.bodyScroll.Offset.Y = 60
	u.bodyScroll.Refresh()
	u.Render(s.View()) // the same step again: it stays
	if y := u.bodyScroll.Offset.Y; y != 60 {
		t.Fatalf("the same step drawn again scrolled to %v", y)
	}
	tap(t, u, "Kegiatan komunitas literasi kelurahan 3")
	shows(t, u, "Pekerjaan")
	if y := u.bodyScroll.Offset.Y; y != 0 {
		t.Fatalf("the next step starts scrolled to %v", y)
	}
}

// TestWedgeScanOnGuestForm: a keyboard-wedge scanner's card typed into
// the guest form's name is a scan at its Enter — the member's visit is
// counted, the form dropped — and an item's barcode typed there is taken
// back out of the name; a name typed at a person's pace on a hardware
// keyboard stays a name (a patron's finding: the card went into the
// name, "Ani20001000000012").
func TestWedgeScanOnGuestForm(t *testing.T) {
	u, s, _, clock := makerspaceUI(t)
	gb := s.GuestBook.(*guestBook)
	s.Config.Classifier = kiosk.Classifier{ // the kiosk's default patterns
		Patron: []kiosk.ScanPattern{{Prefix: "2", Length: 14}},
		Item:   []kiosk.ScanPattern{{Prefix: "3", Length: 14}},
	}
	typeHW := func(text string, pace time.Duration) {
		clock.Advance(time.Second) // a pause before it
		for _, r := range text {
			clock.Advance(pace)
			u.Window.Canvas().OnTypedRune()(r)
		}
	}
	enter := func() { u.Window.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn}) }
	tap(t, u, "Kunjungan")
	tap(t, u, "Saya tamu")
	typeHW("Ani", 200*time.Millisecond)
	typeHW("30001000000010", 5*time.Millisecond) // a book's barcode
	enter()
	shows(t, u, "Ani", "Pindaian tidak dipakai di layar ini.")
	if v := s.View(); v.Screen != session.ScreenGuest || v.Guest.Current().Value != "Ani" {
		t.Fatalf("after an item's barcode: %s %+v", v.Screen, v.Guest)
	}
	typeHW("20001000000012", 5*time.Millisecond) // Siti's card
	enter()
	shows(t, u, "Kunjungan Anda sudah tercatat")
	if len(gb.visits) != 1 || gb.visits[0].Card != "20001000000012" || gb.visits[0].Guest.Name != "" {
		t.Fatalf("visits %+v", gb.visits)
	}
	// Words typed by a person, then Enter: the form's Next.
	s.Done()
	tap(t, u, "Kunjungan")
	tap(t, u, "Saya tamu")
	typeHW("Budi 2", 150*time.Millisecond)
	enter()
	shows(t, u, "Langkah 2 dari")
	if v := s.View(); v.Guest.Steps[0].Value != "Budi 2" {
		t.Fatalf("the name %q", v.Guest.Steps[0].Value)
	}
}
