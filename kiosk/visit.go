package kiosk

import (
	"context"
	"errors"
	"time"
)

// Visit is one entry of the library's guest book (buku tamu): a member
// counted by their card (never more of their record), or a guest by the
// fields the library asks for.
type Visit struct {
	ID    int64
	At    time.Time
	Kiosk string
	// Card is the member's card; empty for a guest.
	Card  string
	Guest Guest
	// Pass is the visitor pass an event guest scanned (its event and
	// number), counted once a library day; empty otherwise.
	Pass string
	// Purpose is why they came: one of the library's purposes (membaca,
	// meminjam, …), empty when not asked.
	Purpose string
}

// Member reports whether the visit is a member's.
func (v Visit) Member() bool { return v.Card != "" }

// Guest is what a guest without a card tells the guest book; each field
// but Name is asked only where the library configures it.
type Guest struct {
	Name       string
	Origin     string // origin or institution
	Gender     string
	AgeGroup   string
	Education  string
	Occupation string
}

// Rating is a visitor's one-tap satisfaction rating (1 to 5 faces) with
// an optional comment (kotak saran).
type Rating struct {
	ID      int64
	At      time.Time
	Kiosk   string
	Score   int
	Comment string
}

// GuestBook keeps the library's visits and ratings.
type GuestBook interface {
	// RecordVisit records a visit; a member's second visit on the same
	// library day is not counted again when the book is set so, and
	// reports false.
	RecordVisit(ctx context.Context, v Visit) (counted bool, err error)
	RecordRating(ctx context.Context, r Rating) error
}

// ErrNoMemberCheck is a MemberChecker's answer when the library system
// behind it does not tell members' cards (a wrapper over any system).
var ErrNoMemberCheck = errors.New("the library system does not tell members' cards")

// MemberChecker is a library system that tells, without a PIN, whether
// a card is a member's: the guest book counts members' cards, not any
// code typed or scanned at the entrance.
type MemberChecker interface {
	// CheckMember returns nil for a member's card; KeyPatronUnknown for a
	// card the library does not know; KeyPatronBlocked for a card that
	// may not be used (lost, barred); KeyPatronExpired or
	// KeyPatronPending for a member who is still a member but must see
	// staff. Any other error: the system could not tell.
	CheckMember(ctx context.Context, card string) error
}

// RatingCommenter is a guest book that keeps the comment (kotak saran) a
// visitor writes after their one-tap rating with that rating: the rating
// is recorded at the tap (a visitor who walks away has rated), the
// comment added when written.
type RatingCommenter interface {
	// RecordRatingID records r as RecordRating does and returns its id.
	RecordRatingID(ctx context.Context, r Rating) (int64, error)
	// CommentRating sets the comment of the rating id.
	CommentRating(ctx context.Context, id int64, comment string) error
}

// MaxComment is the longest comment kept, in characters.
const MaxComment = 1000

// Circulation operations the numbers count.
const (
	OpCheckout = "checkout"
	OpCheckin  = "checkin"
	OpRenew    = "renew"
)

// Tally is one counted circulation: what was done, where and when —
// never who or which copy.
type Tally struct {
	ID    int64 // the store's, once kept
	At    time.Time
	Kiosk string
	Op    string // OpCheckout, OpCheckin or OpRenew
}

// Tallier keeps the kiosk's circulation counts for the library's
// numbers, so that they survive restarts and add up over a site's kiosks.
type Tallier interface {
	RecordTally(ctx context.Context, t Tally) error
}

// VisitRecorder is a library system that keeps its own visitor counter
// (SLiMS's visitor_count): the guest book also writes each visit there,
// by that system's own rules.
type VisitRecorder interface {
	// RecordLibraryVisit records a visit; a member's visit carries the
	// card, a guest's the name and origin. recorded is false when the
	// system's rules keep it out (a check-in again within its limit, a
	// guest without an institution, an unknown card).
	RecordLibraryVisit(ctx context.Context, v Visit) (recorded bool, err error)
}
