package guestbook_test

import (
	"strings"
	"testing"
	"time"

	"github.com/anjungan/anjungan/kiosk"
)

// TestRatingComment: a rating recorded at the tap, its comment (kotak
// saran) added afterwards to that rating and no other, tidied and
// bounded; a comment for no rating is an error.
func TestRatingComment(t *testing.T) {
	s, clock := open(t, true)
	first, err := s.RecordRatingID(ctx, kiosk.Rating{Score: 4, Kiosk: "k1"})
	if err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Minute)
	second, err := s.RecordRatingID(ctx, kiosk.Rating{Score: 2, Kiosk: "k1"})
	if err != nil || second == first {
		t.Fatalf("ids %d %d %v", first, second, err)
	}
	if err := s.CommentRating(ctx, second, strings.Repeat("a", kiosk.MaxComment+50)); err != nil {
		t.Fatal(err)
	}
	if err := s.CommentRating(ctx, second+100, "x"); err == nil {
		t.Fatal("a comment for no rating was taken")
	}
	if err := s.CommentRating(ctx, first, "  Tolong tambah kursi di ruang baca anak.  "); err != nil {
		t.Fatal(err)
	}
	got, err := s.Ratings(ctx, monday.Add(-time.Hour), monday.Add(time.Hour))
	if err != nil || len(got) != 2 {
		t.Fatalf("ratings %+v %v", got, err)
	}
	if got[0].ID != first || got[0].Score != 4 || got[0].Comment != "Tolong tambah kursi di ruang baca anak." || got[0].Kiosk != "k1" {
		t.Errorf("first %+v", got[0])
	}
	if got[1].Score != 2 || len(got[1].Comment) != kiosk.MaxComment {
		t.Errorf("second: score %d, comment of %d", got[1].Score, len(got[1].Comment))
	}
}
