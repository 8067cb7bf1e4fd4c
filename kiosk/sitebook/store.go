package sitebook

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/stdlib"

	"github.com/anjungan/anjungan/internal/migrate"
	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/survey"
)

//go:embed migrations/*.sql
var migrations embed.FS

// migrateLock is the advisory lock under which the site's store is
// migrated: whichever kiosk starts first migrates, once.
const migrateLock = 0x616e6a2d73697465 // "anj-site"

// Store is a site's numbers on PostgreSQL. Set its fields, then Open.
type Store struct {
	// URL is the database: postgres://user:password@host:5432/db?sslmode=…
	URL    string
	Now    func() time.Time
	Logger *slog.Logger
	// ReadOnly opens a store as it is, creating nothing: a report's. A
	// database that is not a site store, or one not brought up to date,
	// is an error saying how to set it up.
	ReadOnly bool

	db *sql.DB
}

// Open connects and applies missing migrations, under an advisory lock;
// a login that may not create tables needs none once an administrator
// has migrated.
func (s *Store) Open(ctx context.Context) error {
	if s.Now == nil {
		s.Now = time.Now
	}
	if s.Logger == nil {
		s.Logger = slog.Default()
	}
	db, err := sql.Open("pgx", s.URL)
	if err != nil {
		return fmt.Errorf("site store: %w", err)
	}
	db.SetMaxOpenConns(4)
	db.SetConnMaxIdleTime(5 * time.Minute)
	if s.ReadOnly {
		err = s.check(ctx, db)
	} else {
		err = s.migrate(ctx, db)
	}
	if err != nil {
		db.Close()
		return fmt.Errorf("site store: %w", err)
	}
	s.db = db
	return nil
}

var _ = stdlib.GetDefaultDriver // registers "pgx"

func (s *Store) migrator() *migrate.Migrator {
	return &migrate.Migrator{FS: migrations, Pattern: "migrations/*.sql", Param: migrate.Dollar, Now: s.Now, Table: "sitebook_migrations"}
}

// check is Open's test of a store it may not change: connected, and every
// migration applied.
func (s *Store) check(ctx context.Context, db *sql.DB) error {
	if err := db.PingContext(ctx); err != nil {
		return err
	}
	pending, err := s.migrator().Pending(ctx, db)
	if err != nil {
		return err
	}
	if len(pending) > 0 {
		return fmt.Errorf("not a site store, or not set up to date (%d of its migrations missing): its owner runs kioskctl site-store migrate URL", len(pending))
	}
	return nil
}

func (s *Store) migrate(ctx context.Context, db *sql.DB) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, int64(migrateLock)); err != nil {
		return err
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, int64(migrateLock))
	_, err = s.migrator().Up(ctx, db) // creates nothing once migrated
	return err
}

// Close closes the connections.
func (s *Store) Close() error {
	if s.db == nil {
		return nil
	}
	return s.db.Close()
}

// Answer is one SKM answer as the site keeps it.
type Answer struct {
	ID     int64
	At     time.Time
	Kiosk  string
	Scores survey.Response
	// The respondent, as the regulation's questionnaire asks.
	Gender, Education, Occupation, Service string
	Age                                    int
	Comment                                string
}

// Batch is rows of a kiosk's guest book for the site's store, or a
// period's rows out of it. A visit read back has Card "member" for a
// member and no guest's name or origin.
type Batch struct {
	Visits  []kiosk.Visit
	Ratings []kiosk.Rating
	Tallies []kiosk.Tally
	Answers []Answer
}

// Len is how many rows the batch holds.
func (b Batch) Len() int { return len(b.Visits) + len(b.Ratings) + len(b.Tallies) + len(b.Answers) }

// Marks are the highest ids of a kiosk's rows the site's store holds,
// per table (0: none): the kiosk copies what is above them.
type Marks struct{ Visits, Ratings, Tallies, Answers int64 }

// Marks returns kiosk's marks.
func (s *Store) Marks(ctx context.Context, kioskID string) (Marks, error) {
	var m Marks
	err := s.db.QueryRowContext(ctx, `SELECT
		(SELECT COALESCE(MAX(id), 0) FROM site_visits WHERE kiosk = $1),
		(SELECT COALESCE(MAX(id), 0) FROM site_ratings WHERE kiosk = $1),
		(SELECT COALESCE(MAX(id), 0) FROM site_circulation WHERE kiosk = $1),
		(SELECT COALESCE(MAX(id), 0) FROM site_skm WHERE kiosk = $1)`, kioskID).Scan(&m.Visits, &m.Ratings, &m.Tallies, &m.Answers)
	if err != nil {
		return Marks{}, fmt.Errorf("site store: %w", err)
	}
	return m, nil
}

// Put adds a kiosk's rows in one transaction, each under kioskID and its
// own id; rows the store has already are kept as they were. Guests'
// names and origins and members' cards are not stored.
func (s *Store) Put(ctx context.Context, kioskID string, b Batch) error {
	if strings.TrimSpace(kioskID) == "" {
		return fmt.Errorf("site store: rows without a kiosk id")
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("site store: %w", err)
	}
	defer tx.Rollback()
	for _, v := range b.Visits {
		g := v.Guest
		if _, err := tx.ExecContext(ctx, `INSERT INTO site_visits (kiosk, id, at, member, gender, age_group, education, occupation, purpose)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
			kioskID, v.ID, v.At.Unix(), v.Member(), g.Gender, g.AgeGroup, g.Education, g.Occupation, v.Purpose); err != nil {
			return fmt.Errorf("site store: visit %d: %w", v.ID, err)
		}
	}
	for _, r := range b.Ratings {
		if _, err := tx.ExecContext(ctx, `INSERT INTO site_ratings (kiosk, id, at, score, comment) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
			kioskID, r.ID, r.At.Unix(), r.Score, r.Comment); err != nil {
			return fmt.Errorf("site store: rating %d: %w", r.ID, err)
		}
	}
	for _, t := range b.Tallies {
		if _, err := tx.ExecContext(ctx, `INSERT INTO site_circulation (kiosk, id, at, op) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
			kioskID, t.ID, t.At.Unix(), t.Op); err != nil {
			return fmt.Errorf("site store: circulation %d: %w", t.ID, err)
		}
	}
	for _, a := range b.Answers {
		u := a.Scores
		if _, err := tx.ExecContext(ctx, `INSERT INTO site_skm (kiosk, id, at, u1, u2, u3, u4, u5, u6, u7, u8, u9,
			gender, age, education, occupation, service, comment)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) ON CONFLICT DO NOTHING`,
			kioskID, a.ID, a.At.Unix(), u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8],
			a.Gender, a.Age, a.Education, a.Occupation, a.Service, a.Comment); err != nil {
			return fmt.Errorf("site store: SKM answer %d: %w", a.ID, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("site store: %w", err)
	}
	return nil
}

// Sink takes the rows Each reads, one at a time; a kind whose function
// is nil is not read.
type Sink struct {
	Visit  func(kiosk.Visit) error
	Rating func(kiosk.Rating) error
	Tally  func(kiosk.Tally) error
	Answer func(Answer) error
}

// Each reads the rows of [from, to) of the kiosks whose id starts with
// prefix ("" for all), oldest first, into sink, without holding them: a
// year of a busy site streams in constant memory. A visit has Card
// "member" for a member and no guest's name or origin.
func (s *Store) Each(ctx context.Context, from, to time.Time, prefix string, sink Sink) error {
	f, t, p := from.Unix(), to.Unix(), likePrefix(prefix)
	each := func(q string, scan func(*sql.Rows) error) error {
		rows, err := s.db.QueryContext(ctx, q, f, t, p)
		if err != nil {
			return fmt.Errorf("site store: %w", err)
		}
		for rows.Next() {
			if err := scan(rows); err != nil {
				rows.Close()
				return err
			}
		}
		return closeRows(rows)
	}
	if sink.Visit != nil {
		err := each(`SELECT kiosk, id, at, member, gender, age_group, education, occupation, purpose
			FROM site_visits WHERE at >= $1 AND at < $2 AND kiosk LIKE $3 ORDER BY at, kiosk, id`, func(rows *sql.Rows) error {
			var v kiosk.Visit
			var at int64
			var member bool
			if err := rows.Scan(&v.Kiosk, &v.ID, &at, &member, &v.Guest.Gender, &v.Guest.AgeGroup, &v.Guest.Education, &v.Guest.Occupation, &v.Purpose); err != nil {
				return fmt.Errorf("site store: %w", err)
			}
			v.At = time.Unix(at, 0)
			if member {
				v.Card = "member"
			}
			return sink.Visit(v)
		})
		if err != nil {
			return err
		}
	}
	if sink.Rating != nil {
		err := each(`SELECT kiosk, id, at, score, comment FROM site_ratings WHERE at >= $1 AND at < $2 AND kiosk LIKE $3 ORDER BY at, kiosk, id`, func(rows *sql.Rows) error {
			var r kiosk.Rating
			var at int64
			if err := rows.Scan(&r.Kiosk, &r.ID, &at, &r.Score, &r.Comment); err != nil {
				return fmt.Errorf("site store: %w", err)
			}
			r.At = time.Unix(at, 0)
			return sink.Rating(r)
		})
		if err != nil {
			return err
		}
	}
	if sink.Tally != nil {
		err := each(`SELECT kiosk, id, at, op FROM site_circulation WHERE at >= $1 AND at < $2 AND kiosk LIKE $3 ORDER BY at, kiosk, id`, func(rows *sql.Rows) error {
			var c kiosk.Tally
			var at int64
			if err := rows.Scan(&c.Kiosk, &c.ID, &at, &c.Op); err != nil {
				return fmt.Errorf("site store: %w", err)
			}
			c.At = time.Unix(at, 0)
			return sink.Tally(c)
		})
		if err != nil {
			return err
		}
	}
	if sink.Answer != nil {
		err := each(`SELECT kiosk, id, at, u1, u2, u3, u4, u5, u6, u7, u8, u9, gender, age, education, occupation, service, comment
			FROM site_skm WHERE at >= $1 AND at < $2 AND kiosk LIKE $3 ORDER BY at, kiosk, id`, func(rows *sql.Rows) error {
			var a Answer
			var at int64
			u := &a.Scores
			if err := rows.Scan(&a.Kiosk, &a.ID, &at, &u[0], &u[1], &u[2], &u[3], &u[4], &u[5], &u[6], &u[7], &u[8],
				&a.Gender, &a.Age, &a.Education, &a.Occupation, &a.Service, &a.Comment); err != nil {
				return fmt.Errorf("site store: %w", err)
			}
			a.At = time.Unix(at, 0)
			return sink.Answer(a)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// Read returns every row of [from, to), of the kiosks whose id starts
// with prefix ("" for all), oldest first (Each, held in memory).
func (s *Store) Read(ctx context.Context, from, to time.Time, prefix string) (Batch, error) {
	var b Batch
	err := s.Each(ctx, from, to, prefix, Sink{
		Visit:  func(v kiosk.Visit) error { b.Visits = append(b.Visits, v); return nil },
		Rating: func(r kiosk.Rating) error { b.Ratings = append(b.Ratings, r); return nil },
		Tally:  func(t kiosk.Tally) error { b.Tallies = append(b.Tallies, t); return nil },
		Answer: func(a Answer) error { b.Answers = append(b.Answers, a); return nil },
	})
	return b, err
}

func closeRows(rows *sql.Rows) error {
	err := rows.Err()
	rows.Close()
	if err != nil {
		return fmt.Errorf("site store: %w", err)
	}
	return nil
}

// likePrefix is a LIKE pattern matching what starts with p.
func likePrefix(p string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(p) + "%"
}
