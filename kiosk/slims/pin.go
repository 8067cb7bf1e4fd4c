package slims

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"unicode"

	"golang.org/x/crypto/bcrypt"

	"github.com/anjungan/anjungan/internal/migrate"
	"github.com/anjungan/anjungan/kiosk"
)

//go:embed migrations/*.sql
var migrations embed.FS

// migratePINs makes the kiosk PIN table, once whichever kiosk starts
// first (a named lock keeps two from racing).
func (db *DB) migratePINs(ctx context.Context) error {
	conn, err := db.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	release, err := db.lock(ctx, conn, "migrate")
	if err != nil {
		return err
	}
	defer release()
	m := migrate.Migrator{FS: migrations, Pattern: "migrations/*.sql", Table: migrationsTable, Now: db.Now}
	if done, err := db.migrated(ctx, conn, m.Pattern); err != nil || done {
		return err
	}
	if _, err := m.Up(ctx, db.db); err != nil {
		return fmt.Errorf("slims: the kiosk PIN table (login = \"pin\" needs CREATE on the database): %w", err)
	}
	return nil
}

// migrationsTable records which of the kiosk's own migrations ran.
const migrationsTable = "anjungan_migrations"

// migrated reports whether every migration is recorded already: then
// nothing is created, so that a kiosk whose CREATE grant was taken back
// after the first start still opens.
func (db *DB) migrated(ctx context.Context, q querier, pattern string) (bool, error) {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?`,
		migrationsTable).Scan(&n); err != nil || n == 0 {
		return false, err
	}
	names, err := fs.Glob(migrations, pattern)
	if err != nil {
		return false, err
	}
	rows, err := q.QueryContext(ctx, `SELECT name FROM `+migrationsTable)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	done := map[string]bool{}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return false, err
		}
		done[name] = true
	}
	for _, name := range names {
		if !done[name] {
			return false, rows.Err()
		}
	}
	return true, rows.Err()
}

// checkKioskPIN checks a PIN against the kiosk PIN table.
func (db *DB) checkKioskPIN(ctx context.Context, m *member, pin string) error {
	var hash string
	err := db.db.QueryRowContext(ctx, `SELECT pin_hash FROM anjungan_pin WHERE member_id = ?`, m.ID).Scan(&hash)
	if errors.Is(err, sql.ErrNoRows) {
		return kiosk.Errorf(kiosk.EUNAUTH, kiosk.KeyPatronNoSecret)
	}
	if err != nil {
		return fmt.Errorf("kiosk PIN: %w", err)
	}
	if pin == "" {
		return kiosk.Errorf(kiosk.EUNAUTH, kiosk.KeyPINRequired)
	}
	if bcrypt.CompareHashAndPassword([]byte(hash), []byte(pin)) != nil {
		return kiosk.Errorf(kiosk.EUNAUTH, kiosk.KeyPINWrong)
	}
	return nil
}

// PIN lengths the kiosk's pad takes.
const (
	MinPIN = 4
	MaxPIN = 12
)

// SetPIN sets (or replaces) a member's kiosk PIN: 4 to 12 digits. The
// member must exist in SLiMS.
func (db *DB) SetPIN(ctx context.Context, card, pin string) error {
	if len(pin) < MinPIN || len(pin) > MaxPIN {
		return fmt.Errorf("a kiosk PIN has %d to %d digits", MinPIN, MaxPIN)
	}
	for _, r := range pin {
		if !unicode.IsDigit(r) || r > '9' {
			return errors.New("a kiosk PIN has digits only")
		}
	}
	if err := db.migratePINs(ctx); err != nil {
		return err
	}
	m, err := db.loadMember(ctx, db.db, card)
	if err != nil {
		return fmt.Errorf("member %s: %w", card, err)
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(pin), bcrypt.DefaultCost)
	if err != nil {
		return err
	}
	_, err = db.db.ExecContext(ctx, `INSERT INTO anjungan_pin (member_id, pin_hash, updated_at) VALUES (?, ?, ?)
		ON DUPLICATE KEY UPDATE pin_hash = VALUES(pin_hash), updated_at = VALUES(updated_at)`, m.ID, string(hash), db.stamp())
	return err
}

// RemovePIN removes a member's kiosk PIN; it reports whether there was one.
func (db *DB) RemovePIN(ctx context.Context, card string) (bool, error) {
	if err := db.migratePINs(ctx); err != nil {
		return false, err
	}
	res, err := db.db.ExecContext(ctx, `DELETE FROM anjungan_pin WHERE member_id = ?`, card)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}
