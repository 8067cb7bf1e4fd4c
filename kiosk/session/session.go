package session

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/anjungan/anjungan/booking"
	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/survey"
	"github.com/anjungan/anjungan/kiosk/visitorpass"
)

// Config is a Session's settings.
type Config struct {
	Library     string
	Lang        string // default language
	LargeText   bool   // default accessibility settings
	PINRequired bool
	// PINLetters: patrons type a password (letters, digits and signs) on
	// a keyboard instead of a numeric PIN on the pad — a library system
	// whose members log in with a password (SLiMS).
	PINLetters bool
	// IdleTimeout ends a visit with no activity; the countdown shows for
	// the last IdleWarning of it.
	IdleTimeout time.Duration
	IdleWarning time.Duration
	// FinishDelay is how long the summary stays before home comes back.
	FinishDelay  time.Duration
	Classifier   kiosk.Classifier
	ReceiptWidth int
	// Kiosk is this kiosk's id, recorded on bookings and check-ins.
	Kiosk string
	// Entrance: the kiosk stands at the entrance, the guest book first —
	// a card scanned on the home screen signs it (with a GuestBook).
	Entrance bool
	// Survey: the home screen offers the SKM too (with a Survey
	// recorder; the summary after a visit always does).
	Survey bool
	// GuestForm is what a guest without a card is asked.
	GuestForm GuestForm
}

// DefaultConfig returns the settings a kiosk ships with.
func DefaultConfig() Config {
	return Config{
		Library:      "Perpustakaan",
		Lang:         kiosk.LangID,
		PINRequired:  true,
		IdleTimeout:  60 * time.Second,
		IdleWarning:  15 * time.Second,
		FinishDelay:  15 * time.Second,
		ReceiptWidth: 42,
		GuestForm:    DefaultGuestForm(),
	}
}

// Session runs the patron flows of one kiosk. Set the fields, then use
// it; Run owns its timer loop.
type Session struct {
	Config  Config
	Circ    kiosk.Circulation
	Printer kiosk.Printer // nil: receipts are shown on screen
	// GuestBook counts visits and ratings; nil: no guest book.
	GuestBook kiosk.GuestBook
	// Tally keeps loans, returns and renewals for the library's numbers
	// (counts only); nil: today's counters only.
	Tally kiosk.Tallier
	// Survey keeps SKM answers; nil: the kiosk offers no SKM.
	Survey  survey.Recorder
	Catalog *kiosk.Catalog
	// Lockout counts wrong PINs: the kiosk's own (*Lockout), or one
	// shared with other kiosks and the web (Shared).
	Lockout kiosk.PINGuard
	Now     func() time.Time
	Logger  *slog.Logger

	// Booking is the makerspace; nil when the kiosk offers none. Signer
	// signs and checks booking QR codes. Location is the library's time
	// zone for days and times on screen.
	Booking  booking.Service
	Signer   booking.Signer
	Location *time.Location
	// OnEvent, when set, hears of transactions and faults, for staff (no
	// patron data). It runs on the caller's goroutine and must not block.
	OnEvent func(kiosk.Event)
	// Machines, when set, gives the makerspace machines' live states by
	// resource id: a machine in error shows as out of service.
	Machines func() map[string]kiosk.MachineState
	// Passes checks events' visitor passes; without a secret it refuses
	// them.
	Passes visitorpass.Signer

	op sync.Mutex // serialises operations, which may block on the library

	mu       sync.Mutex // guards the fields below
	view     View
	cred     kiosk.Credentials
	patron   booking.Patron // what booking rules need, while identified
	pin      []byte
	activity time.Time
	finishAt time.Time
	ratingID int64     // the rating just given, for its comment
	ratedAt  time.Time // when it was given: a double tap on a face is no comment begun
	// checkDown: the library stopped answering whether cards are
	// members' (logged once, until it answers again).
	checkDown bool
	onChange  func(View)
	onMode    func()
	counts    counters
}

// New returns a Session with defaults filled in and the home screen up.
func New(cfg Config, circ kiosk.Circulation, cat *kiosk.Catalog) *Session {
	s := &Session{Config: cfg, Circ: circ, Catalog: cat, Now: time.Now, Logger: slog.Default()}
	s.Lockout = &Lockout{Max: 5, For: 15 * time.Minute}
	s.reset()
	return s
}

// View returns a snapshot of what the kiosk shows now.
func (s *Session) View() View {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.view.clone()
}

// screen returns the current screen without copying the View.
func (s *Session) screen() Screen {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.view.Screen
}

// SetOnChange sets the function that receives a snapshot after every
// change, on the goroutine that made it; fn must not block. It may be set
// while devices already feed the Session (the window comes up after the
// scanners), so it is guarded like the state.
func (s *Session) SetOnChange(fn func(View)) {
	s.mu.Lock()
	s.onChange = fn
	s.mu.Unlock()
}

// update changes state under the lock, marks activity and publishes.
func (s *Session) update(fn func(v *View)) {
	s.mu.Lock()
	s.activity = s.Now()
	fn(&s.view)
	v, publish := s.view.clone(), s.onChange
	s.mu.Unlock()
	if publish != nil {
		publish(v)
	}
}

// call runs a library request with the Busy flag up around it.
func (s *Session) call(fn func() error) error {
	s.update(func(v *View) { v.Busy = true })
	err := fn()
	s.mu.Lock()
	s.view.Busy = false
	s.mu.Unlock()
	return err
}

// reset ends the visit: nothing of the patron survives it.
func (s *Session) reset() {
	for i := range s.pin {
		s.pin[i] = 0
	}
	s.pin = nil
	s.cred = kiosk.Credentials{}
	s.patron = booking.Patron{}
	s.finishAt = time.Time{}
	s.ratingID = 0
	s.view = View{Screen: ScreenHome, Lang: s.Config.Lang, LargeText: s.Config.LargeText, ScannerDown: s.view.ScannerDown,
		OutOfService: s.view.OutOfService, ServiceMessage: s.view.ServiceMessage, Notice: s.view.Notice}
	if s.view.Lang == "" {
		s.view.Lang = kiosk.LangID
	}
}

// begin starts a new visit from home: nothing of an earlier patron
// survives, but the language and display settings chosen on the home
// screen a moment ago stay.
func (s *Session) begin() {
	lang, large, contrast := s.view.Lang, s.view.LargeText, s.view.HighContrast
	s.reset()
	s.view.Lang, s.view.LargeText, s.view.HighContrast = lang, large, contrast
}

// Cancel ends the visit and goes home.
func (s *Session) Cancel() {
	s.op.Lock()
	defer s.op.Unlock()
	cred := s.credentials()
	s.update(func(*View) { s.reset() })
	s.Logger.Info("visit ended", "reason", "cancel")
	s.endSession(cred)
}

// endSession tells a library system that wants to know (SIP2's End
// Patron Session) that the patron's visit is over. It runs after the
// screen has gone home, and waits at most a few seconds.
func (s *Session) endSession(cred kiosk.Credentials) {
	e, ok := s.Circ.(kiosk.SessionEnder)
	if !ok || cred.Card == "" {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if err := e.EndSession(ctx, cred); err != nil && kiosk.ErrorCode(err) != kiosk.EUNAVAILABLE {
		s.Logger.Warn("end of visit not told to the library system", "err", err)
	}
}

// SetLang switches the language for the rest of the visit.
func (s *Session) SetLang(lang string) {
	s.update(func(v *View) { v.Lang = lang })
}

// ToggleLargeText switches large text on or off.
func (s *Session) ToggleLargeText() {
	s.update(func(v *View) { v.LargeText = !v.LargeText })
}

// ToggleHighContrast switches high contrast on or off.
func (s *Session) ToggleHighContrast() {
	s.update(func(v *View) { v.HighContrast = !v.HighContrast })
}

// SetScannerDown says whether the kiosk has no working scanner. It is not
// patron activity: it does not hold a visit open.
func (s *Session) SetScannerDown(down bool) {
	s.mu.Lock()
	changed := s.view.ScannerDown != down
	s.view.ScannerDown = down
	v, publish := s.view.clone(), s.onChange
	s.mu.Unlock()
	if changed && publish != nil {
		publish(v)
	}
}

// Active records that the patron is doing something the session does
// not see yet (typing a barcode or card number digit by digit on the
// keypad): the visit does not time out under their fingers. It publishes
// only to take a countdown down.
func (s *Session) Active() {
	s.mu.Lock()
	s.activity = s.Now()
	showing := s.view.Countdown != 0
	s.mu.Unlock()
	if showing {
		s.Touch()
	}
}

// Touch records patron activity (any tap) and dismisses the countdown.
func (s *Session) Touch() {
	s.update(func(v *View) { v.Countdown = 0 })
}

// Tick advances the timers: the inactivity countdown, the end of an idle
// visit and the return home from the summary. Run calls it; tests call it
// after moving their clock.
func (s *Session) Tick() {
	s.mu.Lock()
	now := s.Now()
	v := &s.view
	changed, ended := false, false
	var endCred kiosk.Credentials
	switch {
	case v.Busy || v.Screen == ScreenHome:
		if v.Screen == ScreenHome && !v.Message.IsZero() && now.Sub(s.activity) > s.Config.IdleWarning {
			v.Message, changed = kiosk.Message{}, true // let an old notice fade
		}
	case (v.Screen == ScreenFinish || v.Screen == ScreenBooked || v.Screen == ScreenCheckin || v.Screen == ScreenSurveyThanks) && !s.finishAt.IsZero() && !now.Before(s.finishAt):
		s.reset()
		changed = true
	default:
		left := s.Config.IdleTimeout - now.Sub(s.activity)
		countdown := 0
		if left <= s.Config.IdleWarning {
			countdown = int((left + time.Second - 1) / time.Second)
		}
		if left <= 0 {
			endCred = s.cred
			s.reset()
			changed, ended = true, true
		} else if countdown != v.Countdown {
			v.Countdown, changed = countdown, true
		}
	}
	snap, publish := s.view.clone(), s.onChange
	s.mu.Unlock()
	if ended {
		s.Logger.Info("visit ended", "reason", "inactivity")
	}
	defer s.endSession(endCred) // after the screen is home
	if changed && publish != nil {
		publish(snap)
	}
}

// Run ticks the timers until ctx ends.
func (s *Session) Run(ctx context.Context) error {
	t := time.NewTicker(250 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
			s.Tick()
		}
	}
}

// Start begins a visit from the home screen.
func (s *Session) Start(intent Intent) {
	s.op.Lock()
	defer s.op.Unlock()
	if s.outOfService() {
		return
	}
	s.update(func(v *View) {
		s.begin()
		v.Intent = intent
		if intent == IntentReturn {
			v.Screen = ScreenReturn
		} else {
			v.Screen = ScreenIdentify
		}
	})
}

// Session-level message keys.
const (
	KeyChooseFirst   = "home.choose_first"
	KeyEnterPINFirst = "pin.enter_first"
	KeyScanIgnored   = "scan.ignored"
	KeyDuplicate     = "scan.duplicate"
	KeyWelcome       = "identify.welcome"
	// The PIN's messages for a password typed on the letters keyboard.
	KeyPasswordWrong    = "password.wrong"
	KeyPasswordRequired = "password.required"
	KeyPasswordLocked   = "password.locked"
	KeyNothingToDo      = "finish.nothing"
	KeyPrinted          = "finish.printed"
	KeyNotSelected      = "account.none_selected"
)
