package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/anjungan/anjungan/internal/backoff"
)

// channel is where the database announces changes (migration 0002).
const channel = "anjungan_bookings"

// sweepLock is the advisory lock a site's sweeping kiosk holds: one
// leader at a time, and another takes over when its session ends.
const sweepLock = 0x616e6a2d73776570 // "anj-swep"

// Run does the store's background work until ctx ends: it tells OnChange
// of every change to bookings or resources made anywhere, and releases
// no-shows — on one kiosk of the site at a time, the holder of an
// advisory lock; when that kiosk dies its session ends, the lock with
// it, and another kiosk sweeps within SweepEvery. A lost connection is
// reconnected with backoff.
func (s *Store) Run(ctx context.Context) error {
	if !s.awaitMigrations(ctx) {
		return nil
	}
	if s.OnChange == nil { // nobody to tell (the web server): no connection held for it
		s.lead(ctx)
		return nil
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.listen(ctx)
	}()
	s.lead(ctx)
	<-done
	return nil
}

// listen waits for notifications on its own connection.
func (s *Store) listen(ctx context.Context) {
	b := backoff.Backoff{Name: "makerspace change feed", Min: 500 * time.Millisecond, Max: 10 * time.Second, Logger: s.Logger}
	for ctx.Err() == nil {
		err := s.listenOnce(ctx, &b)
		if ctx.Err() != nil {
			return
		}
		if !b.Wait(ctx, b.Fault(err)) {
			return
		}
		// Changes may have been missed while away: everyone reloads.
		if on := s.OnChange; on != nil {
			on("")
		}
	}
}

func (s *Store) listenOnce(ctx context.Context, b *backoff.Backoff) error {
	conn, err := pgx.ConnectConfig(ctx, s.cfg)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+channel); err != nil {
		return err
	}
	b.Recovered()
	for {
		// A quiet feed is asked, now and then, whether it is still
		// there: a half-open connection would wait for ever.
		check := s.FeedCheck
		if check <= 0 {
			check = 30 * time.Second
		}
		wctx, cancel := context.WithTimeout(ctx, check)
		n, err := conn.WaitForNotification(wctx)
		cancel()
		if err != nil && ctx.Err() == nil && errors.Is(err, context.DeadlineExceeded) {
			pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
			err = conn.Ping(pctx)
			cancel()
			if err == nil {
				continue
			}
		}
		if err != nil {
			return err
		}
		if on := s.OnChange; on != nil {
			on(n.Payload)
		}
	}
}

// lead sweeps while this kiosk holds the site's sweep lock, and tries to
// take it every SweepEvery while another does.
func (s *Store) lead(ctx context.Context) {
	every := s.SweepEvery
	if every <= 0 {
		every = 30 * time.Second
	}
	b := backoff.Backoff{Name: "makerspace sweep lock", Min: time.Second, Max: every, Logger: s.Logger}
	for ctx.Err() == nil {
		err := s.leadOnce(ctx, every)
		if ctx.Err() != nil {
			return
		}
		wait := every
		if err != nil {
			wait = b.Fault(err)
		} else {
			b.Recovered()
		}
		if !b.Wait(ctx, wait) {
			return
		}
	}
}

// leadOnce takes the lock on a connection of its own, if it is free, and
// sweeps every `every` as long as that connection lives.
func (s *Store) leadOnce(ctx context.Context, every time.Duration) error {
	conn, err := pgx.ConnectConfig(ctx, s.cfg)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	var got bool
	if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1)`, int64(sweepLock)).Scan(&got); err != nil {
		return err
	}
	if !got {
		return nil // not ours: try again later
	}
	s.Logger.Info("this kiosk sweeps the makerspace for the site")
	s.mu.Lock()
	s.leader = true
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.leader = false
		s.mu.Unlock()
	}()
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		// The lock lives as long as its session: check it is still there
		// before each sweep.
		if err := conn.Ping(ctx); err != nil {
			return err
		}
		changed, err := s.Sweep(ctx)
		if err != nil && ctx.Err() == nil {
			s.Logger.Warn("makerspace sweep failed; again at the next tick", "err", err)
		}
		if len(changed) > 0 && s.OnSweep != nil {
			s.OnSweep(changed)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// Leader reports whether this store sweeps for the site now.
func (s *Store) Leader() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.leader
}

// awaitMigrations applies the migrations Open could not (the server was
// away), retrying with backoff; false when ctx ended first.
func (s *Store) awaitMigrations(ctx context.Context) bool {
	b := backoff.Backoff{Name: "makerspace database", Min: time.Second, Max: 15 * time.Second, Logger: s.Logger}
	for !s.migrated.Load() {
		if err := migrateUp(ctx, s.SQL(), s.Now); err != nil {
			if ctx.Err() != nil || !b.Wait(ctx, b.Fault(err)) {
				return false
			}
			continue
		}
		s.migrated.Store(true)
		b.Recovered()
		if on := s.OnChange; on != nil {
			on("") // booking is back: everything reloads
		}
	}
	return true
}
