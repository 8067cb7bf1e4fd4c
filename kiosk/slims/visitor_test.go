package slims_test

import (
	"strings"
	"testing"
	"time"

	"github.com/anjungan/anjungan/kiosk"
)

// TestLibraryVisit: guest-book visits go into visitor_count as SLiMS's
// visitor page writes them — members by member_id with their name and
// institution (NULL kept), guests with member_id NULL and their
// institution, none without one, no unknown card — and, with
// enable_visitor_limitation on, not again within the limit (members by
// id, guests by name); two kiosks at once record one.
func TestLibraryVisit(t *testing.T) {
	type visit struct {
		after time.Duration // since 10:00
		v     kiosk.Visit
		want  bool
	}
	siti := kiosk.Visit{Card: "m0001"}
	budi := kiosk.Visit{Card: "M0002"}
	rina := kiosk.Visit{Guest: kiosk.Guest{Name: "Rina Marlina", Origin: "SMA Negeri 3"}}
	for _, c := range []struct {
		name     string
		settings string // VALUES rows added to the fixture's
		visits   []visit
		rows     string
	}{
		{"no limit: every visit", "", []visit{
			{0, siti, true}, {time.Minute, siti, true}, {0, budi, true}, {0, rina, true},
			{0, kiosk.Visit{Guest: kiosk.Guest{Name: "Tanpa Instansi"}}, false},
			{0, kiosk.Visit{Card: "X9999"}, false},
		}, "M0001 Siti Rahmawati [SMA Negeri 1] 10:00 | M0001 Siti Rahmawati [SMA Negeri 1] 10:01 | M0002 Budi Santoso NULL 10:00 | NULL Rina Marlina [SMA Negeri 3] 10:00"},
		{"limit 60 by default", "('enable_visitor_limitation', 's:1:\"1\";')", []visit{
			{0, siti, true}, {59 * time.Minute, siti, false}, {61 * time.Minute, siti, true},
			{0, rina, true}, {30 * time.Minute, rina, false}, {30 * time.Minute, kiosk.Visit{Guest: kiosk.Guest{Name: "Rina Marlina", Origin: "Lain"}}, false},
		}, "M0001 Siti Rahmawati [SMA Negeri 1] 10:00 | M0001 Siti Rahmawati [SMA Negeri 1] 11:01 | NULL Rina Marlina [SMA Negeri 3] 10:00"},
		{"limit 5", "('enable_visitor_limitation', 'b:1;'), ('time_visitor_limitation', 's:1:\"5\";')", []visit{
			{0, budi, true}, {4 * time.Minute, budi, false}, {6 * time.Minute, budi, true},
		}, "M0002 Budi Santoso NULL 10:00 | M0002 Budi Santoso NULL 10:06"},
		{"limitation off", "('enable_visitor_limitation', 's:1:\"0\";'), ('time_visitor_limitation', 's:2:\"60\";')", []visit{
			{0, budi, true}, {time.Minute, budi, true},
		}, "M0002 Budi Santoso NULL 10:00 | M0002 Budi Santoso NULL 10:01"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := open(t, "")
			if c.settings != "" {
				f.d.Exec(t, "INSERT INTO setting (setting_name, setting_value) VALUES "+c.settings)
			}
			for i, v := range c.visits {
				f.clock.Set(day.Add(v.after))
				got, err := f.RecordLibraryVisit(ctx, v.v)
				if err != nil || got != v.want {
					t.Errorf("visit %d (%+v at +%v): recorded %v, %v; want %v", i, v.v, v.after, got, err, v.want)
				}
			}
			got := f.d.String(t, `SELECT GROUP_CONCAT(CONCAT_WS(' ', IFNULL(member_id, 'NULL'), member_name,
				IFNULL(CONCAT('[', institution, ']'), 'NULL'), DATE_FORMAT(checkin_date, '%H:%i')) ORDER BY visitor_id SEPARATOR ' | ') FROM visitor_count`)
			if got != c.rows {
				t.Errorf("visitor_count\n got %s\nwant %s", got, c.rows)
			}
		})
	}

	t.Run("record_visits off", func(t *testing.T) {
		f := open(t, "")
		f.RecordVisits = false
		if ok, err := f.RecordLibraryVisit(ctx, siti); ok || err != nil {
			t.Fatal(ok, err)
		}
		if n := f.d.Int(t, "SELECT COUNT(*) FROM visitor_count"); n != 0 {
			t.Fatalf("%d rows", n)
		}
	})

	t.Run("two kiosks at once, with a limit", func(t *testing.T) {
		f := open(t, "")
		f.d.Exec(t, `INSERT INTO setting (setting_name, setting_value) VALUES ('enable_visitor_limitation', 'b:1;')`)
		g := openOn(t, f.d)
		done := make(chan bool, 16)
		for i := range 16 {
			db := f.DB
			if i%2 == 1 {
				db = g.DB
			}
			go func() {
				ok, err := db.RecordLibraryVisit(ctx, siti)
				done <- ok && err == nil
			}()
		}
		n := 0
		for range 16 {
			if <-done {
				n++
			}
		}
		rows := f.d.Int(t, "SELECT COUNT(*) FROM visitor_count")
		if n != 1 || rows != 1 {
			t.Fatalf("%d recorded, %d rows; want 1", n, rows)
		}
	})

	t.Run("long guest fields", func(t *testing.T) {
		f := open(t, "")
		long := strings.Repeat("é", 300)
		if ok, err := f.RecordLibraryVisit(ctx, kiosk.Visit{Guest: kiosk.Guest{Name: long, Origin: long}}); !ok || err != nil {
			t.Fatal(ok, err)
		}
		if n := f.d.Int(t, "SELECT CHAR_LENGTH(member_name) + CHAR_LENGTH(institution) FROM visitor_count"); n != 355 {
			t.Fatalf("lengths %d, want 255 + 100", n)
		}
	})
}

// TestCheckMember: before the guest book counts a card, SLiMS says
// whether it is a member's — an expired or pending member is one (told
// to see staff), a code SLiMS does not have is not.
func TestCheckMember(t *testing.T) {
	f := open(t, "")
	f.clock.Set(day)
	for _, c := range []struct{ card, key string }{
		{"M0001", ""},
		{"m0001", ""}, // SLiMS's collation: as its visitor page finds it
		{"M0003", kiosk.KeyPatronExpired},
		{"M0005", kiosk.KeyPatronPending},
		{"X9999", kiosk.KeyPatronUnknown},
		{"hello world", kiosk.KeyPatronUnknown},
		{"", kiosk.KeyPatronUnknown},
	} {
		if err := f.CheckMember(ctx, c.card); kiosk.ErrorKey(err) != c.key {
			t.Errorf("CheckMember(%q) = %v, want %q", c.card, err, c.key)
		}
	}
}
