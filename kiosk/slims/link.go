package slims

import (
	"context"
	"time"

	"github.com/anjungan/anjungan/internal/backoff"
	"github.com/anjungan/anjungan/kiosk"
)

// PingEvery is how often Run checks the database while it answers.
const PingEvery = 15 * time.Second

// Link is the state of the link to the database, for staff (the kiosk's
// MQTT status), as Run last saw it.
func (db *DB) Link() kiosk.LinkStatus {
	db.mu.Lock()
	defer db.mu.Unlock()
	return db.link
}

// Run checks the database every PingEvery, and more often while it does
// not answer (with backoff), keeping Link up to date and telling
// OnLink of each change; a fault is logged once and its recovery once.
// It also makes the kiosk PIN table once the database answers, when Open
// could not. It returns when ctx ends.
func (db *DB) Run(ctx context.Context) error {
	b := backoff.Backoff{Name: "SLiMS database", Min: time.Second, Max: PingEvery, Logger: db.Logger}
	for {
		start := time.Now()
		err := db.ping(ctx)
		if ctx.Err() != nil {
			return nil
		}
		db.setLink(err, time.Since(start))
		wait := PingEvery
		if err != nil {
			wait = b.Fault(err)
		} else {
			b.Recovered()
		}
		if !b.Wait(ctx, wait) {
			return nil
		}
	}
}

func (db *DB) ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := db.db.PingContext(ctx); err != nil {
		return err
	}
	db.mu.Lock()
	probed := db.probed
	db.mu.Unlock()
	if !probed {
		return db.probe(ctx)
	}
	return nil
}

func (db *DB) setLink(err error, rtt time.Duration) {
	db.mu.Lock()
	prev := db.link
	l := kiosk.LinkStatus{Up: err == nil, Since: prev.Since, RTT: rtt}
	if err != nil {
		l.LastError, l.RTT = err.Error(), 0
	}
	if l.Up != prev.Up || prev.Since.IsZero() {
		l.Since = db.Now()
	}
	db.link = l
	on := db.OnLink
	db.mu.Unlock()
	if on != nil && (l.Up != prev.Up || prev.Since.IsZero()) {
		on(l)
	}
}
