package report

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
	"unicode"

	"codeberg.org/go-fonts/liberation/liberationsansbold"
	"codeberg.org/go-fonts/liberation/liberationsansregular"
	"codeberg.org/go-pdf/fpdf"

	"github.com/anjungan/anjungan/kiosk/survey"
)

// SKMDocument is the survey report a library publishes (Peraturan
// Menteri PANRB 14/2017): who answered, each element's NRR, the index,
// the score and its grade, what to improve first, and what respondents
// wrote. It is written in Bahasa Indonesia.
type SKMDocument struct {
	Library  string // the library's name, on the title
	Site     string // optional: the site, under it
	From, To time.Time
	Result   survey.Result
	Profile  []ProfileTable
	Comments []DocComment // newest first
	// Made is the document's date (the creation date in its metadata).
	Made time.Time
}

// ProfileTable is one field of the respondents' profile.
type ProfileTable struct {
	Title string
	Rows  []ProfileRow
}

// ProfileRow is how many respondents gave one value; an empty Label is
// "not answered".
type ProfileRow struct {
	Label string
	N     int
}

// DocComment is one respondent's comment.
type DocComment struct {
	At   time.Time
	Text string
}

// MaxComments is how many comments the document prints; it says how
// many more there were.
const MaxComments = 300

// Lowest returns the n elements with the lowest NRR, lowest first (ties
// in the elements' order), among those answered: what to improve first.
func Lowest(r survey.Result, n int) []int {
	var idx []int
	for i := range survey.Elements {
		if r.Answered[i] > 0 {
			idx = append(idx, i)
		}
	}
	sort.SliceStable(idx, func(a, b int) bool { return r.NRR[idx[a]] < r.NRR[idx[b]] })
	if len(idx) > n {
		idx = idx[:n]
	}
	return idx
}

var months = []string{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"}

// DateID writes a day as Indonesian reports do: 1 Januari 2026.
func DateID(t time.Time) string {
	return fmt.Sprintf("%d %s %d", t.Day(), months[t.Month()-1], t.Year())
}

// printable replaces control characters (a tab, a line break typed into
// a comment) with spaces.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
}

const pdfFont = "LiberationSans"

// WritePDF writes the document as an A4 PDF.
func (d SKMDocument) WritePDF(w io.Writer) error {
	if d.Result.Respondents == 0 {
		return fmt.Errorf("SKM report: no respondents")
	}
	l := LangID
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes(pdfFont, "", liberationsansregular.TTF)
	pdf.AddUTF8FontFromBytes(pdfFont, "B", liberationsansbold.TTF)
	title := "Laporan Survei Kepuasan Masyarakat (SKM)"
	pdf.SetTitle(title+" — "+d.Library, true)
	pdf.SetAuthor(d.Library, true)
	pdf.SetCreator("Anjungan kioskctl", true)
	pdf.SetLang("id-ID")
	if !d.Made.IsZero() {
		pdf.SetCreationDate(d.Made)
		pdf.SetModificationDate(d.Made)
	}
	pdf.SetMargins(20, 18, 20)
	pdf.SetAutoPageBreak(true, 18)
	pdf.AliasNbPages("{nb}")
	pdf.SetFooterFunc(func() {
		pdf.SetY(-13)
		pdf.SetFont(pdfFont, "", 8)
		pdf.SetTextColor(90, 90, 90)
		pdf.CellFormat(0, 5, fmt.Sprintf("%s · %s · Halaman %d dari {nb}", d.Library, period(d.From, d.To), pdf.PageNo()), "", 0, "C", false, 0, "")
		pdf.SetTextColor(0, 0, 0)
	})
	pdf.AddPage()
	r := d.Result

	pdf.SetFont(pdfFont, "B", 15)
	pdf.MultiCell(0, 7, strings.ToUpper(title), "", "C", false)
	pdf.SetFont(pdfFont, "B", 13)
	pdf.MultiCell(0, 7, d.Library, "", "C", false)
	pdf.SetFont(pdfFont, "", 10)
	if d.Site != "" {
		pdf.MultiCell(0, 5, "Lokasi: "+d.Site, "", "C", false)
	}
	pdf.MultiCell(0, 5, "Periode survei: "+period(d.From, d.To), "", "C", false)
	pdf.MultiCell(0, 5, "Dasar: Peraturan Menteri PANRB Nomor 14 Tahun 2017 tentang Pedoman Penyusunan Survei Kepuasan Masyarakat", "", "C", false)
	pdf.Ln(4)

	heading(pdf, "1. Ringkasan")
	summary := [][2]string{
		{"Jumlah responden", l.Int(r.Respondents)},
		{"Nilai indeks (jumlah NRR tertimbang)", l.Number(r.Index, 3)},
		{"Nilai SKM (indeks × 25)", l.Number(survey.Round2(r.Score), 2)},
		{"Mutu pelayanan", string(r.Grade)},
		{"Kinerja unit pelayanan", r.Grade.Performance()},
	}
	for _, s := range summary {
		pdf.SetFont(pdfFont, "", 10)
		pdf.CellFormat(90, 6.5, s[0], "1", 0, "L", false, 0, "")
		pdf.SetFont(pdfFont, "B", 10)
		pdf.CellFormat(40, 6.5, s[1], "1", 1, "R", false, 0, "")
	}
	pdf.Ln(4)

	heading(pdf, "2. Profil responden")
	for _, t := range d.Profile {
		profileTable(pdf, l, t, r.Respondents)
	}

	heading(pdf, "3. Nilai rata-rata (NRR) per unsur pelayanan")
	nrrTable(pdf, l, r)
	note(pdf, "NRR per unsur = jumlah nilai per unsur dibagi jumlah responden yang menjawab unsur itu; NRR tertimbang = NRR × bobot 1/9 (0,111); "+
		"nilai SKM = jumlah NRR tertimbang × 25. Mutu: A (88,31–100,00) Sangat baik; B (76,61–88,30) Baik; C (65,00–76,60) Kurang baik; D (25,00–64,99) Tidak baik.")
	// The chart at twice the screen's pixels, sharp in print, with its
	// number and caption.
	var img bytes.Buffer
	if err := d.chart().Write(&img, "png"); err != nil {
		return fmt.Errorf("SKM report: %w", err)
	}
	pdf.RegisterImageOptionsReader("skm", fpdf.ImageOptions{ImageType: "PNG"}, &img)
	if pdf.GetY() > 297-18-115 {
		pdf.AddPage()
	}
	pdf.ImageOptions("skm", 20, pdf.GetY()+2, 170, 0, true, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
	pdf.Ln(1)
	pdf.SetFont(pdfFont, "", 9)
	pdf.MultiCell(0, 5, "Gambar 1. Nilai rata-rata (NRR) per unsur pelayanan, dengan batas mutu C, B dan A", "", "C", false)
	pdf.Ln(3)

	heading(pdf, "4. Unsur dengan nilai terendah (prioritas perbaikan)")
	for n, i := range Lowest(r, 3) {
		e := survey.Elements[i]
		pdf.SetFont(pdfFont, "", 10)
		pdf.MultiCell(0, 6, fmt.Sprintf("%d. %s %s — NRR %s (mutu %s)", n+1, e.Code, e.Name, l.Number(r.NRR[i], 3), survey.Convert(r.NRR[i]*25)), "", "L", false)
	}
	pdf.Ln(3)

	heading(pdf, "5. Saran dan masukan responden")
	pdf.SetFont(pdfFont, "", 9.5)
	if len(d.Comments) == 0 {
		pdf.MultiCell(0, 5, "Tidak ada saran atau masukan pada periode ini.", "", "L", false)
	}
	for n, c := range d.Comments {
		if n == MaxComments {
			// The rest are in the comments' CSV, with the ratings'.
			pdf.MultiCell(0, 5, fmt.Sprintf("… dan %s saran lainnya. Semua saran: kioskctl report comments -from %s -to %s (baris dengan source \"skm\").",
				l.Int(len(d.Comments)-MaxComments), d.From.Format(time.DateOnly), d.To.Format(time.DateOnly)), "", "L", false)
			break
		}
		pdf.MultiCell(0, 5, fmt.Sprintf("%s — %s", DateID(c.At), printable(c.Text)), "", "L", false)
		pdf.Ln(1)
	}
	if err := pdf.Output(w); err != nil {
		return fmt.Errorf("SKM report: %w", err)
	}
	return nil
}

// chart is the document's figure: each element's NRR, for the period
// and the site, at twice the screen's pixels (1920 wide) to print sharp.
func (d SKMDocument) chart() Chart {
	sub := "Periode " + period(d.From, d.To)
	if d.Site != "" {
		sub += " · Lokasi: " + d.Site
	}
	c := SKMChart(LangID, sub, d.Result)
	c.DPI = 2 * dpi
	return c
}

func period(from, to time.Time) string {
	return DateID(from) + " – " + DateID(to)
}

func heading(pdf *fpdf.Fpdf, s string) {
	if pdf.GetY() > 297-18-30 {
		pdf.AddPage()
	}
	pdf.SetFont(pdfFont, "B", 12)
	pdf.MultiCell(0, 7, s, "", "L", false)
	pdf.Ln(1)
}

func note(pdf *fpdf.Fpdf, s string) {
	pdf.SetFont(pdfFont, "", 8)
	pdf.SetTextColor(70, 70, 70)
	pdf.MultiCell(0, 4, s, "", "L", false)
	pdf.SetTextColor(0, 0, 0)
	pdf.Ln(2)
}

func headerRow(pdf *fpdf.Fpdf, widths []float64, cells []string, aligns string) {
	pdf.SetFont(pdfFont, "B", 9.5)
	pdf.SetFillColor(225, 232, 240)
	for i, c := range cells {
		pdf.CellFormat(widths[i], 7, c, "1", 0, string(aligns[i]), true, 0, "")
	}
	pdf.Ln(-1)
	pdf.SetFont(pdfFont, "", 9.5)
}

func profileTable(pdf *fpdf.Fpdf, l Lang, t ProfileTable, total int) {
	if pdf.GetY() > 297-18-(7*float64(len(t.Rows)+1)+6) {
		pdf.AddPage()
	}
	widths := []float64{80, 30, 30}
	headerRow(pdf, widths, []string{t.Title, "Jumlah", "Persentase"}, "LRR")
	for _, row := range t.Rows {
		label := row.Label
		if label == "" {
			label = "(tidak diisi)"
		}
		pdf.CellFormat(widths[0], 6, printable(label), "1", 0, "L", false, 0, "")
		pdf.CellFormat(widths[1], 6, l.Int(row.N), "1", 0, "R", false, 0, "")
		pdf.CellFormat(widths[2], 6, l.Number(100*float64(row.N)/float64(total), 1)+" %", "1", 1, "R", false, 0, "")
	}
	pdf.Ln(3)
}

func nrrTable(pdf *fpdf.Fpdf, l Lang, r survey.Result) {
	widths := []float64{12, 72, 20, 18, 30, 18}
	headerRow(pdf, widths, []string{"No", "Unsur pelayanan", "Jawaban", "NRR", "NRR tertimbang", "Mutu"}, "LLRRRC")
	for i, e := range survey.Elements {
		pdf.CellFormat(widths[0], 6, e.Code, "1", 0, "L", false, 0, "")
		pdf.CellFormat(widths[1], 6, e.Name, "1", 0, "L", false, 0, "")
		pdf.CellFormat(widths[2], 6, l.Int(r.Answered[i]), "1", 0, "R", false, 0, "")
		pdf.CellFormat(widths[3], 6, l.Number(r.NRR[i], 3), "1", 0, "R", false, 0, "")
		pdf.CellFormat(widths[4], 6, l.Number(r.Weighted[i], 3), "1", 0, "R", false, 0, "")
		grade := string(survey.Convert(r.NRR[i] * 25))
		if r.Answered[i] == 0 {
			grade = "–" // nobody answered it
		}
		pdf.CellFormat(widths[5], 6, grade, "1", 1, "C", false, 0, "")
	}
	pdf.SetFont(pdfFont, "B", 9.5)
	pdf.CellFormat(widths[0]+widths[1]+widths[2]+widths[3], 6, "Nilai indeks (jumlah NRR tertimbang)", "1", 0, "R", false, 0, "")
	pdf.CellFormat(widths[4], 6, l.Number(r.Index, 3), "1", 0, "R", false, 0, "")
	pdf.CellFormat(widths[5], 6, "", "1", 1, "C", false, 0, "")
	pdf.CellFormat(widths[0]+widths[1]+widths[2]+widths[3], 6, "Nilai SKM (indeks × 25)", "1", 0, "R", false, 0, "")
	pdf.CellFormat(widths[4], 6, l.Number(survey.Round2(r.Score), 2), "1", 0, "R", false, 0, "")
	pdf.CellFormat(widths[5], 6, string(r.Grade), "1", 1, "C", false, 0, "")
	pdf.Ln(2)
}
