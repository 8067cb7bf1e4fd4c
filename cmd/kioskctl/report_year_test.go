package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/anjungan/anjungan/kiosk/guestbook/guestbooktest"
	"github.com/anjungan/anjungan/kiosk/survey"
)

var jkt, _ = time.LoadLocation("Asia/Jakarta")

// yearBooks writes a generated year into three kiosks' guest books and
// returns the year and the files' -guestbook flags.
func yearBooks(t *testing.T) (guestbooktest.Year, []string) {
	t.Helper()
	y := guestbooktest.Generate(guestbooktest.Spec{Seed: 3, Start: time.Date(2026, 1, 1, 0, 0, 0, 0, jkt), Days: 365, Kiosks: 3,
		Visits: 4000, Loans: 2000, Ratings: 800, Answers: 400, Comments: 7})
	dir := t.TempDir()
	var flags []string
	for k := 1; k <= 3; k++ {
		p := filepath.Join(dir, fmt.Sprintf("kiosk%d.db", k))
		if err := guestbooktest.Write(context.Background(), p, jkt, y, fmt.Sprintf("kiosk-%02d", k)); err != nil {
			t.Fatal(err)
		}
		flags = append(flags, "-guestbook", p)
	}
	return y, flags
}

func ctlReport(args ...string) (string, error) {
	var out bytes.Buffer
	err := run(context.Background(), append([]string{"-tz", "Asia/Jakarta", "report"}, args...), &out)
	return out.String(), err
}

func csvReport(t *testing.T, args ...string) [][]string {
	t.Helper()
	out, err := ctlReport(args...)
	if err != nil {
		t.Fatalf("report %v: %v", args, err)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("report %v: %v\n%s", args, err, out)
	}
	return rows
}

// groupOf names a moment's group as a calendar on a wall in Jakarta
// would, apart from the store's grouping.
func groupOf(at time.Time, by string) string {
	l := at.In(jkt)
	switch by {
	case "hour":
		return fmt.Sprintf("%02d", l.Hour())
	case "weekday":
		return strconv.Itoa([]int{7, 1, 2, 3, 4, 5, 6}[l.Weekday()])
	case "week":
		return l.AddDate(0, 0, -[]int{6, 0, 1, 2, 3, 4, 5}[l.Weekday()]).Format("2006-01-02")
	case "month":
		return l.Format("2006-01")
	}
	return l.Format("2006-01-02")
}

// table is rows of a report as "key: the other cells joined", for
// comparing with the figures the test counts.
func table(rows [][]string, keys int) map[string]string {
	m := map[string]string{}
	for _, r := range rows[1:] {
		m[strings.Join(r[:keys], "|")] = strings.Join(r[keys:], ",")
	}
	return m
}

func diff(t *testing.T, what string, got, want map[string]string) {
	t.Helper()
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s %q: %q, counted %q", what, k, got[k], w)
		}
	}
	for k, g := range got {
		// A row of zeros is a period with nothing.
		if _, ok := want[k]; !ok && strings.Trim(g, "0,") != "" {
			t.Errorf("%s %q: %q, not counted", what, k, g)
		}
	}
}

// TestReportYear: every report's CSV over three kiosks' files of a
// generated year matches figures counted here from the generated events;
// comments are escaped against formulas.
func TestReportYear(t *testing.T) {
	y, books := yearBooks(t)
	from, to := "2026-03-01", "2026-10-31"
	start, end := time.Date(2026, 3, 1, 0, 0, 0, 0, jkt), time.Date(2026, 11, 1, 0, 0, 0, 0, jkt)
	in := func(at time.Time) bool { return !at.Before(start) && at.Before(end) }
	period := append([]string{"-from", from, "-to", to}, books...)

	for _, by := range []string{"hour", "weekday", "day", "week", "month"} {
		// The period's first week, from Sunday 1 March, is named by it.
		groupIn := func(at time.Time, by string) string {
			if g := groupOf(at, by); by != "week" || g >= from {
				return g
			}
			return from
		}
		vis, loans, rets, rat := map[string][2]int{}, map[string][2]int{}, map[string]int{}, map[string][5]int{}
		for _, v := range y.Visits {
			if in(v.At) {
				c := vis[groupIn(v.At, by)]
				if v.Card != "" {
					c[0]++
				} else {
					c[1]++
				}
				vis[groupIn(v.At, by)] = c
			}
		}
		for _, c := range y.Tallies {
			if !in(c.At) {
				continue
			}
			g := groupIn(c.At, by)
			l := loans[g]
			switch c.Op {
			case "checkout":
				l[0]++
			case "renew":
				l[1]++
			case "checkin":
				rets[g]++
			}
			loans[g] = l
		}
		for _, r := range y.Ratings {
			if in(r.At) {
				c := rat[groupIn(r.At, by)]
				c[r.Score-1]++
				rat[groupIn(r.At, by)] = c
			}
		}
		want := map[string]string{}
		for g, c := range vis {
			want[g] = fmt.Sprintf("%d,%d,%d", c[0], c[1], c[0]+c[1])
		}
		diff(t, "visits by "+by, table(csvReport(t, append([]string{"visits", "-by", by}, period...)...), 1), want)
		want = map[string]string{}
		for g, c := range loans {
			if c[0]+c[1] > 0 {
				want[g] = fmt.Sprintf("%d,%d", c[0], c[1])
			}
		}
		diff(t, "loans by "+by, table(csvReport(t, append([]string{"loans", "-by", by}, period...)...), 1), want)
		want = map[string]string{}
		for g, n := range rets {
			want[g] = strconv.Itoa(n)
		}
		diff(t, "returns by "+by, table(csvReport(t, append([]string{"returns", "-by", by}, period...)...), 1), want)
		want = map[string]string{}
		for g, c := range rat {
			n, sum := 0, 0
			for i, k := range c {
				n += k
				sum += (i + 1) * k
			}
			want[g] = fmt.Sprintf("%d,%.2f,%d,%d,%d,%d,%d", n, float64(sum)/float64(n), c[0], c[1], c[2], c[3], c[4])
		}
		diff(t, "satisfaction by "+by, table(csvReport(t, append([]string{"satisfaction", "-by", by}, period...)...), 1), want)
	}

	purposes, demo := map[string][2]int{}, map[string][2]int{}
	for _, v := range y.Visits {
		if !in(v.At) {
			continue
		}
		m := 1
		if v.Card != "" {
			m = 0
		}
		c := purposes[v.Purpose]
		c[m]++
		purposes[v.Purpose] = c
		g := v.Guest
		for _, fv := range [][2]string{{"gender", g.Gender}, {"age_group", g.AgeGroup}, {"education", g.Education}, {"occupation", g.Occupation}} {
			k := fv[0] + "|" + fv[1]
			c := demo[k]
			c[m]++
			demo[k] = c
		}
	}
	want := map[string]string{}
	for p, c := range purposes {
		want[p] = fmt.Sprintf("%d,%d,%d", c[0], c[1], c[0]+c[1])
	}
	diff(t, "purposes", table(csvReport(t, append([]string{"purposes"}, period...)...), 1), want)
	want = map[string]string{}
	for k, c := range demo {
		want[k] = fmt.Sprintf("%d,%d,%d", c[0], c[1], c[0]+c[1])
	}
	diff(t, "demographics", table(csvReport(t, append([]string{"demographics"}, period...)...), 2), want)

	// The SKM: each element's NRR over those who answered it.
	var sums, answered [9]int
	n := 0
	for _, a := range y.Answers {
		if !in(a.At) {
			continue
		}
		n++
		for e, s := range a.Scores {
			if s > 0 {
				sums[e] += s
				answered[e]++
			}
		}
	}
	skm := table(csvReport(t, append([]string{"skm"}, period...)...), 1)
	index := 0.0
	for e := range sums {
		nrr := float64(sums[e]) / float64(answered[e])
		index += nrr / 9
		if got, want := skm[survey.Elements[e].Code], fmt.Sprintf("%s,%d,%.3f,%.3f", survey.Elements[e].Name, answered[e], nrr, nrr/9); got != want {
			t.Errorf("SKM %s: %q, counted %q", survey.Elements[e].Code, got, want)
		}
	}
	if skm["respondents"] != strconv.Itoa(n)+",,," || skm["skm"] != fmt.Sprintf("%.2f,,,", index*25) {
		t.Errorf("SKM: %d respondents, score %.2f counted; report %v", n, index*25, skm)
	}

	// Comments, newest first, formulas escaped.
	rows := csvReport(t, append([]string{"comments"}, period...)...)
	count := 0
	for _, r := range y.Ratings {
		if in(r.At) && r.Comment != "" {
			count++
		}
	}
	for _, a := range y.Answers {
		if in(a.At) && a.Comment != "" {
			count++
		}
	}
	if len(rows)-1 != count || count < 20 {
		t.Fatalf("%d comments, %d written", count, len(rows)-1)
	}
	// Each scale in its own column: a rating's face (1–5), an SKM
	// respondent's mean over the elements answered (1–4), as generated.
	if h := strings.Join(rows[0], ","); h != "at,kiosk,source,rating_1_5,skm_mean_1_4,comment" {
		t.Errorf("comments' header %q", h)
	}
	scales := map[string]int{}
	for _, r := range y.Ratings {
		if in(r.At) && r.Comment != "" {
			scales[fmt.Sprintf("%s rating %d ", r.At.In(jkt).Format("2006-01-02 15:04"), r.Score)]++
		}
	}
	for _, a := range y.Answers {
		if in(a.At) && a.Comment != "" {
			sum, n := 0, 0
			for _, s := range a.Scores {
				if s > 0 {
					sum, n = sum+s, n+1
				}
			}
			scales[fmt.Sprintf("%s skm  %.2f", a.At.In(jkt).Format("2006-01-02 15:04"), float64(sum)/float64(n))]++
		}
	}
	for _, r := range rows[1:] {
		k := strings.Join(r[0:1], "") + " " + strings.Join(r[2:5], " ")
		if scales[k] == 0 {
			t.Errorf("comment row %q: no such rating or SKM answer generated", r)
		}
		scales[k]--
	}
	escaped := 0
	for i, r := range rows[1:] {
		if i > 0 && r[0] > rows[i][0] {
			t.Errorf("comment of %s after one of %s", r[0], rows[i][0])
		}
		c := r[5]
		if strings.ContainsRune("=+-@", rune(c[0])) {
			t.Errorf("a formula in the comments: %q", c)
		}
		if strings.HasPrefix(c, "'=HYPERLINK") || strings.HasPrefix(c, "'@SUM") {
			escaped++
		}
	}
	if escaped == 0 {
		t.Error("no hostile comment in the period: the escaping went untested")
	}
}

// TestReportCharts: every chart, PNG and SVG, drawn from the files: a
// PNG of the size, not blank; an SVG with the chart's words.
func TestReportCharts(t *testing.T) {
	_, books := yearBooks(t)
	dir := t.TempDir()
	for _, c := range []struct {
		what  string
		extra []string
		words []string
	}{
		{"visits", nil, []string{"Kunjungan per jam", "Senin", "Minggu", "Anggota", "Tamu", "Periode 1 Maret 2026 – 31 Oktober 2026 · cabang-utara"}},
		{"loans", []string{"-by", "week"}, []string{"Peminjaman dan perpanjangan", "Perpanjangan", "Minggu mulai"}},
		{"returns", []string{"-by", "weekday"}, []string{"Pengembalian", "Rabu"}},
		{"satisfaction", []string{"-by", "month"}, []string{"Kepuasan pengunjung", "Nilai rata-rata (1–5)", "Maret 2026"}},
		{"purposes", nil, []string{"Tujuan kunjungan", "membaca", "ruang kreatif", "(tidak ditanyakan/tidak dijawab)"}},
		{"demographics", nil, []string{"Pengunjung menurut profil", "Jenis kelamin", "Pekerjaan", "Mahasiswa"}},
		{"skm", nil, []string{"Survei Kepuasan Masyarakat (SKM) per unsur", "U9 Penanganan pengaduan"}},
		{"visits", []string{"-lang", "en"}, []string{"Visits by hour of day", "Monday", "Period 1 March 2026 – 31 October 2026"}},
	} {
		for _, ext := range []string{"png", "svg"} {
			path := filepath.Join(dir, c.what+strings.Join(c.extra, "")+"."+ext)
			args := append(append([]string{c.what, "-from", "2026-03-01", "-to", "2026-10-31", "-site", "cabang-utara", "-chart", path}, c.extra...), books...)
			out, err := ctlReport(args...)
			if err != nil || !strings.Contains(out, path) {
				t.Fatalf("report %v: %v %q", args, err, out)
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if ext == "svg" {
				for _, w := range c.words {
					if !bytes.Contains(data, []byte(w)) {
						t.Errorf("%s lacks %q", path, w)
					}
				}
				continue
			}
			img, err := png.Decode(bytes.NewReader(data))
			if err != nil || img.Bounds().Dx() != 960 {
				t.Fatalf("%s: %v %v", path, err, img.Bounds())
			}
			if len(data) < 15_000 {
				t.Errorf("%s: %d bytes: blank?", path, len(data))
			}
		}
	}
}

// TestReportSKMPDF: the survey report's PDF, read back with pdftotext,
// states the respondents, each NRR, the score with a decimal comma, the
// grade, the three lowest elements and a comment with letters beyond
// ASCII — each figure counted here from the generated answers.
func TestReportSKMPDF(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed (make test-deps)")
	}
	y, books := yearBooks(t)
	path := filepath.Join(t.TempDir(), "skm.pdf")
	args := append([]string{"skm", "-from", "2026-01-01", "-to", "2026-12-31", "-pdf", path, "-library-name", "Perpustakaan Daerah Contoh", "-site", "pusat"}, books...)
	if _, err := ctlReport(args...); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", "-enc", "UTF-8", path, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v %s", err, out)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	comma := func(s string) string { return strings.ReplaceAll(s, ".", ",") }
	var sums, answered [9]int
	var comment string
	for _, a := range y.Answers {
		for e, s := range a.Scores {
			if s > 0 {
				sums[e] += s
				answered[e]++
			}
		}
		if strings.Contains(a.Comment, "Dédé") {
			comment = a.Comment
		}
	}
	index := 0.0
	type el struct {
		i   int
		nrr float64
	}
	var els []el
	wants := []string{"Perpustakaan Daerah Contoh", "Lokasi: pusat", "Periode survei: 1 Januari 2026 – 31 Desember 2026",
		"Jumlah responden " + strconv.Itoa(len(y.Answers))}
	for e := range sums {
		nrr := float64(sums[e]) / float64(answered[e])
		index += nrr / 9
		els = append(els, el{e, nrr})
		wants = append(wants, fmt.Sprintf("%s %s %d %s", survey.Elements[e].Code, survey.Elements[e].Name, answered[e], comma(fmt.Sprintf("%.3f", nrr))))
	}
	score := index * 25
	grade := "D"
	switch s, _ := strconv.ParseFloat(fmt.Sprintf("%.2f", score), 64); {
	case s >= 88.31:
		grade = "A"
	case s >= 76.61:
		grade = "B"
	case s >= 65:
		grade = "C"
	}
	wants = append(wants, "Nilai SKM (indeks × 25) "+comma(fmt.Sprintf("%.2f", score)), "Mutu pelayanan "+grade)
	sort.SliceStable(els, func(a, b int) bool { return els[a].nrr < els[b].nrr })
	for k, e := range els[:3] {
		wants = append(wants, fmt.Sprintf("%d. %s %s — NRR %s", k+1, survey.Elements[e.i].Code, survey.Elements[e.i].Name, comma(fmt.Sprintf("%.3f", e.nrr))))
	}
	if comment == "" {
		t.Fatal("no comment with letters beyond ASCII generated")
	}
	wants = append(wants, comment)
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("the PDF lacks %q", w)
		}
	}
	if n := strings.Count(text, "Nilai SKM (indeks × 25) "+comma(fmt.Sprintf("%.2f", score))); n != 2 || strings.Contains(text, fmt.Sprintf("%.2f", score)) {
		t.Errorf("the score %.2f written %d times with a decimal comma, or with a point", score, n)
	}
	// The profile's education and occupation in their natural order (by
	// level, the questionnaire's), not by count; not answered last.
	for _, c := range []struct {
		table, next string
		want        []string
	}{
		{"Pendidikan", "Pekerjaan", []string{"SD", "SMP", "SMA", "D3", "S1", "S2", "S3", "-"}},
		{"Pekerjaan", "Jenis layanan", []string{"Pelajar", "Mahasiswa", "PNS", "Swasta", "Wirausaha", "Lainnya", "-"}},
	} {
		i, j := strings.Index(text, c.table+" Jumlah Persentase"), strings.Index(text, c.next+" Jumlah Persentase")
		if i < 0 || j < i {
			t.Errorf("no %s table before the %s table", c.table, c.next)
			continue
		}
		var got []string
		for _, w := range strings.Fields(strings.ReplaceAll(text[i:j], "(tidak diisi)", "-")) {
			if slices.Contains(c.want, w) {
				got = append(got, w)
			}
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("the PDF's %s rows in the order %q, want %q", c.table, got, c.want)
		}
	}
	if t.Failed() {
		t.Logf("%s", out)
	}
}

// TestReportRefuses: bad flags and empty periods get a clear error, and
// nothing is written.
func TestReportRefuses(t *testing.T) {
	_, books := yearBooks(t)
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"visits", "-from", "2025-01-01", "-to", "2025-01-31"}, "no visits from 2025-01-01 to 2025-01-31"},
		{[]string{"loans", "-from", "2025-01-01", "-to", "2025-01-31"}, "no loans"},
		{[]string{"returns", "-from", "2025-01-01", "-to", "2025-01-31"}, "no returns"},
		{[]string{"satisfaction", "-from", "2025-01-01", "-to", "2025-01-31"}, "no ratings"},
		{[]string{"comments", "-from", "2025-01-01", "-to", "2025-01-31"}, "no comments"},
		{[]string{"purposes", "-from", "2025-01-01", "-to", "2025-01-31"}, "no visits"},
		{[]string{"demographics", "-from", "2025-01-01", "-to", "2025-01-31"}, "no visits"},
		{[]string{"skm", "-from", "2025-01-01", "-to", "2025-01-31", "-pdf", filepath.Join(dir, "x.pdf"), "-library-name", "Perpustakaan Desa"}, "no SKM answers"},
		{[]string{"visits", "-from", "2026-01-01", "-to", "2026-01-31", "-chart", filepath.Join(dir, "x.jpg")}, "want a .png or .svg file"},
		{[]string{"visits", "-from", "2026-01-01", "-to", "2026-01-31", "-pdf", filepath.Join(dir, "x.pdf")}, "-pdf is for the SKM only"},
		{[]string{"comments", "-from", "2026-01-01", "-to", "2026-01-31", "-chart", filepath.Join(dir, "x.png")}, "no chart"},
		{[]string{"purposes", "-from", "2026-01-01", "-to", "2026-01-31", "-by", "hour"}, "-by is for visits"},
		{[]string{"visits", "-from", "2026-01-01", "-to", "2026-01-31", "-by", "year"}, "want hour, weekday, day, week or month"},
		{[]string{"visits", "-from", "2026-01-01", "-to", "2026-01-31", "-lang", "jv"}, "want id or en"},
		{[]string{"visits", "-from", "2026-01-31", "-to", "2026-01-01"}, "not before -from"},
		{[]string{"visits", "-to", "2026-01-01"}, "-from"},
		{[]string{"skm", "-from", "2026-01-01", "-to", "2026-01-31", "-pdf", filepath.Join(dir, "x.pdf"), "-library-name", " "}, "library's name"},
		{[]string{"visits", "-from", "2026-01-01", "-to", "2026-01-31", "-chart", filepath.Join(dir, "x.png"), "-pdf", filepath.Join(dir, "y.pdf")}, "one at a time"},
		{[]string{"skm", "-from", "2026-01-01", "-to", "2026-01-31", "-chart", filepath.Join(dir, "x.png"), "-pdf", filepath.Join(dir, "y.pdf")}, "one at a time"},
		{[]string{"visitors", "-from", "2026-01-01", "-to", "2026-01-31"}, "want visits, loans"},
		{[]string{"makerspace", "-from", "2026-01-01", "-to", "2026-01-31", "-by", "week"}, "-by is for"},
		{[]string{"makerspace", "-from", "2026-01-01", "-to", "2026-01-31", "-makerspace", filepath.Join(dir, "none.db")}, "run the kiosk once"},
		// A flag the report does not take is refused, not ignored.
		{[]string{"visits", "-from", "2026-01-01", "-to", "2026-01-31", "-library-name", "X"}, "-library-name is for the SKM PDF"},
		{[]string{"skm", "-from", "2026-01-01", "-to", "2026-01-31", "-chart", filepath.Join(dir, "x.png"), "-library-name", "X"}, "-library-name is for the SKM PDF"},
		{[]string{"visits", "-from", "2026-01-01", "-to", "2026-01-31", "-lang", "en"}, "-lang is for a chart"},
		{[]string{"skm", "-from", "2026-01-01", "-to", "2026-01-31", "-pdf", filepath.Join(dir, "x.pdf"), "-library-name", "X", "-lang", "en"}, "-lang is for a chart"},
		{[]string{"visits", "-from", "2026-01-01", "-to", "2026-01-31", "-site", "X"}, "-site names the site on a chart"},
		{[]string{"comments", "-from", "2026-01-01", "-to", "2026-01-31", "-site", "X"}, "-site names the site on a chart"},
		{[]string{"visits", "-from", "2026-01-01", "-to", "2026-01-31", "-makerspace", filepath.Join(dir, "x.db")}, "-makerspace is for report makerspace"},
		{[]string{"makerspace", "-from", "2026-01-01", "-to", "2026-01-31", "-guestbook", filepath.Join(dir, "x.db")}, "-guestbook is for the guest book's reports"},
		{[]string{"skm", "-from", "2026-01-01", "-to", "2026-01-31", "-pdf", filepath.Join(dir, "x.pdf")}, `give the library's name, which heads the report: -library-name`},
		// Days a library's numbers can have; the flag named.
		{[]string{"visits", "-from", "2026-01-01", "-to", "9999-12-31"}, "-to 9999-12-31: want a day from 1970-01-01 to 2200-12-31"},
		{[]string{"loans", "-from", "1000-01-01", "-to", "2026-12-31"}, "-from 1000-01-01: want a day from 1970-01-01 to 2200-12-31"},
		{[]string{"visits", "-from", "1969-12-31", "-to", "2026-12-31"}, "-from 1969-12-31: want a day from"},
		{[]string{"visits", "-from", "2026-01-01", "-to", "2201-01-01"}, "-to 2201-01-01: want a day from"},
	} {
		args := c.args
		if args[0] != "makerspace" {
			args = append(append([]string{}, args...), books...)
		}
		_, err := ctlReport(args...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("report %v: %v, want an error saying %q", c.args, err, c.want)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("files left by refused reports: %v", entries)
	}
	if _, err := ctlReport("visits", "-from", "2026-01-01", "-to", "2026-01-31", "-guestbook", filepath.Join(dir, "missing.db")); err == nil {
		t.Error("a missing guest book was reported on")
	} else if _, statErr := os.Stat(filepath.Join(dir, "missing.db")); statErr == nil {
		t.Error("a missing guest book was created")
	}
}
