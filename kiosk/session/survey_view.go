package session

import "github.com/anjungan/anjungan/kiosk/survey"

// Survey screens.
const (
	// ScreenSurvey asks one question of the SKM, or for a comment.
	ScreenSurvey Screen = "survey"
	// ScreenSurveyThanks thanks the respondent; home comes back after
	// FinishDelay.
	ScreenSurveyThanks Screen = "survey_thanks"
)

// SurveyStep is one screen of the survey, in the order asked: the
// respondent's profile as the regulation's questionnaire asks it, the
// nine elements, then the comment.
type SurveyStep int

// Survey steps.
const (
	StepGender SurveyStep = iota
	StepAge
	StepEducation
	StepOccupation
	StepService
	StepElement // one of the nine elements: SurveyView.Element
	StepComment
)

// ProfileSteps is how many profile questions come before the elements.
const ProfileSteps = int(StepElement)

// MaxComment is the most characters a comment takes on the on-screen
// keyboard.
const MaxComment = 200

// SurveyView is the survey under way.
type SurveyView struct {
	Step SurveyStep
	// Element is the element asked on StepElement, 0 to 8.
	Element int
	// The answers so far: a score of 0 and "" are not answered.
	Respondent survey.Respondent
	Scores     survey.Response
	// Age is the digits typed for the age.
	Age     string
	Comment string
	// Rating: only the comment, for the one-tap rating just given (Tulis
	// saran), not the SKM.
	Rating bool
}

// Options are the answers of a profile step, nil for the others.
func (sv *SurveyView) Options() []survey.Option {
	switch sv.Step {
	case StepGender:
		return survey.Genders
	case StepEducation:
		return survey.Educations
	case StepOccupation:
		return survey.Occupations
	case StepService:
		return survey.Services
	}
	return nil
}

// Chosen is the profile answer of the current step, "" for none.
func (sv *SurveyView) Chosen() string {
	switch sv.Step {
	case StepGender:
		return sv.Respondent.Gender
	case StepEducation:
		return sv.Respondent.Education
	case StepOccupation:
		return sv.Respondent.Occupation
	case StepService:
		return sv.Respondent.Service
	}
	return ""
}

func (sv *SurveyView) setChosen(code string) {
	switch sv.Step {
	case StepGender:
		sv.Respondent.Gender = code
	case StepEducation:
		sv.Respondent.Education = code
	case StepOccupation:
		sv.Respondent.Occupation = code
	case StepService:
		sv.Respondent.Service = code
	}
}

// Answered reports whether a choice step on screen has its answer,
// given before Back: it offers Next, which keeps it, beside Skip, which
// clears it. The age has its own Next; the comment is sent.
func (sv *SurveyView) Answered() bool {
	switch sv.Step {
	case StepElement:
		return sv.Scores[sv.Element] != 0
	case StepAge, StepComment:
		return false
	}
	return sv.Chosen() != ""
}

// Progress is the step's place in its part of the survey: 1 to 5 of the
// profile, 1 to 9 of the elements; 0, 0 for the comment.
func (sv *SurveyView) Progress() (n, of int) {
	switch sv.Step {
	case StepElement:
		return sv.Element + 1, len(survey.Elements)
	case StepComment:
		return 0, 0
	}
	return int(sv.Step) + 1, ProfileSteps
}

// next moves on one step.
func (sv *SurveyView) next() {
	switch {
	case sv.Step == StepElement && sv.Element < len(survey.Elements)-1:
		sv.Element++
	case sv.Step < StepComment:
		sv.Step++
	}
}

// back moves back one step and reports false on the first.
func (sv *SurveyView) back() bool {
	switch {
	case sv.Rating || sv.Step == StepGender:
		return false
	case sv.Step == StepElement && sv.Element > 0:
		sv.Element--
	default:
		sv.Step--
	}
	return true
}

func (sv *SurveyView) clone() *SurveyView {
	if sv == nil {
		return nil
	}
	c := *sv
	return &c
}
