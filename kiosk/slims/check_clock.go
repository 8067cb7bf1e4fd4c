package slims

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"math"
	"strconv"
	"time"
)

// maxSkew is how far the server's clock may be from this machine's
// before Check warns.
const maxSkew = time.Minute

// checkLocks makes sure named locks hold as the kiosk uses them: two on
// one connection at once (servers before MySQL 5.7.5 kept one, dropping
// the first when a second was taken).
func checkLocks(ctx context.Context, conn *sql.Conn, r *Report) {
	tag := make([]byte, 8)
	rand.Read(tag)
	a, b := "anjungan:check:a:"+hex.EncodeToString(tag), "anjungan:check:b:"+hex.EncodeToString(tag)
	defer conn.ExecContext(context.WithoutCancel(ctx), `DO RELEASE_LOCK(?), RELEASE_LOCK(?)`, a, b)
	var gotA, gotB, held sql.NullInt64
	err := conn.QueryRowContext(ctx, `SELECT GET_LOCK(?, 1)`, a).Scan(&gotA)
	if err == nil {
		err = conn.QueryRowContext(ctx, `SELECT GET_LOCK(?, 1)`, b).Scan(&gotB)
	}
	if err == nil {
		err = conn.QueryRowContext(ctx, `SELECT IS_USED_LOCK(?) = CONNECTION_ID()`, a).Scan(&held)
	}
	switch {
	case err != nil:
		r.add(Fail, "locks", "named locks (GET_LOCK) fail: %v; the kiosk locks every item it lends, returns or renews with them", err)
	case gotA.Int64 != 1 || gotB.Int64 != 1:
		r.add(Fail, "locks", "GET_LOCK did not grant a lock no one holds: the kiosk could lend nothing")
	case held.Int64 != 1:
		r.add(Fail, "locks", "this server keeps one named lock per connection (MySQL before 5.7.5): taking the member's lock would drop the item's, "+
			"and two kiosks could lend one copy; upgrade the server (SLiMS 9 wants MySQL 5.7 or MariaDB 10 anyway)")
	default:
		r.add(OK, "locks", "named locks (GET_LOCK) hold, several per connection, as the kiosk's per-item and per-member locks need")
	}
}

// checkClock compares the server's clock with this machine's, and the
// zone of the server's NOW() with the library's.
func checkClock(ctx context.Context, conn *sql.Conn, loc *time.Location, now func() time.Time, r *Report) {
	var unix, zone, system string
	var offset int
	t0 := now()
	err := conn.QueryRowContext(ctx, `SELECT CAST(UNIX_TIMESTAMP(NOW(6)) AS CHAR), @@time_zone, @@system_time_zone,
		TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(), NOW())`).Scan(&unix, &zone, &system, &offset)
	t1 := now()
	if err != nil {
		r.add(Warn, "clock", "cannot read the server's clock: %v", err)
		return
	}
	secs, err := strconv.ParseFloat(unix, 64)
	if err != nil {
		r.add(Warn, "clock", "the server's clock reads %q: %v", unix, err)
		return
	}
	whole, frac := math.Modf(secs)
	server := time.Unix(int64(whole), int64(frac*1e9))
	here := t0.Add(t1.Sub(t0) / 2)
	skew := server.Sub(here)
	switch {
	case skew > maxSkew:
		r.add(Warn, "clock", "the server's clock is %v ahead of this machine's: the kiosk dates loans and returns by its own clock, SLiMS's desk by its web "+
			"server's; set both right (NTP)", skew.Round(time.Second))
	case skew < -maxSkew:
		r.add(Warn, "clock", "the server's clock is %v behind this machine's: the kiosk dates loans and returns by its own clock, SLiMS's desk by its web "+
			"server's; set both right (NTP)", (-skew).Round(time.Second))
	default:
		r.add(OK, "clock", "the server's clock agrees with this machine's (within %v)", skew.Abs().Round(time.Millisecond))
	}
	_, lib := t0.In(loc).Zone()
	zones := fmt.Sprintf("@@time_zone %s, @@system_time_zone %s", zone, system)
	if offset/60 == lib/60 {
		r.add(OK, "clock", "%s: the server's NOW() is %s, as the library's %s", zones, utcOffset(offset), loc)
		return
	}
	hours := float64(abs(lib-offset)) / 3600
	r.add(Note, "clock", "%s: the server's NOW() is %s, the library's %s is %s. The kiosk dates SLiMS's rows by its own clock in %s, as SLiMS does, "+
		"so loans are not affected; but the server's CURDATE() is not the library's day for %.4g hours of each day (SQL by hand, reports)",
		zones, utcOffset(offset), loc, utcOffset(lib), loc, hours)
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// utcOffset writes an offset in seconds as UTC+07:00.
func utcOffset(secs int) string {
	sign := '+'
	if secs < 0 {
		sign, secs = '-', -secs
	}
	return fmt.Sprintf("UTC%c%02d:%02d", sign, secs/3600, secs/60%60)
}
