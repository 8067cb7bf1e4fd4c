package survey

import (
	"errors"
	"fmt"
	"strconv"
)

// Option is one answer to a profile question: Code is what is stored
// and reported, Key names its words in the catalogue.
type Option struct {
	Code string
	Key  string
}

// The profile questions' answers, as the regulation's sample
// questionnaire lists them: jenis kelamin L / P; pendidikan SD, SMP,
// SMA, S1, S2, S3; pekerjaan PNS, TNI, POLRI, SWASTA, WIRAUSAHA,
// LAINNYA. The service received is free text in the questionnaire
// ("misal: KTP, Akta, …"); a library's services are listed here.
var (
	Genders = []Option{
		{"L", "skm.gender.l"},
		{"P", "skm.gender.p"},
	}
	Educations = []Option{
		{"SD", "skm.education.sd"},
		{"SMP", "skm.education.smp"},
		{"SMA", "skm.education.sma"},
		{"S1", "skm.education.s1"},
		{"S2", "skm.education.s2"},
		{"S3", "skm.education.s3"},
	}
	Occupations = []Option{
		{"PNS", "skm.occupation.pns"},
		{"TNI", "skm.occupation.tni"},
		{"POLRI", "skm.occupation.polri"},
		{"SWASTA", "skm.occupation.swasta"},
		{"WIRAUSAHA", "skm.occupation.wirausaha"},
		{"LAINNYA", "skm.occupation.lainnya"},
	}
	Services = []Option{
		{"sirkulasi", "skm.service.sirkulasi"},
		{"baca", "skm.service.baca"},
		{"keanggotaan", "skm.service.keanggotaan"},
		{"referensi", "skm.service.referensi"},
		{"internet", "skm.service.internet"},
		{"ruang_kreatif", "skm.service.ruang_kreatif"},
		{"lainnya", "skm.service.lainnya"},
	}
)

// MaxAge is the oldest age a respondent may give.
const MaxAge = 120

// Has reports whether code is one of options.
func Has(options []Option, code string) bool {
	for _, o := range options {
		if o.Code == code {
			return true
		}
	}
	return false
}

// Validate checks that every field given is one of its question's
// answers, and the age 1 to MaxAge.
func (r Respondent) Validate() error {
	for _, f := range []struct {
		name, code string
		options    []Option
	}{
		{"gender", r.Gender, Genders}, {"education", r.Education, Educations},
		{"occupation", r.Occupation, Occupations}, {"service", r.Service, Services},
	} {
		if f.code != "" && !Has(f.options, f.code) {
			return fmt.Errorf("%s %q is not one of the questionnaire's answers", f.name, f.code)
		}
	}
	if r.Age < 0 || r.Age > MaxAge {
		return fmt.Errorf("age %d: want 1 to %d (or 0: not given)", r.Age, MaxAge)
	}
	return nil
}

// ErrAge is the error of an age out of 1 to MaxAge.
var ErrAge = errors.New("survey: age out of range")

// ParseAge reads the age typed on the digit pad: "" is not given (0);
// else 1 to MaxAge years, digits only.
func ParseAge(s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	if len(s) > 3 {
		return 0, ErrAge
	}
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("survey: age %q: digits only", s)
		}
	}
	n, _ := strconv.Atoi(s)
	if n < 1 || n > MaxAge {
		return 0, ErrAge
	}
	return n, nil
}
