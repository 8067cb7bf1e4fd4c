package slims

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// LibraryName is the library's name as SLiMS shows it (its library_name
// setting, System → System Configuration); "" when it is not set. Call
// it after Open.
func (db *DB) LibraryName(ctx context.Context) (string, error) {
	if db.db == nil {
		return "", errors.New("slims: library name: the database is not open")
	}
	var v sql.NullString
	err := db.db.QueryRowContext(ctx, `SELECT setting_value FROM setting WHERE setting_name = 'library_name'`).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) || err == nil && !v.Valid {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("slims: library name: %w", err)
	}
	name, err := phpValue(v.String)
	if err != nil {
		return "", fmt.Errorf("slims: library name: %w", err)
	}
	return strings.TrimSpace(name), nil
}
