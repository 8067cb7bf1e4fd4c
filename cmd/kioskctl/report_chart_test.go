package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// chartSVG draws a report's chart as SVG over March–October of the
// generated year and returns it.
func chartSVG(t *testing.T, books []string, what string, extra ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), what+".svg")
	args := append(append([]string{what, "-from", "2026-03-01", "-to", "2026-10-31", "-chart", path}, extra...), books...)
	if _, err := ctlReport(args...); err != nil {
		t.Fatalf("report %v: %v", args, err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestReportChartsFollowBy: -by chooses the chart (visits per month, per
// day…), and `returns` draws returns, not the loans' chart.
func TestReportChartsFollowBy(t *testing.T) {
	_, books := yearBooks(t)
	month := chartSVG(t, books, "visits", "-by", "month")
	day := chartSVG(t, books, "visits", "-by", "day")
	plain := chartSVG(t, books, "visits")
	if month == plain || day == plain || month == day {
		t.Fatal("visits -by month, -by day and no -by draw the same chart")
	}
	if !strings.Contains(month, "Kunjungan per bulan") || strings.Contains(month, "Kunjungan per jam") {
		t.Errorf("visits -by month: not a chart of visits per month")
	}
	if !strings.Contains(plain, "Kunjungan per jam") || !strings.Contains(plain, "Kunjungan per hari dalam seminggu") {
		t.Errorf("visits without -by: not the hours and weekdays")
	}
	loans, returns := chartSVG(t, books, "loans"), chartSVG(t, books, "returns")
	if loans == returns {
		t.Fatal("loans and returns draw the same chart")
	}
	if strings.Contains(returns, "Peminjaman") || strings.Contains(returns, "Perpanjangan") || !strings.Contains(returns, "Pengembalian") {
		t.Errorf("returns chart shows loans or renewals, or no returns")
	}
	if strings.Contains(loans, "Pengembalian") || !strings.Contains(loans, "Peminjaman") {
		t.Errorf("loans chart shows returns, or no loans")
	}
}

// TestReportChartsReadable: categories in their natural order, months
// by name, a year of days drawn by week and said so.
func TestReportChartsReadable(t *testing.T) {
	_, books := yearBooks(t)
	dem := chartSVG(t, books, "demographics")
	// A panel's labels are drawn from the bottom up: the last first.
	for _, vs := range [][]string{{"&lt; 13", "13-18", "19-25", "26-40", "41-60", "&gt; 60"}, {"SD", "SMP", "SMA", "D3", "S1", "S2", "S3"}} {
		at := len(dem)
		for _, v := range vs {
			i := strings.Index(dem, ">"+v+"<")
			if i < 0 || i > at {
				t.Errorf("demographics: %q out of order", v)
			}
			at = i
		}
	}
	if month := chartSVG(t, books, "visits", "-by", "month"); !strings.Contains(month, "Maret 2026") || strings.Contains(month, "2026-03") {
		t.Error("visits -by month: months not by name")
	}
	if loans := chartSVG(t, books, "loans"); !strings.Contains(loans, "per minggu") {
		t.Error("loans over eight months by day: not drawn by week, or not said")
	}
}
