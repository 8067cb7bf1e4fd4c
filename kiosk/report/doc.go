// Package report draws the library's numbers for staff: charts (PNG or
// SVG, with gonum.org/v1/plot) of visits, loans and returns, purposes
// and demographics, the makerspace, satisfaction and the SKM, and the SKM
// survey report a library publishes, as a PDF in Bahasa Indonesia (with
// codeberg.org/go-pdf/fpdf and the Liberation fonts, so any comment's
// letters print).
//
// It takes plain figures (Panel, Series, SKMDocument), not a store: the
// guest book and the makerspace count, cmd/kioskctl hands the counts
// here. Labels are Indonesian, or English with LangEN.
package report
