package guestbooktest

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	_ "github.com/mattn/go-sqlite3" // the guest book's driver

	"github.com/anjungan/anjungan/kiosk/guestbook"
)

// Write puts the year's events of one kiosk (all kiosks' for "") into
// the guest book file at path, creating it, in one transaction.
func Write(ctx context.Context, path string, loc *time.Location, y Year, kioskID string) error {
	s := &guestbook.Store{Path: path, Location: loc}
	if err := s.Open(ctx); err != nil { // the schema
		return err
	}
	s.Close()
	db, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=WAL&_busy_timeout=5000")
	if err != nil {
		return err
	}
	defer db.Close()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	mine := func(k string) bool { return kioskID == "" || k == kioskID }
	insert := func(query string, n int, args func(i int) ([]any, bool)) error {
		st, err := tx.PrepareContext(ctx, query)
		if err != nil {
			return err
		}
		defer st.Close()
		for i := range n {
			a, ok := args(i)
			if !ok {
				continue
			}
			if _, err := st.ExecContext(ctx, a...); err != nil {
				return fmt.Errorf("%s: %w", query, err)
			}
		}
		return nil
	}
	err = insert(`INSERT INTO visits (at, day, kiosk, card, name, origin, gender, age_group, education, occupation, purpose)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, len(y.Visits), func(i int) ([]any, bool) {
		v := y.Visits[i]
		g := v.Guest
		return []any{v.At.Unix(), v.At.In(loc).Format(time.DateOnly), v.Kiosk, v.Card, g.Name, g.Origin, g.Gender, g.AgeGroup,
			g.Education, g.Occupation, v.Purpose}, mine(v.Kiosk)
	})
	if err != nil {
		return err
	}
	err = insert(`INSERT INTO circulation (at, kiosk, op) VALUES (?, ?, ?)`, len(y.Tallies), func(i int) ([]any, bool) {
		t := y.Tallies[i]
		return []any{t.At.Unix(), t.Kiosk, t.Op}, mine(t.Kiosk)
	})
	if err != nil {
		return err
	}
	err = insert(`INSERT INTO ratings (at, kiosk, score, comment) VALUES (?, ?, ?, ?)`, len(y.Ratings), func(i int) ([]any, bool) {
		r := y.Ratings[i]
		return []any{r.At.Unix(), r.Kiosk, r.Score, r.Comment}, mine(r.Kiosk)
	})
	if err != nil {
		return err
	}
	err = insert(`INSERT INTO skm_responses (at, kiosk, u1, u2, u3, u4, u5, u6, u7, u8, u9, gender, age, education, occupation, service, comment)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, len(y.Answers), func(i int) ([]any, bool) {
		a := y.Answers[i]
		sc, p := a.Scores, a.Respondent
		return []any{a.At.Unix(), a.Kiosk, sc[0], sc[1], sc[2], sc[3], sc[4], sc[5], sc[6], sc[7], sc[8],
			p.Gender, p.Age, p.Education, p.Occupation, p.Service, a.Comment}, mine(a.Kiosk)
	})
	if err != nil {
		return err
	}
	return tx.Commit()
}
