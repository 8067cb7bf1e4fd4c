package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/anjungan/anjungan/kiosk"
)

// item is an items row with its title.
type item struct {
	id      int64
	titleID int64
	kiosk.Item
}

const itemColumns = `i.id, i.title_id, i.barcode, t.title, t.author, i.call_number, i.location, i.item_type, i.loanable`

func scanItem(row interface{ Scan(...any) error }) (*item, error) {
	it := &item{}
	err := row.Scan(&it.id, &it.titleID, &it.Barcode, &it.Title, &it.Author, &it.CallNumber, &it.Location, &it.Type, &it.Loanable)
	return it, err
}

func loadItem(ctx context.Context, q querier, barcode string) (*item, error) {
	it, err := scanItem(q.QueryRowContext(ctx, `SELECT `+itemColumns+` FROM items i JOIN titles t ON t.id = i.title_id WHERE i.barcode = ?`, barcode))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, kiosk.Errorf(kiosk.ENOTFOUND, kiosk.KeyItemUnknown)
	}
	if err != nil {
		return nil, fmt.Errorf("load item: %w", err)
	}
	return it, nil
}

// Item implements kiosk.Circulation.
func (db *DB) Item(ctx context.Context, barcode string) (*kiosk.Item, error) {
	it, err := loadItem(ctx, db.rdb, barcode)
	if err != nil {
		return nil, internal("item", err)
	}
	return &it.Item, nil
}
