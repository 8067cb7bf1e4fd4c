package guestbook

import (
	"sort"
	"strings"
	"unicode"
)

// known are the values of each field in the order people read them: the
// kiosk's default choices (kiosk/session), the SKM questionnaire's
// options (kiosk/survey) and their common spellings. Age groups need no
// list: they go by their numbers.
var known = map[Field][]string{
	FieldPurpose:   {"membaca", "meminjam", "mengerjakan tugas", "ruang kreatif", "acara", "lainnya"},
	FieldGender:    {"laki-laki", "L", "perempuan", "P"},
	FieldEducation: {"SD", "SMP", "SMA/SMK", "SMA", "SMK", "D1–D3", "D1", "D2", "D3", "S1/D4", "D4", "S1", "S2", "S3"},
	FieldOccupation: {"pelajar", "mahasiswa", "PNS/ASN", "PNS", "TNI/Polri", "TNI", "POLRI", "karyawan swasta", "swasta",
		"wiraswasta", "wirausaha", "guru/dosen", "petani/nelayan", "ibu rumah tangga", "tidak bekerja", "lainnya"},
	FieldService: {"sirkulasi", "baca", "keanggotaan", "referensi", "internet", "ruang_kreatif", "lainnya"},
}

// FieldService is the SKM's service received, for NaturalLess.
const FieldService Field = "service"

// NaturalLess orders a field's values as people read them: the known
// values in their order (case aside), then others alphabetically, blank
// ("not asked or not answered") last. Age groups go by their first
// number, "< 13" and "≤12" before "13-18", "> 60" after "41-60".
func NaturalLess(f Field) func(a, b string) bool {
	rank := func(v string) (int, float64) {
		if v == "" {
			return 3, 0
		}
		if f == FieldAgeGroup {
			if n, ok := ageKey(v); ok {
				return 0, n
			}
		}
		for i, k := range known[f] {
			if strings.EqualFold(k, v) {
				return 1, float64(i)
			}
		}
		return 2, 0
	}
	return func(a, b string) bool {
		ca, na := rank(a)
		cb, nb := rank(b)
		if ca != cb {
			return ca < cb
		}
		if na != nb {
			return na < nb
		}
		return strings.ToLower(a) < strings.ToLower(b)
	}
}

// ageKey is an age group's place: its first number, less a half below
// it ("< 13", "≤12"), plus a half above it ("> 60", "60+").
func ageKey(v string) (float64, bool) {
	i := strings.IndexFunc(v, unicode.IsDigit)
	if i < 0 {
		return 0, false
	}
	j := i
	for j < len(v) && v[j] >= '0' && v[j] <= '9' {
		j++
	}
	n := 0.0
	for _, c := range v[i:j] {
		n = 10*n + float64(c-'0')
	}
	pre, post := strings.TrimSpace(v[:i]), strings.TrimSpace(v[j:])
	switch {
	case strings.HasPrefix(pre, "<"), strings.HasPrefix(pre, "≤"):
		n -= 0.5
	case strings.HasPrefix(pre, ">"), strings.HasPrefix(pre, "≥"), post == "+":
		n += 0.5
	}
	return n, true
}

// SortNatural puts a field's rows in NaturalLess order.
func SortNatural(f Field, rs []ValueRow) {
	less := NaturalLess(f)
	sort.SliceStable(rs, func(i, j int) bool { return less(rs[i].Value, rs[j].Value) })
}
