package sqlite_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/anjungan/anjungan/kiosk/mock"
	"github.com/anjungan/anjungan/kiosk/sqlite"
)

func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	fi, err := os.Stat(path)
	if os.IsNotExist(err) {
		return 0
	}
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}

// TestBackgroundCheckpoint: commits never checkpoint inline, yet the WAL
// reaches the database file in the background, and Close leaves no WAL.
func TestBackgroundCheckpoint(t *testing.T) {
	path := filepath.Join(t.TempDir(), "library.db")
	db := sqlite.NewDB(path)
	db.Now = mock.NewClock(monday).Now
	db.CheckpointEvery = 20 * time.Millisecond
	if err := db.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	var auto int
	if err := db.SQL().QueryRow(`PRAGMA wal_autocheckpoint`).Scan(&auto); err != nil || auto != 0 {
		t.Fatalf("wal_autocheckpoint = %d, %v; want 0", auto, err)
	}
	before := fileSize(t, path)
	if err := db.Exec(context.Background(), `INSERT INTO item_types (code, name) VALUES ('buku', 'Buku')`); err != nil {
		t.Fatal(err)
	}
	items := make([]sqlite.ItemRecord, 3000)
	for i := range items {
		items[i] = sqlite.ItemRecord{Barcode: fmt.Sprintf("C%06d", i), TitleRecord: sqlite.TitleRecord{Title: fmt.Sprintf("Judul panjang nomor %d", i)}, ItemType: "buku"}
	}
	if err := db.AddItems(context.Background(), items...); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for fileSize(t, path) <= before+100_000 {
		if time.Now().After(deadline) {
			t.Fatalf("database file still %d bytes: the WAL was never checkpointed", fileSize(t, path))
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if n := fileSize(t, path+"-wal"); n != 0 {
		t.Fatalf("WAL holds %d bytes after Close", n)
	}
}
