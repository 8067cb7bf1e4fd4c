package sqlstore_test

import (
	"context"
	"errors"
	"testing"
	"time"
	_ "time/tzdata" // the tests use named zones

	"github.com/anjungan/anjungan/booking"
	"github.com/anjungan/anjungan/booking/sqlstore"
	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/mock"
)

var (
	jakarta, _ = time.LoadLocation("Asia/Jakarta")
	// monday is 23 November 2026, 07:00 in Jakarta, before opening.
	monday = time.Date(2026, 11, 23, 7, 0, 0, 0, jakarta)
	adult  = booking.Patron{Card: "20000001", Category: "adult", BirthDate: time.Date(1990, 5, 1, 0, 0, 0, 0, time.UTC)}
	teen   = booking.Patron{Card: "20000002", Category: "child", BirthDate: time.Date(2012, 5, 1, 0, 0, 0, 0, time.UTC)}
)

func at(day, h, m int) time.Time { return time.Date(2026, 11, day, h, m, 0, 0, jakarta) }

func req(res string, p booking.Patron, start time.Time, d time.Duration) booking.Request {
	return booking.Request{Resource: res, Patron: p, Start: start, Duration: d, Kiosk: "k1"}
}

func keyOf(err error) string {
	if err == nil {
		return ""
	}
	return kiosk.ErrorKey(err)
}

func mustBook(t testing.TB, s *sqlstore.Store, r booking.Request) booking.Booking {
	t.Helper()
	b, err := s.Book(context.Background(), r)
	if err != nil {
		t.Fatalf("Book(%s %v %v): %v", r.Resource, r.Start, r.Duration, err)
	}
	return b
}

func TestBook(t *testing.T) {
	forEach(t, func(t *testing.T, e engine) {
		ctx := context.Background()
		clock := mock.NewClock(monday)
		s := e.openStore(t, clock)
		b := mustBook(t, s, req("printer-1", adult, at(23, 9, 0), 2*time.Hour))
		if b.ID == 0 || len(b.Code) != 6 || b.State != booking.Confirmed || b.BlockEnd != at(23, 11, 15).UTC() {
			t.Fatalf("booking %+v", b)
		}
		got, err := s.Booking(ctx, b.ID)
		if err != nil || got != b {
			t.Fatalf("Booking = %+v, %v\nwant %+v", got, err, b)
		}
		if byCode, err := s.ByCode(ctx, " "+string(b.Code[:3])+"-"+string([]byte(b.Code[3:]))+" "); err != nil || byCode.ID != b.ID {
			t.Fatalf("ByCode: %+v %v", byCode, err)
		}
		if up, err := s.Upcoming(ctx, adult.Card); err != nil || len(up) != 1 || up[0].ID != b.ID {
			t.Fatalf("Upcoming = %v, %v", up, err)
		}
		if _, err := s.ByCode(ctx, "ZZZZZZ"); kiosk.ErrorCode(err) != kiosk.ENOTFOUND {
			t.Fatalf("unknown code: %v", err)
		}
	})
}

// TestBookRules checks the rules whose facts come from the database:
// closures, quotas summed from earlier bookings, certificates, the
// active-bookings limit, out of service, and the slot taken.
func TestBookRules(t *testing.T) {
	forEach(t, func(t *testing.T, e engine) {
		ctx := context.Background()
		tests := []struct {
			name  string
			setup func(t *testing.T, s *sqlstore.Store)
			req   booking.Request
			key   string
		}{
			{"unknown resource", nil, req("forge-9", adult, at(24, 9, 0), time.Hour), booking.KeyResourceUnknown},
			{"nobody", nil, req("printer-1", booking.Patron{}, at(24, 9, 0), time.Hour), kiosk.KeyPatronUnknown},
			{"slot taken", func(t *testing.T, s *sqlstore.Store) {
				mustBook(t, s, req("printer-1", teen, at(24, 9, 0), 2*time.Hour))
			}, req("printer-1", adult, at(24, 10, 0), time.Hour), booking.KeySlotTaken},
			{"buffer taken", func(t *testing.T, s *sqlstore.Store) {
				mustBook(t, s, req("printer-1", teen, at(24, 9, 0), time.Hour)) // blocks to 10:15
			}, req("printer-1", adult, at(24, 10, 0), time.Hour), booking.KeySlotTaken},
			{"own buffer runs into the next", func(t *testing.T, s *sqlstore.Store) {
				mustBook(t, s, req("printer-1", teen, at(24, 11, 0), time.Hour))
			}, req("printer-1", adult, at(24, 10, 0), time.Hour), booking.KeySlotTaken},
			{"other resource is free", func(t *testing.T, s *sqlstore.Store) {
				mustBook(t, s, req("printer-1", teen, at(24, 9, 0), time.Hour))
			}, req("printer-2", adult, at(24, 9, 0), time.Hour), ""},
			{"cancelled slot is free", func(t *testing.T, s *sqlstore.Store) {
				b := mustBook(t, s, req("printer-1", teen, at(24, 9, 0), time.Hour))
				if _, err := s.Cancel(ctx, b.ID, booking.Actor{Patron: teen.Card}); err != nil {
					t.Fatal(err)
				}
			}, req("printer-1", adult, at(24, 9, 0), time.Hour), ""},
			{"closure", func(t *testing.T, s *sqlstore.Store) {
				if _, err := s.AddClosure(ctx, booking.Closure{First: "2026-11-24", Last: "2026-11-24", Reason: "stock take"}); err != nil {
					t.Fatal(err)
				}
			}, req("printer-1", adult, at(24, 9, 0), time.Hour), booking.KeyClosed},
			{"out of service", func(t *testing.T, s *sqlstore.Store) {
				if err := s.SetOutOfService(ctx, "printer-1", true, "nozzle"); err != nil {
					t.Fatal(err)
				}
			}, req("printer-1", adult, at(24, 9, 0), time.Hour), booking.KeyOutOfService},
			{"day quota from earlier bookings", func(t *testing.T, s *sqlstore.Store) {
				mustBook(t, s, req("printer-2", adult, at(24, 8, 0), 3*time.Hour))
			}, req("printer-1", adult, at(24, 12, 0), 2*time.Hour), booking.KeyQuotaDay},
			{"week quota from earlier days", func(t *testing.T, s *sqlstore.Store) {
				mustBook(t, s, req("printer-2", adult, at(24, 8, 0), 4*time.Hour))
				mustBook(t, s, req("printer-2", adult, at(25, 8, 0), 3*time.Hour))
			}, req("printer-1", adult, at(26, 8, 0), 2*time.Hour), booking.KeyQuotaWeek},
			{"next week has its own quota", func(t *testing.T, s *sqlstore.Store) {
				mustBook(t, s, req("printer-2", adult, at(24, 8, 0), 4*time.Hour))
				mustBook(t, s, req("printer-2", adult, at(25, 8, 0), 4*time.Hour))
			}, req("printer-1", adult, at(30, 8, 0), 2*time.Hour), ""},
			{"cancelled time does not count", func(t *testing.T, s *sqlstore.Store) {
				b := mustBook(t, s, req("printer-2", adult, at(24, 8, 0), 4*time.Hour))
				if _, err := s.Cancel(ctx, b.ID, booking.Actor{Staff: "ani"}); err != nil {
					t.Fatal(err)
				}
			}, req("printer-1", adult, at(24, 12, 0), 4*time.Hour), ""},
			{"max active", func(t *testing.T, s *sqlstore.Store) {
				for d := 24; d < 27; d++ {
					mustBook(t, s, req("sewing-1", adult, at(d, 9, 0), time.Hour))
				}
			}, req("pc-1", adult, at(27, 9, 0), time.Hour), booking.KeyMaxActive},
			{"no certificate", nil, req("laser-1", booking.Patron{Card: "x", BirthDate: adult.BirthDate}, at(24, 9, 0), time.Hour), booking.KeyCertification},
			{"revoked certificate", func(t *testing.T, s *sqlstore.Store) {
				if err := s.Revoke(ctx, adult.Card, "laser cutter safety"); err != nil {
					t.Fatal(err)
				}
			}, req("laser-1", adult, at(24, 9, 0), time.Hour), booking.KeyCertification},
			{"expired certificate", func(t *testing.T, s *sqlstore.Store) {
				if err := s.Grant(ctx, booking.Certification{Patron: adult.Card, Name: "laser cutter safety", Expires: at(24, 0, 0)}); err != nil {
					t.Fatal(err)
				}
			}, req("laser-1", adult, at(24, 9, 0), time.Hour), booking.KeyCertExpired},
			{"too young for the laser", func(t *testing.T, s *sqlstore.Store) {
				if err := s.Grant(ctx, booking.Certification{Patron: teen.Card, Name: "laser cutter safety"}); err != nil {
					t.Fatal(err)
				}
			}, req("laser-1", teen, at(24, 9, 0), time.Hour), booking.KeyMinAge},
			{"certified adult", nil, req("laser-1", adult, at(24, 9, 0), time.Hour), ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				s := e.openStore(t, mock.NewClock(monday))
				if tt.setup != nil {
					tt.setup(t, s)
				}
				_, err := s.Book(ctx, tt.req)
				if keyOf(err) != tt.key {
					t.Fatalf("Book = %v, want %q", err, tt.key)
				}
			})
		}
	})
}

func TestRefusalIsCoded(t *testing.T) {
	forEach(t, func(t *testing.T, e engine) {
		s := e.openStore(t, mock.NewClock(monday))
		mustBook(t, s, req("studio", adult, at(24, 9, 0), time.Hour))
		_, err := s.Book(context.Background(), req("studio", teen, at(24, 9, 0), time.Hour))
		var ke *kiosk.Error
		if !errors.As(err, &ke) || ke.Code != kiosk.ECONFLICT || ke.Key != booking.KeySlotTaken {
			t.Fatalf("err = %#v", err)
		}
	})
}
