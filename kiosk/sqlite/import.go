package sqlite

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Rejection is a CSV row that was not imported, with its line number.
type Rejection struct {
	Line   int
	Reason string
}

func (r Rejection) String() string { return fmt.Sprintf("line %d: %s", r.Line, r.Reason) }

// ImportReport says what an import did.
type ImportReport struct {
	Rows      int // data rows read
	Added     int
	Updated   int
	Rejected  []Rejection
	Committed bool
}

// ImportOptions change how an import commits.
type ImportOptions struct {
	// Partial imports the good rows even when some are rejected. Without
	// it, one rejected row means nothing is imported.
	Partial bool
	// DryRun checks everything and commits nothing.
	DryRun bool
}

// Catalog CSV columns. barcode and title are required.
var catalogColumns = []string{"barcode", "title", "author", "isbn", "publisher", "year", "language", "call_number", "location", "item_type", "loanable"}

// Patron CSV columns. card, name, category and expires are required.
var patronColumns = []string{"card", "name", "category", "expires", "pin", "status", "block_reason", "birth_date"}

const maxField = 1000

// table is a parsed CSV file: rows of named fields with their line numbers.
type table struct {
	rows  []map[string]string
	lines []int
}

// readTable reads a CSV file with a header row naming columns from allowed.
// It accepts a UTF-8 byte order mark and ';' as the separator (what Excel
// writes in Indonesian locales). Rows it cannot use are rejected by line.
func readTable(r io.Reader, allowed, required []string) (*table, []Rejection, error) {
	br := bufio.NewReader(r)
	if b, _ := br.Peek(3); bytes.Equal(b, []byte{0xEF, 0xBB, 0xBF}) {
		br.Discard(3)
	}
	first, _ := br.Peek(4096)
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	if line, _, _ := bytes.Cut(first, []byte("\n")); bytes.Count(line, []byte(";")) > bytes.Count(line, []byte(",")) {
		cr.Comma = ';'
	}
	header, err := cr.Read()
	if err == io.EOF {
		return nil, nil, errors.New("the file is empty: it needs a header row")
	}
	if err != nil {
		return nil, nil, fmt.Errorf("header: %w", err)
	}
	cols := make([]string, len(header))
	seen := map[string]bool{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		if !contains(allowed, h) {
			return nil, nil, fmt.Errorf("header: unknown column %q (columns: %s)", header[i], strings.Join(allowed, ", "))
		}
		if seen[h] {
			return nil, nil, fmt.Errorf("header: column %q twice", h)
		}
		seen[h] = true
		cols[i] = h
	}
	for _, req := range required {
		if !seen[req] {
			return nil, nil, fmt.Errorf("header: required column %q missing", req)
		}
	}
	t := &table{}
	var rejected []Rejection
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			rejected = append(rejected, Rejection{pe.StartLine, "malformed CSV: " + pe.Err.Error()})
			if errors.Is(pe.Err, csv.ErrQuote) || errors.Is(pe.Err, csv.ErrBareQuote) {
				continue
			}
			return t, rejected, nil
		}
		if err != nil {
			return nil, nil, fmt.Errorf("read: %w", err)
		}
		line, _ := cr.FieldPos(0) // only valid after a successful Read
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // blank line
		}
		if len(rec) != len(cols) {
			rejected = append(rejected, Rejection{line, fmt.Sprintf("%d fields, the header has %d", len(rec), len(cols))})
			continue
		}
		row := make(map[string]string, len(cols))
		bad := ""
		for i, v := range rec {
			v = strings.TrimSpace(v)
			switch {
			case !utf8.ValidString(v):
				bad = fmt.Sprintf("%s: not valid UTF-8 (save the file as UTF-8)", cols[i])
			case len(v) > maxField:
				bad = fmt.Sprintf("%s: longer than %d bytes", cols[i], maxField)
			case strings.ContainsFunc(v, isControl):
				bad = fmt.Sprintf("%s: contains control characters", cols[i])
			}
			if bad != "" {
				break
			}
			row[cols[i]] = v
		}
		if bad != "" {
			rejected = append(rejected, Rejection{line, bad})
			continue
		}
		t.rows = append(t.rows, row)
		t.lines = append(t.lines, line)
	}
	return t, rejected, nil
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

func contains(list []string, s string) bool {
	for _, l := range list {
		if l == s {
			return true
		}
	}
	return false
}

// parseBool reads yes/no in English and Indonesian; empty is def.
func parseBool(s string, def bool) (bool, error) {
	switch strings.ToLower(s) {
	case "":
		return def, nil
	case "1", "y", "yes", "true", "ya":
		return true, nil
	case "0", "n", "no", "false", "tidak", "t":
		return false, nil
	}
	return false, fmt.Errorf("%q is not yes or no", s)
}

// ParseCatalog reads a catalog CSV into item records, rejecting rows with
// a missing or malformed field. It does not touch the database.
func ParseCatalog(r io.Reader) ([]ItemRecord, []int, []Rejection, error) {
	t, rejected, err := readTable(r, catalogColumns, []string{"barcode", "title"})
	if err != nil {
		return nil, nil, nil, err
	}
	var recs []ItemRecord
	var lines []int
	seen := map[string]int{}
	for i, row := range t.rows {
		line := t.lines[i]
		reject := func(format string, a ...any) { rejected = append(rejected, Rejection{line, fmt.Sprintf(format, a...)}) }
		rec := ItemRecord{
			Barcode:     row["barcode"],
			TitleRecord: TitleRecord{Title: row["title"], Author: row["author"], ISBN: strings.ReplaceAll(row["isbn"], "-", ""), Publisher: row["publisher"], Language: row["language"]},
			CallNumber:  row["call_number"], Location: row["location"], ItemType: row["item_type"],
		}
		if rec.ItemType == "" {
			rec.ItemType = "buku"
		}
		switch {
		case rec.Barcode == "":
			reject("barcode is empty")
			continue
		case strings.ContainsAny(rec.Barcode, " \t"):
			reject("barcode %q contains spaces", rec.Barcode)
			continue
		case rec.Title == "":
			reject("title is empty")
			continue
		}
		if prev, ok := seen[rec.Barcode]; ok {
			reject("barcode %s is also on line %d", rec.Barcode, prev)
			continue
		}
		if y := row["year"]; y != "" {
			n, err := strconv.Atoi(y)
			if err != nil || n < 1000 || n > 2200 {
				reject("year %q is not a year", y)
				continue
			}
			rec.Year = n
		}
		var err error
		if rec.Loanable, err = parseBool(row["loanable"], true); err != nil {
			reject("loanable: %v", err)
			continue
		}
		seen[rec.Barcode] = line
		recs = append(recs, rec)
		lines = append(lines, line)
	}
	return recs, lines, rejected, nil
}

// ImportCatalog adds and updates items from a catalog CSV in one
// transaction. Items are matched by barcode, titles by ISBN or by title and
// author.
func (db *DB) ImportCatalog(ctx context.Context, r io.Reader, opt ImportOptions) (*ImportReport, error) {
	recs, lines, rejected, err := ParseCatalog(r)
	if err != nil {
		return nil, err
	}
	rep := &ImportReport{Rows: len(recs) + len(rejected), Rejected: rejected}
	types, err := db.codes(ctx, "item_types")
	if err != nil {
		return nil, err
	}
	err = db.importTx(ctx, rep, opt, func(tx *sql.Tx) error {
		for i, rec := range recs {
			if !types[rec.ItemType] {
				rep.reject(lines[i], fmt.Sprintf("item_type %q is not one of the library's item types", rec.ItemType))
				continue
			}
			added, err := upsertItem(ctx, tx, rec)
			if err != nil {
				return fmt.Errorf("line %d: %w", lines[i], err)
			}
			rep.count(added)
		}
		return nil
	})
	return rep, err
}

// ImportPatrons adds and updates patrons from a patrons CSV in one
// transaction. PINs are hashed before it starts; an empty pin keeps the
// patron's PIN.
func (db *DB) ImportPatrons(ctx context.Context, r io.Reader, opt ImportOptions) (*ImportReport, error) {
	t, rejected, err := readTable(r, patronColumns, []string{"card", "name", "category", "expires"})
	if err != nil {
		return nil, err
	}
	rep := &ImportReport{Rows: len(t.rows) + len(rejected), Rejected: rejected}
	cats, err := db.codes(ctx, "patron_categories")
	if err != nil {
		return nil, err
	}
	recs, lines, pins := db.parsePatrons(t, cats, rep)
	hashes, err := db.hashPINs(ctx, pins)
	if err != nil {
		return nil, err
	}
	err = db.importTx(ctx, rep, opt, func(tx *sql.Tx) error {
		for i, rec := range recs {
			rec.PINHash = hashes[i]
			added, err := upsertPatron(ctx, tx, rec)
			if err != nil {
				return fmt.Errorf("line %d: %w", lines[i], err)
			}
			rep.count(added)
		}
		return nil
	})
	return rep, err
}

func (db *DB) parsePatrons(t *table, cats map[string]bool, rep *ImportReport) ([]PatronRecord, []int, []string) {
	var recs []PatronRecord
	var lines []int
	var pins []string
	seen := map[string]int{}
	for i, row := range t.rows {
		line := t.lines[i]
		rec := PatronRecord{Card: row["card"], Name: row["name"], Category: row["category"], Expires: row["expires"],
			Status: strings.ToLower(row["status"]), BlockReason: row["block_reason"], BirthDate: row["birth_date"]}
		reason := ""
		switch {
		case rec.Card == "":
			reason = "card is empty"
		case strings.ContainsAny(rec.Card, " \t"):
			reason = fmt.Sprintf("card %q contains spaces", rec.Card)
		case rec.Name == "":
			reason = "name is empty"
		case !cats[rec.Category]:
			reason = fmt.Sprintf("category %q is not one of the library's patron categories", rec.Category)
		case rec.Status != "" && rec.Status != "active" && rec.Status != "blocked":
			reason = fmt.Sprintf("status %q: want active or blocked", rec.Status)
		}
		if reason == "" {
			if _, err := time.Parse(time.DateOnly, rec.Expires); err != nil {
				reason = fmt.Sprintf("expires %q: want YYYY-MM-DD", rec.Expires)
			}
		}
		if reason == "" && rec.BirthDate != "" {
			if _, err := time.Parse(time.DateOnly, rec.BirthDate); err != nil {
				reason = fmt.Sprintf("birth_date %q: want YYYY-MM-DD", rec.BirthDate)
			}
		}
		if reason == "" && row["pin"] != "" {
			if err := ValidPIN(row["pin"]); err != nil {
				reason = "pin: " + err.Error() // the PIN itself is never echoed
			}
		}
		if prev, ok := seen[rec.Card]; ok && reason == "" {
			reason = fmt.Sprintf("card is also on line %d", prev)
		}
		if reason != "" {
			rep.reject(line, reason)
			continue
		}
		seen[rec.Card] = line
		recs = append(recs, rec)
		lines = append(lines, line)
		pins = append(pins, row["pin"])
	}
	return recs, lines, pins
}

// hashPINs hashes PINs on every core: bcrypt is slow by design.
func (db *DB) hashPINs(ctx context.Context, pins []string) ([]string, error) {
	out := make([]string, len(pins))
	work := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var first error
	for w := 0; w < runtime.NumCPU(); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				h, err := db.HashPIN(pins[i])
				mu.Lock()
				if err != nil && first == nil {
					first = err
				}
				out[i] = h
				mu.Unlock()
			}
		}()
	}
	for i, p := range pins {
		if p == "" {
			continue
		}
		select {
		case work <- i:
		case <-ctx.Done():
			close(work)
			wg.Wait()
			return nil, ctx.Err()
		}
	}
	close(work)
	wg.Wait()
	return out, first
}

func (rep *ImportReport) reject(line int, reason string) {
	rep.Rejected = append(rep.Rejected, Rejection{line, reason})
}

func (rep *ImportReport) count(added bool) {
	if added {
		rep.Added++
	} else {
		rep.Updated++
	}
}

// importTx runs fn in one transaction and commits only when the options
// and the rejections allow it.
func (db *DB) importTx(ctx context.Context, rep *ImportReport, opt ImportOptions, fn func(*sql.Tx) error) error {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("import: begin: %w", err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return fmt.Errorf("import: %w", err)
	}
	sortRejections(rep.Rejected)
	if opt.DryRun || (len(rep.Rejected) > 0 && !opt.Partial) {
		return nil
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("import: commit: %w", err)
	}
	rep.Committed = true
	return nil
}

func sortRejections(r []Rejection) {
	slices.SortStableFunc(r, func(a, b Rejection) int { return a.Line - b.Line })
}

// codes returns the codes of a lookup table.
func (db *DB) codes(ctx context.Context, table string) (map[string]bool, error) {
	rows, err := db.rdb.QueryContext(ctx, `SELECT code FROM `+table)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", table, err)
	}
	defer rows.Close()
	m := map[string]bool{}
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		m[c] = true
	}
	return m, rows.Err()
}
