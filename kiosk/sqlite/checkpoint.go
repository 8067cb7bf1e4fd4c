package sqlite

import (
	"context"
	"database/sql"
	"sync"
	"time"

	"github.com/mattn/go-sqlite3"
)

// driverName is mattn's driver with automatic WAL checkpoints turned off
// on every connection: left on, the commit that fills the WAL copies it
// back and fsyncs inline, and a patron's checkout waits for that. The DB
// checkpoints in the background instead.
const driverName = "sqlite3_anjungan"

var registerDriver sync.Once

func register() {
	registerDriver.Do(func() {
		sql.Register(driverName, &sqlite3.SQLiteDriver{
			ConnectHook: func(c *sqlite3.SQLiteConn) error {
				_, err := c.Exec("PRAGMA wal_autocheckpoint = 0", nil)
				return err
			},
		})
	})
}

// checkpointer copies the WAL back into the database file every interval,
// without blocking writers, until ctx ends.
func (db *DB) checkpointer(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := db.db.ExecContext(ctx, `PRAGMA wal_checkpoint(PASSIVE)`); err != nil && ctx.Err() == nil {
				db.warn("checkpoint", err)
			}
		}
	}
}
