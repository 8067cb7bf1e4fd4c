package report

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/anjungan/anjungan/kiosk/survey"
)

// pdfText writes the document and reads its text back with pdftotext
// (poppler-utils).
func pdfText(t *testing.T, d SKMDocument) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed (apt-get install poppler-utils; make test-deps)")
	}
	var buf bytes.Buffer
	if err := d.WritePDF(&buf); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", buf.Bytes()[:min(20, buf.Len())])
	}
	p := filepath.Join(t.TempDir(), "skm.pdf")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", "-enc", "UTF-8", p, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	return string(out)
}

// TestSKMDocument: the PDF states the figures: respondents, every NRR,
// the index, the score with a decimal comma, the grade and its label,
// the three lowest elements, the profile, and comments with letters
// beyond ASCII.
func TestSKMDocument(t *testing.T) {
	r, err := survey.Compute(skmResponses())
	if err != nil {
		t.Fatal(err)
	}
	jkt, _ := time.LoadLocation("Asia/Jakarta")
	d := SKMDocument{Library: "Perpustakaan Umum Kota Contoh", Site: "pusat",
		From: time.Date(2026, 1, 1, 0, 0, 0, 0, jkt), To: time.Date(2026, 12, 31, 0, 0, 0, 0, jkt), Result: r,
		Profile: []ProfileTable{{"Jenis kelamin", []ProfileRow{{"P", 6}, {"L", 4}}}, {"Usia", []ProfileRow{{"20-29", 7}, {"", 3}}}},
		Comments: []DocComment{
			{time.Date(2026, 12, 3, 10, 0, 0, 0, jkt), "Pelayanan Bu Dédé ramah — Perpustakaannya nyaman; Ağustos ŞÇ"},
			{time.Date(2026, 11, 2, 10, 0, 0, 0, jkt), "Koleksi anak\tperlu ditambah"},
		},
		Made: time.Date(2027, 1, 2, 8, 0, 0, 0, jkt)}
	text := pdfText(t, d)
	flat := strings.Join(strings.Fields(text), " ")
	// 10 respondents; NRR by hand from skmResponses: U3 and U8 are 2s
	// for the even respondents and 3s or 4s otherwise.
	wants := []string{
		"LAPORAN SURVEI KEPUASAN MASYARAKAT (SKM)", "Perpustakaan Umum Kota Contoh", "Lokasi: pusat",
		"Periode survei: 1 Januari 2026 – 31 Desember 2026",
		"Jumlah responden 10", "Nilai SKM (indeks × 25) 79,72", "Mutu pelayanan B", "Kinerja unit pelayanan Baik",
		"Jenis kelamin Jumlah Persentase", "P 6 60,0 %", "L 4 40,0 %", "(tidak diisi) 3 30,0 %",
		"Nilai indeks (jumlah NRR tertimbang) 3,189",
		"1. U8 Sarana dan prasarana — NRR 2,600 (mutu C)", "2. U3 Waktu penyelesaian — NRR 2,700 (mutu C)",
		"3. U2 Sistem, mekanisme, dan prosedur — NRR 3,300 (mutu B)",
		"3 Desember 2026 — Pelayanan Bu Dédé ramah — Perpustakaannya nyaman; Ağustos ŞÇ",
		"2 November 2026 — Koleksi anak perlu ditambah",
	}
	for i, e := range survey.Elements {
		wants = append(wants, e.Code+" "+e.Name+" 10 "+LangID.Number(r.NRR[i], 3)+" "+LangID.Number(r.Weighted[i], 3))
	}
	for _, want := range wants {
		if !strings.Contains(flat, want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
	// The score twice (the summary, the table's foot), never with a
	// decimal point.
	if n := strings.Count(flat, "Nilai SKM (indeks × 25) 79,72"); n != 2 || strings.Contains(flat, "79.72") {
		t.Errorf("the score written %d times with a comma, or with a point", n)
	}
	if t.Failed() {
		t.Logf("text:\n%s", text)
	}
	if dir := os.Getenv("SKM_PDF_OUT"); dir != "" { // to look at it
		var buf bytes.Buffer
		d.WritePDF(&buf)
		os.WriteFile(filepath.Join(dir, "skm.pdf"), buf.Bytes(), 0o644)
	}
}

func TestSKMDocumentEmpty(t *testing.T) {
	if err := (SKMDocument{Library: "x"}).WritePDF(&bytes.Buffer{}); err == nil {
		t.Fatal("a report of no respondents written")
	}
}

func TestLowest(t *testing.T) {
	r := survey.Result{Answered: [9]int{1, 1, 1, 0, 1, 1, 1, 1, 1}, NRR: [9]float64{3, 2.5, 3.5, 0, 2.5, 4, 4, 1.9, 3}}
	got := Lowest(r, 3)
	if len(got) != 3 || got[0] != 7 || got[1] != 1 || got[2] != 4 {
		t.Fatalf("lowest %v, want U8, U2, U5 (U4 unanswered is not lowest)", got)
	}
}

// TestSKMDocumentUnanswered: an element nobody answered has no NRR to
// grade, and is not among the lowest.
func TestSKMDocumentUnanswered(t *testing.T) {
	r, err := survey.Compute([]survey.Response{{4, 4, 3, 0, 4, 4, 4, 2, 3}, {3, 4, 3, 0, 4, 4, 4, 3, 3}})
	if err != nil {
		t.Fatal(err)
	}
	d := SKMDocument{Library: "Perpustakaan Desa", From: time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 7, 31, 0, 0, 0, 0, time.UTC), Result: r}
	flat := strings.Join(strings.Fields(pdfText(t, d)), " ")
	for _, want := range []string{"U4 Biaya/tarif 0 0,000 0,000 –", "1. U8 Sarana dan prasarana — NRR 2,500", "2. U3 Waktu penyelesaian — NRR 3,000",
		"3. U9 Penanganan pengaduan, saran dan masukan — NRR 3,000", "Tidak ada saran atau masukan pada periode ini."} {
		if !strings.Contains(flat, want) {
			t.Errorf("the PDF lacks %q:\n%s", want, flat)
		}
	}
}

// TestSKMDocumentChart: the chart is numbered and captioned, sharp
// (twice the screen's pixels), and the comments beyond those printed
// point to the command that lists them all.
func TestSKMDocumentChart(t *testing.T) {
	r, err := survey.Compute(skmResponses())
	if err != nil {
		t.Fatal(err)
	}
	jkt, _ := time.LoadLocation("Asia/Jakarta")
	d := SKMDocument{Library: "Perpustakaan Umum Kota Contoh", Site: "pusat",
		From: time.Date(2026, 1, 1, 0, 0, 0, 0, jkt), To: time.Date(2026, 12, 31, 0, 0, 0, 0, jkt), Result: r}
	for i := range MaxComments + 700 {
		d.Comments = append(d.Comments, DocComment{At: time.Date(2026, 12, 1, 10, 0, 0, 0, jkt).Add(-time.Duration(i) * time.Hour), Text: "saran"})
	}
	flat := strings.Join(strings.Fields(pdfText(t, d)), " ")
	for _, want := range []string{"Gambar 1. Nilai rata-rata (NRR) per unsur pelayanan",
		"… dan 700 saran lainnya. Semua saran: kioskctl report comments -from 2026-01-01 -to 2026-12-31 (baris dengan source \"skm\")."} {
		if !strings.Contains(flat, want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
	var buf bytes.Buffer
	if err := d.WritePDF(&buf); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "skm.pdf")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdfimages", "-list", p).CombinedOutput()
	if err != nil {
		t.Skipf("pdfimages: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) < 3 {
		t.Fatalf("no image in the PDF:\n%s", out)
	}
	if f := strings.Fields(lines[2]); len(f) < 5 || f[3] != "1920" {
		t.Errorf("the chart is not 1920 pixels wide:\n%s", out)
	}
}

// TestSKMChartSite: the document's chart names the period and the
// site, and is drawn for print; every chart draws its words in the
// sans font of the document's text, none in gonum's serif.
func TestSKMChartSite(t *testing.T) {
	r, _ := survey.Compute(skmResponses())
	jkt, _ := time.LoadLocation("Asia/Jakarta")
	d := SKMDocument{Library: "Perpustakaan Umum Kota Contoh", Site: "pusat",
		From: time.Date(2026, 1, 1, 0, 0, 0, 0, jkt), To: time.Date(2026, 12, 31, 0, 0, 0, 0, jkt), Result: r}
	c := d.chart()
	if want := "Periode 1 Januari 2026 – 31 Desember 2026 · Lokasi: pusat"; c.Subtitle != want {
		t.Errorf("the chart's subtitle %q, want %q", c.Subtitle, want)
	}
	if c.DPI != 192 {
		t.Errorf("the chart at %d dpi, want 192", c.DPI)
	}
	charts := sampleCharts()
	charts["document"] = c
	for name, c := range charts {
		var svg bytes.Buffer
		if err := c.Write(&svg, "svg"); err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(svg.String(), "font-family:Liberation Serif"); n > 0 || !strings.Contains(svg.String(), "font-family:Liberation Sans") {
			t.Errorf("%s: %d texts in the serif font", name, n)
		}
	}
}
