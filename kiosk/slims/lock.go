package slims

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/anjungan/anjungan/kiosk"
)

// lockName is a GET_LOCK name for one thing of this database: at most 64
// characters (MariaDB's limit), case-folded as SLiMS's codes compare.
func (db *DB) lockName(what string) string {
	name := "anjungan:" + db.Config.DBName + ":" + strings.ToLower(what)
	if len(name) > 64 {
		sum := sha256.Sum256([]byte(name))
		name = "anjungan:" + hex.EncodeToString(sum[:])[:48]
	}
	return name
}

// lock takes the named locks on conn, in one statement and in order
// (every kiosk and gateway on this database takes the same names),
// waiting up to LockWait for each. It returns the release. A lock is the
// connection's: if the release fails, the connection is dropped, which
// releases it.
func (db *DB) lock(ctx context.Context, conn *sql.Conn, what ...string) (func(), error) {
	wait := max(int(db.LockWait/time.Second), 1)
	names := make([]any, len(what))
	gets := make([]string, len(what))
	releases := make([]string, len(what))
	for i, w := range what {
		names[i] = db.lockName(w)
		gets[i] = fmt.Sprintf("GET_LOCK(?, %d)", wait)
		releases[i] = "RELEASE_LOCK(?)"
	}
	release := func() {
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		if _, err := conn.ExecContext(rctx, "DO "+strings.Join(releases, ", "), names...); err != nil {
			db.Logger.Warn("SLiMS lock not released; dropping the connection", "lock", what, "err", err)
			conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}
	got := make([]sql.NullInt64, len(what))
	dest := make([]any, len(what))
	for i := range got {
		dest[i] = &got[i]
	}
	// MariaDB evaluates the select list left to right: the locks are
	// taken in order.
	if err := conn.QueryRowContext(ctx, "SELECT "+strings.Join(gets, ", "), names...).Scan(dest...); err != nil {
		conn.Raw(func(any) error { return driver.ErrBadConn }) // whatever it holds goes with it
		return nil, fmt.Errorf("lock %s: %w", strings.Join(what, ", "), err)
	}
	for i, g := range got {
		if !g.Valid || g.Int64 != 1 {
			// Another kiosk holds it that long: a stuck writer. The patron
			// tries again; staff see the log.
			release()
			db.Logger.Warn("SLiMS lock busy", "lock", what[i], "waited", db.LockWait)
			return nil, kiosk.Errorf(kiosk.EUNAVAILABLE, kiosk.KeyLibraryTimedOut).Wrap(fmt.Errorf("lock %s busy after %v", what[i], db.LockWait))
		}
	}
	return release, nil
}

// locked runs fn on one connection holding the locks on the names in
// order (always item before member, so two kiosks never wait on each
// other crosswise), inside a transaction when the tables take them.
func (db *DB) locked(ctx context.Context, names []string, fn func(q querier) error) error {
	conn, err := db.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	release, err := db.lock(ctx, conn, names...)
	if err != nil {
		return err
	}
	defer release()
	db.mu.Lock()
	innodb := db.innodb
	db.mu.Unlock()
	if !innodb {
		return fn(conn)
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}
