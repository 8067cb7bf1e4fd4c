package guestbook

import (
	"context"
	"fmt"
	"time"

	"github.com/anjungan/anjungan/kiosk/survey"
)

// Respondent is who answered the SKM (survey.Respondent).
type Respondent = survey.Respondent

// SurveyAnswer is one respondent's SKM (survey.Answer).
type SurveyAnswer = survey.Answer

var _ survey.Recorder = (*Store)(nil)

// RecordSurvey keeps one respondent's SKM answers.
func (s *Store) RecordSurvey(ctx context.Context, a SurveyAnswer) error {
	if err := a.Scores.Validate(); err != nil {
		return fmt.Errorf("guest book: SKM: %w", err)
	}
	if a.Respondent.Age < 0 || a.Respondent.Age > survey.MaxAge {
		return fmt.Errorf("guest book: SKM: age %d", a.Respondent.Age)
	}
	if a.At.IsZero() {
		a.At = s.Now()
	}
	sc, r := a.Scores, a.Respondent
	_, err := s.db.W.ExecContext(ctx, `INSERT INTO skm_responses (at, kiosk, u1, u2, u3, u4, u5, u6, u7, u8, u9,
		gender, age, education, occupation, service, comment) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.At.Unix(), a.Kiosk, sc[0], sc[1], sc[2], sc[3], sc[4], sc[5], sc[6], sc[7], sc[8],
		clean(r.Gender), r.Age, clean(r.Education), clean(r.Occupation), clean(r.Service), comment(a.Comment))
	if err != nil {
		return fmt.Errorf("guest book: SKM: %w", err)
	}
	return nil
}

// Survey returns the SKM answers of [from, to), oldest first.
func (s *Store) Survey(ctx context.Context, from, to time.Time) ([]SurveyAnswer, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT at, kiosk, u1, u2, u3, u4, u5, u6, u7, u8, u9, gender, age, education, occupation, service, comment
		FROM skm_responses WHERE at >= ? AND at < ? ORDER BY at, id`, from.Unix(), to.Unix())
	if err != nil {
		return nil, fmt.Errorf("guest book: SKM: %w", err)
	}
	defer rows.Close()
	var out []SurveyAnswer
	for rows.Next() {
		var a SurveyAnswer
		var at int64
		sc := &a.Scores
		if err := rows.Scan(&at, &a.Kiosk, &sc[0], &sc[1], &sc[2], &sc[3], &sc[4], &sc[5], &sc[6], &sc[7], &sc[8],
			&a.Respondent.Gender, &a.Respondent.Age, &a.Respondent.Education, &a.Respondent.Occupation, &a.Respondent.Service, &a.Comment); err != nil {
			return nil, fmt.Errorf("guest book: SKM: %w", err)
		}
		a.At = time.Unix(at, 0).In(s.Location)
		out = append(out, a)
	}
	return out, rows.Err()
}

// SKM computes the index of the answers of [from, to).
func (s *Store) SKM(ctx context.Context, from, to time.Time) (survey.Result, error) {
	answers, err := s.Survey(ctx, from, to)
	if err != nil {
		return survey.Result{}, err
	}
	rs := make([]survey.Response, len(answers))
	for i, a := range answers {
		rs[i] = a.Scores
	}
	return survey.Compute(rs)
}
