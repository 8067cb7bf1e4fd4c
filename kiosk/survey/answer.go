package survey

import (
	"context"
	"time"
)

// Respondent is who answered, as the regulation's questionnaire asks it
// (its PROFIL): jenis kelamin, usia, pendidikan, pekerjaan and the
// service received. Each is optional: "" (0 for Age) when not given;
// given, it is one of the Codes of Genders, Educations, Occupations and
// Services.
type Respondent struct {
	Gender     string
	Age        int // years, 1 to MaxAge
	Education  string
	Occupation string
	Service    string
}

// Answer is one respondent's SKM: the nine scores, who answered, and an
// optional comment (saran dan masukan).
type Answer struct {
	At         time.Time
	Kiosk      string
	Scores     Response
	Respondent Respondent
	Comment    string
}

// Recorder keeps SKM answers.
type Recorder interface {
	RecordSurvey(ctx context.Context, a Answer) error
}
