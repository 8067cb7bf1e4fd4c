package session

import "github.com/anjungan/anjungan/kiosk"

// The kiosk's mode for staff: in or out of service, with a notice for
// patrons.

// SetOnMode sets a function called after every change of mode or notice
// (staff want the new state at once). It must not block.
func (s *Session) SetOnMode(fn func()) {
	s.mu.Lock()
	s.onMode = fn
	s.mu.Unlock()
}

// SetMode takes the kiosk out of service with a message for patrons, or
// puts it back. A visit under way may finish; none starts while out of
// service. It is not patron activity.
func (s *Session) SetMode(mode kiosk.Mode, message string) {
	s.kioskState(func(v *View) {
		v.OutOfService = mode == kiosk.ModeOutOfService
		v.ServiceMessage = ""
		if v.OutOfService {
			v.ServiceMessage = message
		}
	})
}

// Mode returns the kiosk's mode and its out-of-service message.
func (s *Session) Mode() (kiosk.Mode, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.view.OutOfService {
		return kiosk.ModeOutOfService, s.view.ServiceMessage
	}
	return kiosk.ModeInService, ""
}

// SetNotice shows a staff message on the home screen; "" removes it.
func (s *Session) SetNotice(message string) {
	s.kioskState(func(v *View) { v.Notice = message })
}

// kioskState changes kiosk-level state and publishes it without counting
// as patron activity.
func (s *Session) kioskState(fn func(v *View)) {
	s.mu.Lock()
	fn(&s.view)
	v, publish, onMode := s.view.clone(), s.onChange, s.onMode
	s.mu.Unlock()
	if publish != nil {
		publish(v)
	}
	if onMode != nil {
		onMode()
	}
}

// outOfService reports whether no visit may start now.
func (s *Session) outOfService() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.view.OutOfService
}
