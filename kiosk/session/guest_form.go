package session

// The guest form's configuration: which fields the library asks and the
// choices it offers, with their translations where they are the
// defaults.

// FieldMode says whether the guest form asks a field.
type FieldMode string

// Field modes.
const (
	FieldOff      FieldMode = "off"
	FieldOptional FieldMode = "optional"
	FieldRequired FieldMode = "required"
)

// Valid reports whether m is one of the modes.
func (m FieldMode) Valid() bool { return m == FieldOff || m == FieldOptional || m == FieldRequired }

// GuestField is one field of the guest form.
type GuestField string

// Guest form fields, in the order the form asks them.
const (
	FieldName       GuestField = "name"
	FieldOrigin     GuestField = "origin"
	FieldPurpose    GuestField = "purpose"
	FieldGender     GuestField = "gender"
	FieldAgeGroup   GuestField = "age_group"
	FieldEducation  GuestField = "education"
	FieldOccupation GuestField = "occupation"
)

// GuestForm is what the library asks a guest without a card. The name is
// always asked and required; the purpose is required unless Purposes is
// empty (then not asked); each other field as its mode says.
type GuestForm struct {
	Purposes                                        []string
	Origin, Gender, AgeGroup, Education, Occupation FieldMode
	Genders, AgeGroups, Educations, Occupations     []string
}

// PurposeEvent is the purpose of a visit by an event's visitor pass.
const PurposeEvent = "acara"

// The default choices, as the guest book stores them (Indonesian, as the
// library reports them upward), each with its translation key.
var (
	defaultPurposes = []Choice{
		{"membaca", "guest.purpose.read"}, {"meminjam", "guest.purpose.borrow"},
		{"mengerjakan tugas", "guest.purpose.study"}, {"ruang kreatif", "guest.purpose.makerspace"},
		{PurposeEvent, "guest.purpose.event"}, {"lainnya", "guest.purpose.other"},
	}
	defaultGenders = []Choice{{"laki-laki", "guest.gender.male"}, {"perempuan", "guest.gender.female"}}
	defaultAges    = []Choice{
		{"≤12", "guest.age.12"}, {"13–18", "guest.age.18"}, {"19–25", "guest.age.25"},
		{"26–40", "guest.age.40"}, {"41–60", "guest.age.60"}, {">60", "guest.age.61"},
	}
	defaultEducations = []Choice{
		{"SD", "guest.education.sd"}, {"SMP", "guest.education.smp"}, {"SMA/SMK", "guest.education.sma"},
		{"D1–D3", "guest.education.diploma"}, {"S1/D4", "guest.education.s1"}, {"S2", "guest.education.s2"},
		{"S3", "guest.education.s3"},
	}
	defaultOccupations = []Choice{
		{"pelajar", "guest.occupation.pupil"}, {"mahasiswa", "guest.occupation.student"},
		{"PNS/ASN", "guest.occupation.civil"}, {"TNI/Polri", "guest.occupation.forces"},
		{"karyawan swasta", "guest.occupation.employee"}, {"wiraswasta", "guest.occupation.business"},
		{"guru/dosen", "guest.occupation.teacher"}, {"petani/nelayan", "guest.occupation.farmer"},
		{"ibu rumah tangga", "guest.occupation.home"}, {"tidak bekerja", "guest.occupation.none"},
		{"lainnya", "guest.occupation.other"},
	}
)

// DefaultChoices returns the choice keys the kiosk translates, for tests
// that check every one has its texts.
func DefaultChoices() []Choice {
	var all []Choice
	for _, l := range [][]Choice{defaultPurposes, defaultGenders, defaultAges, defaultEducations, defaultOccupations} {
		all = append(all, l...)
	}
	return all
}

func values(cs []Choice) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Value
	}
	return out
}

// DefaultGuestForm is the form a kiosk ships with: name, origin
// (optional), purpose, gender and age group (optional).
func DefaultGuestForm() GuestForm {
	return GuestForm{
		Purposes: values(defaultPurposes),
		Origin:   FieldOptional, Gender: FieldOptional, AgeGroup: FieldOptional, Education: FieldOff, Occupation: FieldOff,
		Genders: values(defaultGenders), AgeGroups: values(defaultAges),
		Educations: values(defaultEducations), Occupations: values(defaultOccupations),
	}
}

// choices turns a configured list into choices: a value that is one of
// the field's defaults is shown translated, any other as written.
func choices(list []string, defaults []Choice) []Choice {
	out := make([]Choice, 0, len(list))
	for _, v := range list {
		c := Choice{Value: v}
		for _, d := range defaults {
			if d.Value == v {
				c.Key = d.Key
			}
		}
		out = append(out, c)
	}
	return out
}

// Limits of the typed fields, in characters.
const (
	maxGuestName   = 60
	maxGuestOrigin = 80
)

// steps are the form's steps for f, in order.
func (f GuestForm) steps() []GuestStep {
	steps := []GuestStep{{Field: FieldName, Required: true, Text: true, Max: maxGuestName}}
	if f.Origin != FieldOff && f.Origin != "" {
		steps = append(steps, GuestStep{Field: FieldOrigin, Required: f.Origin == FieldRequired, Text: true, Max: maxGuestOrigin})
	}
	if len(f.Purposes) > 0 {
		steps = append(steps, GuestStep{Field: FieldPurpose, Required: true, Choices: choices(f.Purposes, defaultPurposes)})
	}
	for _, c := range []struct {
		field    GuestField
		mode     FieldMode
		list     []string
		defaults []Choice
	}{
		{FieldGender, f.Gender, f.Genders, defaultGenders},
		{FieldAgeGroup, f.AgeGroup, f.AgeGroups, defaultAges},
		{FieldEducation, f.Education, f.Educations, defaultEducations},
		{FieldOccupation, f.Occupation, f.Occupations, defaultOccupations},
	} {
		if c.mode == FieldOff || c.mode == "" || len(c.list) == 0 {
			continue
		}
		steps = append(steps, GuestStep{Field: c.field, Required: c.mode == FieldRequired, Choices: choices(c.list, c.defaults)})
	}
	return steps
}
