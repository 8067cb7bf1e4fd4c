package main

import (
	"context"
	"time"

	"github.com/anjungan/anjungan/internal/backoff"
	"github.com/anjungan/anjungan/kiosk/guestbook"
	"github.com/anjungan/anjungan/kiosk/sitebook"
)

// shareBatch bounds the rows of each kind copied in one transaction.
const shareBatch = 2000

// ratingSettle is how long a rating waits on the kiosk before it is
// copied: its comment may follow while the visitor is still there.
const ratingSettle = 5 * time.Minute

// shareEvery is how often the kiosk copies its new guest-book rows to the
// site's store, unless Main says otherwise.
const shareEvery = 30 * time.Second

// shareNumbers copies the guest book's new rows to the site's store
// (guestbook.site_database) every shareEvery until ctx ends: the store
// says what it has of this kiosk's, the kiosk sends what is above it, so
// a row is never lost to an outage nor kept twice. The server away is
// logged once and retried with backoff; the kiosk serves meanwhile.
func (m *Main) shareNumbers(ctx context.Context) error {
	site := &sitebook.Store{URL: m.Config.GuestBook.SiteDatabase, Logger: m.Logger}
	b := &backoff.Backoff{Name: "site store", Min: time.Second, Max: 5 * time.Minute, Logger: m.Logger}
	opened := false
	defer func() {
		if opened {
			site.Close()
		}
	}()
	for {
		err := func() error {
			if !opened {
				if err := site.Open(ctx); err != nil {
					return err
				}
				opened = true
			}
			return copyNumbers(ctx, m.GuestBook, site, m.Config.Kiosk.ID, m.now().Add(-ratingSettle))
		}()
		if m.onShared != nil {
			m.onShared(err)
		}
		wait := m.shareEvery
		if wait <= 0 {
			wait = shareEvery
		}
		if err != nil && ctx.Err() == nil {
			wait = b.Fault(err)
		} else if err == nil {
			b.Recovered()
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(wait):
		}
	}
}

// copyNumbers sends every row of gb above the site's marks for kioskID,
// a batch at a time (ratings given before settled).
func copyNumbers(ctx context.Context, gb *guestbook.Store, site *sitebook.Store, kioskID string, settled time.Time) error {
	for {
		marks, err := site.Marks(ctx, kioskID)
		if err != nil {
			return err
		}
		var batch sitebook.Batch
		if batch.Visits, err = gb.VisitsAfter(ctx, marks.Visits, shareBatch); err != nil {
			return err
		}
		if batch.Ratings, err = gb.RatingsAfter(ctx, marks.Ratings, settled, shareBatch); err != nil {
			return err
		}
		if batch.Tallies, err = gb.TalliesAfter(ctx, marks.Tallies, shareBatch); err != nil {
			return err
		}
		answers, err := gb.SurveyAfter(ctx, marks.Answers, shareBatch)
		if err != nil {
			return err
		}
		for _, a := range answers {
			r := a.Respondent
			batch.Answers = append(batch.Answers, sitebook.Answer{ID: a.ID, At: a.At, Kiosk: a.Kiosk, Scores: a.Scores,
				Gender: r.Gender, Age: r.Age, Education: r.Education, Occupation: r.Occupation, Service: r.Service, Comment: a.Comment})
		}
		if batch.Len() == 0 {
			return nil
		}
		if err := site.Put(ctx, kioskID, batch); err != nil {
			return err
		}
		if len(batch.Visits) < shareBatch && len(batch.Ratings) < shareBatch && len(batch.Tallies) < shareBatch && len(answers) < shareBatch {
			return nil
		}
	}
}
