package booking

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// Setup is a makerspace's configuration as staff keep it in one file:
// resources with their rules, quotas, closures, certificates and the
// active-bookings limit. The file's format is read by booking/setupfile;
// a store applies a Setup all or nothing.
type Setup struct {
	Resources      []Resource
	Quotas         []Quota
	Closures       []Closure
	Certifications []Certification
	MaxActive      *int // nil leaves the limit as it is
}

// NewCertification is a patron's certificate valid through the day
// expires, "YYYY-MM-DD" in loc (never expiring when empty). Spaces around
// each value are dropped; the patron's card and the name are required.
func NewCertification(patron, name, expires string, loc *time.Location) (Certification, error) {
	c := Certification{Patron: strings.TrimSpace(patron), Name: strings.TrimSpace(name)}
	if c.Patron == "" || c.Name == "" {
		return c, errors.New("needs a patron card and a certificate name")
	}
	if expires = strings.TrimSpace(expires); expires != "" {
		d, err := ParseDate(expires)
		if err != nil {
			return c, err
		}
		c.Expires = d.AddDays(1).Midnight(loc)
	}
	return c, nil
}

// ParseCertificates reads a CSV of card,name[,expires] after a header row
// card,name[,expires]; an error names the line.
func ParseCertificates(r io.Reader, loc *time.Location) ([]Certification, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	rows, err := cr.ReadAll()
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 || len(rows[0]) < 2 || strings.ToLower(rows[0][0]) != "card" || strings.ToLower(rows[0][1]) != "name" {
		return nil, errors.New("want a header row card,name,expires")
	}
	var out []Certification
	for i, row := range rows[1:] {
		if len(row) < 2 || len(row) > 3 {
			return nil, fmt.Errorf("line %d: want card,name[,expires]", i+2)
		}
		exp := ""
		if len(row) == 3 {
			exp = row[2]
		}
		c, err := NewCertification(row[0], row[1], exp, loc)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", i+2, err)
		}
		out = append(out, c)
	}
	return out, nil
}
