package sqlite

import (
	"context"
	"database/sql"
	"sync"
)

// stmtCache holds statements prepared once on the write pool. A write
// transaction uses them through prepared(tx), so the hot paths (checkout,
// checkin, renew) do not parse their SQL again on every call.
type stmtCache struct {
	mu sync.Mutex
	m  map[string]*sql.Stmt
}

func (c *stmtCache) get(ctx context.Context, db *sql.DB, query string) (*sql.Stmt, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.m[query]; ok {
		return st, nil
	}
	st, err := db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if c.m == nil {
		c.m = map[string]*sql.Stmt{}
	}
	c.m[query] = st
	return st, nil
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.m {
		st.Close()
	}
	c.m = nil
}

// preparedTx is a querier that runs each query as a cached prepared
// statement inside tx.
type preparedTx struct {
	db *DB
	tx *sql.Tx
}

func (db *DB) prepared(tx *sql.Tx) preparedTx { return preparedTx{db, tx} }

func (p preparedTx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := p.db.stmts.get(ctx, p.db.db, query)
	if err != nil {
		return p.tx.QueryRowContext(ctx, query, args...) // reports the same error on Scan
	}
	return p.tx.StmtContext(ctx, st).QueryRowContext(ctx, args...)
}

func (p preparedTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := p.db.stmts.get(ctx, p.db.db, query)
	if err != nil {
		return nil, err
	}
	return p.tx.StmtContext(ctx, st).QueryContext(ctx, args...)
}

func (p preparedTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, err := p.db.stmts.get(ctx, p.db.db, query)
	if err != nil {
		return nil, err
	}
	return p.tx.StmtContext(ctx, st).ExecContext(ctx, args...)
}
