package report

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Lang is the language of a chart's or a document's words.
type Lang string

// Languages: Bahasa Indonesia (the default) and English.
const (
	LangID Lang = "id"
	LangEN Lang = "en"
)

// ParseLang checks a -lang value.
func ParseLang(s string) (Lang, error) {
	switch l := Lang(s); l {
	case LangID, LangEN:
		return l, nil
	}
	return "", fmt.Errorf("%q: want id or en", s)
}

var words = map[string][2]string{ // key: {id, en}
	"visits":            {"Kunjungan", "Visits"},
	"visits.hour":       {"Kunjungan per jam", "Visits by hour of day"},
	"visits.weekday":    {"Kunjungan per hari dalam seminggu", "Visits by day of the week"},
	"visits.day":        {"Kunjungan per hari", "Visits by day"},
	"visits.week":       {"Kunjungan per minggu", "Visits by week"},
	"visits.month":      {"Kunjungan per bulan", "Visits by month"},
	"members":           {"Anggota", "Members"},
	"guests":            {"Tamu", "Guests"},
	"members.unasked":   {"anggota (kartu, tidak ditanyakan)", "members (by card, not asked)"},
	"hour":              {"Jam", "Hour"},
	"count":             {"Jumlah", "Count"},
	"loans":             {"Peminjaman", "Loans"},
	"returns":           {"Pengembalian", "Returns"},
	"renewals":          {"Perpanjangan", "Renewals"},
	"circulation":       {"Peminjaman dan pengembalian", "Loans and returns"},
	"loans.renewals":    {"Peminjaman dan perpanjangan", "Loans and renewals"},
	"purposes":          {"Tujuan kunjungan", "Purposes of visit"},
	"demographics":      {"Pengunjung menurut profil", "Visitors by profile"},
	"gender":            {"Jenis kelamin", "Gender"},
	"age_group":         {"Kelompok usia", "Age group"},
	"age":               {"Usia", "Age"},
	"education":         {"Pendidikan", "Education"},
	"occupation":        {"Pekerjaan", "Occupation"},
	"service":           {"Jenis layanan", "Service"},
	"blank":             {"(tidak ditanyakan/tidak dijawab)", "(not asked/not answered)"},
	"makerspace":        {"Ruang kreatif: pemakaian dan ketidakhadiran", "Makerspace: utilisation and no-shows"},
	"utilisation":       {"Pemakaian (% jam buka)", "Utilisation (% of open hours)"},
	"bookings":          {"Pemesanan", "Bookings"},
	"attended":          {"Hadir", "Attended"},
	"noshows":           {"Tidak hadir", "No-shows"},
	"satisfaction":      {"Kepuasan pengunjung", "Visitors' satisfaction"},
	"satisfaction.mean": {"Nilai rata-rata (1–5)", "Mean rating (1–5)"},
	"satisfaction.dist": {"Sebaran penilaian", "Ratings by face"},
	"mean":              {"Rata-rata", "Mean"},
	"skm":               {"Survei Kepuasan Masyarakat (SKM) per unsur", "Public satisfaction survey (SKM) by element"},
	"skm.nrr":           {"NRR per unsur (1–4)", "Mean per element (1–4)"},
	"skm.score":         {"Nilai SKM", "SKM score"},
	"respondents":       {"responden", "respondents"},
	"grade":             {"mutu", "grade"},
	"period":            {"Periode", "Period"},
	"site":              {"Lokasi", "Site"},
	"by.hour":           {"Jam", "Hour"},
	"by.weekday":        {"Hari", "Weekday"},
	"by.day":            {"Tanggal", "Day"},
	"by.week":           {"Minggu mulai", "Week of"},
	"by.month":          {"Bulan", "Month"},
	"grouped.week":      {"per minggu", "by week"},
	"grouped.month":     {"per bulan", "by month"},
}

// Word is the word for key in l (the charts and PDF keep their own
// words, not the kiosk's catalogue).
func (l Lang) Word(key string) string {
	w, ok := words[key]
	if !ok {
		return key
	}
	if l == LangEN {
		return w[1]
	}
	return w[0]
}

// Weekdays are the days of the week from Monday, as the numbers name
// them ("1" … "7").
func (l Lang) Weekdays() []string {
	if l == LangEN {
		return []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
	}
	return []string{"Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"}
}

var monthNames = map[Lang][]string{
	LangID: months,
	LangEN: {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
}

// Month is the month's name in l: Januari, January.
func (l Lang) Month(m time.Month) string {
	if l != LangEN {
		l = LangID
	}
	return monthNames[l][m-1]
}

// ShortDate writes a day briefly, for a chart's axis: 5 Jan 2026, 3 Agu
// 2026 (5 Oct 2026 in English).
func (l Lang) ShortDate(t time.Time) string {
	m := []rune(l.Month(t.Month()))
	return fmt.Sprintf("%d %s %d", t.Day(), string(m[:3]), t.Year())
}

// Value is a field's value as a chart shows it: blank is "not asked or
// not answered".
func (l Lang) Value(v string) string {
	if v == "" {
		return l.Word("blank")
	}
	return v
}

// Number writes x with prec decimals as l writes numbers: 85,12 in
// Indonesian (a comma for the decimal mark, a point between thousands),
// 85.12 in English.
func (l Lang) Number(x float64, prec int) string {
	s := strconv.FormatFloat(x, 'f', prec, 64)
	if l == LangEN {
		return s
	}
	return strings.ReplaceAll(s, ".", ",")
}

// Int writes n with thousands marked: 12.345 in Indonesian, 12,345 in
// English.
func (l Lang) Int(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	sep := "."
	if l == LangEN {
		sep = ","
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
