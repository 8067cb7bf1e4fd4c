package kiosk

import (
	"errors"
	"fmt"
)

// Code classifies an error for programs; the message Key says it to people.
type Code string

// Error codes.
const (
	EINVALID     Code = "invalid"     // the input is malformed
	ENOTFOUND    Code = "not_found"   // the card, item or record does not exist
	ECONFLICT    Code = "conflict"    // the request contradicts current state
	EFORBIDDEN   Code = "forbidden"   // a rule or a block refuses the request
	EUNAUTH      Code = "unauth"      // the patron could not be authenticated
	EUNAVAILABLE Code = "unavailable" // a device or the library system is down
	EINTERNAL    Code = "internal"    // anything else; never shown in detail
)

// Error is an error a patron may see. Key names a message in the Catalog;
// Args fill its {placeholders}. Err optionally wraps the underlying cause,
// which is logged but never shown.
type Error struct {
	Code Code
	Key  string
	Args map[string]string
	Err  error
}

// Errorf returns an *Error with the given code and message key. kv are
// placeholder name/value pairs: Errorf(EFORBIDDEN, KeyOverLimit, "max", "5").
func Errorf(code Code, key string, kv ...string) *Error {
	return &Error{Code: code, Key: key, Args: args(kv)}
}

// Wrap returns a copy of e that also carries cause for the logs.
func (e *Error) Wrap(cause error) *Error {
	c := *e
	c.Err = cause
	return &c
}

func (e *Error) Error() string {
	s := fmt.Sprintf("kiosk: %s: %s", e.Code, e.Key)
	if len(e.Args) > 0 {
		s += fmt.Sprintf(" %v", e.Args)
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for any other non-nil error and "" for nil.
func ErrorCode(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorKey returns the message key of the first *Error in err's chain, or
// KeyInternal for any other non-nil error: internal details never reach a
// patron.
func ErrorKey(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Key
	}
	return KeyInternal
}

// ErrorArg returns placeholder name of the first *Error in err's chain.
func ErrorArg(err error, name string) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Args[name]
	}
	return ""
}

// ErrorMessage turns err into a Message for the patron.
func ErrorMessage(err error) Message {
	if err == nil {
		return Message{}
	}
	var e *Error
	if errors.As(err, &e) {
		return Message{Key: e.Key, Args: e.Args, Level: LevelError}
	}
	return Message{Key: KeyInternal, Level: LevelError}
}
