// Package session is the kiosk's patron flows without any window: home,
// identify (card and PIN), borrow, return, my account, finish, and the
// inactivity countdown; and the makerspace: the equipment list with each
// machine's state, a resource's day views, booking a slot (identified
// first when needed; the booking's QR code shown and printed), a
// patron's upcoming bookings in My account with cancelling, and checking
// in by scanning the booking's signed QR code at the kiosk (from home or
// the makerspace screens; on other screens the patron is asked to finish
// first); and the guest book: a member signs it with their card alone, a
// guest without a card on a short form in steps (the fields the library
// asks, each off, optional or required), an event's guest with a
// site-signed visitor pass, then a one-tap rating and its comment; and the
// public-service satisfaction survey (SKM): the respondent's profile, the
// nine elements one a screen, a comment. A Session holds one patron's
// visit at a time and publishes a
// View after every change; kiosk/ui draws Views and calls the Session's
// methods, and tests call them directly with a fake clock.
//
// A Session's methods may block on the library system, so the UI calls
// them off its own goroutine. Operations are serialised; View snapshots
// never share memory with the Session. When a visit ends — the patron
// finishes, cancels, or walks away — every trace of the patron (card, PIN,
// name, loans, a guest's half-filled form) is dropped from the Session
// and from the View.
package session
