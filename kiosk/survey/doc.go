// Package survey is the public-service satisfaction survey Indonesian
// public services must run at least once a year (Survei Kepuasan
// Masyarakat, SKM, as Peraturan Menteri PANRB Nomor 14 Tahun 2017 sets
// it): its nine elements, each answered on the regulation's four-point
// scale, and the index computed exactly as the regulation defines it —
// each element's average (NRR), weighted by 1/9, summed, times 25 — with
// the regulation's conversion to a quality grade (A–D) and a performance
// label (Sangat baik … Tidak baik).
//
// It is stdlib only: the kiosk asks the questions (kiosk/session), stores
// the answers and reports them; this package defines and computes. It
// also defines what a respondent's answer is (Answer: the nine scores,
// the Respondent's profile with the questionnaire's Options, a comment)
// and the Recorder that keeps answers, so that the kiosk's flows need no
// store.
package survey
