package offline

import (
	"context"
	"errors"
	"testing"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/mock"
)

// checking is a library that tells members' cards.
type checking struct {
	kiosk.Circulation
}

func (checking) CheckMember(_ context.Context, card string) error {
	if card == "2001" {
		return nil
	}
	return kiosk.Errorf(kiosk.ENOTFOUND, kiosk.KeyPatronUnknown)
}

// TestQueueCheckMember: the guest book's card check goes through the
// queue to a library that can tell; one that cannot says so with
// kiosk.ErrNoMemberCheck (the session then goes by the card patterns
// and logs nothing).
func TestQueueCheckMember(t *testing.T) {
	ctx := context.Background()
	q := &Queue{Online: checking{&mock.Circulation{}}}
	if err := q.CheckMember(ctx, "2001"); err != nil {
		t.Fatalf("a member: %v", err)
	}
	if err := q.CheckMember(ctx, "9999"); kiosk.ErrorKey(err) != kiosk.KeyPatronUnknown {
		t.Fatalf("unknown: %v", err)
	}
	q = &Queue{Online: &mock.Circulation{}}
	if err := q.CheckMember(ctx, "2001"); !errors.Is(err, kiosk.ErrNoMemberCheck) {
		t.Fatalf("a library that cannot tell: %v", err)
	}
}
