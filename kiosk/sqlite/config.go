package sqlite

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// libConfig is the rules and calendar every checkout consults, cached
// until config_version moves.
type libConfig struct {
	version int64
	rules   map[[2]string]Rule // (category, item type), '*' for any
	cal     *calendar
}

// configCache guards the cached libConfig.
type configCache struct {
	mu  sync.Mutex
	cur *libConfig
}

// config returns the current rules and calendar, reloading them inside q's
// transaction when another writer changed them.
func (db *DB) config(ctx context.Context, q querier) (*libConfig, error) {
	var v int64
	if err := q.QueryRowContext(ctx, `SELECT n FROM config_version`).Scan(&v); err != nil {
		return nil, fmt.Errorf("config version: %w", err)
	}
	db.cfg.mu.Lock()
	defer db.cfg.mu.Unlock()
	if c := db.cfg.cur; c != nil && c.version == v {
		return c, nil
	}
	c := &libConfig{version: v, rules: map[[2]string]Rule{}}
	rows, err := q.QueryContext(ctx, `SELECT category, item_type, loan_days, max_renewals, fine_per_day, fine_max FROM loan_rules`)
	if err != nil {
		return nil, fmt.Errorf("loan rules: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r Rule
		if err := rows.Scan(&r.Category, &r.ItemType, &r.LoanDays, &r.MaxRenewals, &r.FinePerDay, &r.FineMax); err != nil {
			return nil, fmt.Errorf("loan rules: %w", err)
		}
		c.rules[[2]string{r.Category, r.ItemType}] = r
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("loan rules: %w", err)
	}
	if c.cal, err = loadCalendar(ctx, q, db.Location, time.Time{}); err != nil {
		return nil, err
	}
	db.cfg.cur = c
	return c, nil
}

// rule finds the most specific rule: exact category and type first, then
// the category with any type, then any category with the type, then any.
func (c *libConfig) rule(category, itemType string) (Rule, bool) {
	for _, k := range [][2]string{{category, itemType}, {category, "*"}, {"*", itemType}, {"*", "*"}} {
		if r, ok := c.rules[k]; ok {
			r.Category, r.ItemType = category, itemType
			return r, true
		}
	}
	return Rule{}, false
}
