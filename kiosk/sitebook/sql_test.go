package sitebook_test

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// rowInt reads one integer from url.
func rowInt(url, q string, n *int) error {
	c, err := pgx.Connect(context.Background(), url)
	if err != nil {
		return err
	}
	defer c.Close(context.Background())
	return c.QueryRow(context.Background(), q).Scan(n)
}

// execAs runs q on url.
func execAs(url, q string) error {
	c, err := pgx.Connect(context.Background(), url)
	if err != nil {
		return err
	}
	defer c.Close(context.Background())
	_, err = c.Exec(context.Background(), q)
	return err
}
