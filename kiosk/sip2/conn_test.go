package sip2_test

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/anjungan/anjungan/kiosk/sip2"
	"github.com/anjungan/anjungan/kiosk/sip2/sip2test"
)

const when = "20261123    100000"

func dial(t *testing.T, s *sip2test.Server, opt sip2.Options) *sip2.Conn {
	t.Helper()
	nc, err := net.Dial("tcp", s.Addr())
	if err != nil {
		t.Fatal(err)
	}
	c := sip2.NewConn(nc, opt)
	t.Cleanup(func() { c.Close() })
	return c
}

// TestQuirks runs a login and a checkout against each quirk of real
// servers, over TCP on loopback.
func TestQuirks(t *testing.T) {
	tests := []struct {
		name string
		q    sip2test.Quirks
		opt  sip2.Options
	}{
		{"spec: CR, error detection", sip2test.Quirks{}, sip2.Options{ErrorDetection: true}},
		{"Koha: CRLF", sip2test.Quirks{CRLF: true}, sip2.Options{ErrorDetection: true, CRLF: true}},
		{"gateway: no error detection", sip2test.Quirks{NoErrorDetection: true}, sip2.Options{}},
		{"cp850", sip2test.Quirks{Charset: sip2.CP850}, sip2.Options{ErrorDetection: true, Charset: sip2.CP850}},
		{"lower-case checksums", sip2test.Quirks{LowerCaseSum: true}, sip2.Options{ErrorDetection: true}},
		{"damaged answer, resent", sip2test.Quirks{CorruptAnswers: 1}, sip2.Options{ErrorDetection: true, Resends: 2}},
		{"Evergreen: resent answer renumbered", sip2test.Quirks{CorruptAnswers: 1, RenumberResend: true}, sip2.Options{ErrorDetection: true, Resends: 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := sip2test.Start(t, tt.q)
			s.AddPatron(sip2test.Patron{Card: "2001", PIN: "1234", Name: "Siti Café"})
			s.AddItem(sip2test.Item{Barcode: "3001", Title: "Café Société"})
			c := dial(t, s, tt.opt)
			ctx := context.Background()
			m, err := c.Exchange(ctx, sip2.Login("kiosk", "sip-secret", ""))
			if err != nil || m.Code != "94" || m.Fixed != "1" {
				t.Fatalf("login: %+v %v", m, err)
			}
			m, err = c.Exchange(ctx, sip2.Checkout(when, "", "perpus", "2001", "3001", "", "1234", false))
			if err != nil {
				t.Fatal(err)
			}
			o, err := sip2.DecodeOutcome(m)
			if err != nil || !o.OK || o.Title != "Café Société" {
				t.Fatalf("checkout: %+v %v", o, err)
			}
		})
	}
}

func TestExchangeFaults(t *testing.T) {
	ctx := context.Background()
	t.Run("damaged more often than allowed", func(t *testing.T) {
		s := sip2test.Start(t, sip2test.Quirks{CorruptAnswers: 5})
		c := dial(t, s, sip2.Options{ErrorDetection: true, Resends: 2})
		if _, err := c.Exchange(ctx, sip2.Login("kiosk", "sip-secret", "")); !errors.Is(err, sip2.ErrChecksum) {
			t.Fatalf("err %v", err)
		}
		if n := strings.Count(codes(s.Received()), "97"); n != 2 {
			t.Fatalf("%d resend requests, want 2 (%s)", n, codes(s.Received()))
		}
	})
	t.Run("server cannot read the request", func(t *testing.T) {
		// 63 not supported: the fake answers 96 every time.
		s := sip2test.Start(t, sip2test.Quirks{Supported: "YYYYYYYNYYYYYYYY"})
		c := dial(t, s, sip2.Options{ErrorDetection: true, Resends: 2})
		_, err := c.Exchange(ctx, sip2.PatronInformation(sip2.FormatDate(time.Now(), time.UTC, false), "perpus", "2001", "", "1234", -1, 0, 0))
		if err == nil || errors.Is(err, sip2.ErrTimeout) {
			t.Fatalf("err %v", err)
		}
		if n := strings.Count(codes(s.Received()), "63"); n != 3 {
			t.Fatalf("63 sent %d times, want 3 (%s)", n, codes(s.Received()))
		}
	})
	t.Run("cut off mid-message", func(t *testing.T) {
		s := sip2test.Start(t, sip2test.Quirks{DisconnectAfter: 1})
		c := dial(t, s, sip2.Options{ErrorDetection: true})
		_, err := c.Exchange(ctx, sip2.Login("kiosk", "sip-secret", ""))
		if err == nil || errors.Is(err, sip2.ErrTimeout) {
			t.Fatalf("err %v", err)
		}
	})
	t.Run("slow server", func(t *testing.T) {
		s := sip2test.Start(t, sip2test.Quirks{Delay: 500 * time.Millisecond})
		c := dial(t, s, sip2.Options{ErrorDetection: true, Timeout: 100 * time.Millisecond})
		before := s.Answers()
		if _, err := c.Exchange(ctx, sip2.Login("kiosk", "sip-secret", "")); !errors.Is(err, sip2.ErrTimeout) {
			t.Fatalf("err %v", err)
		}
		// The late answer to the timed-out login is skipped, not taken as
		// the answer to the next request. (Let it be sent first.)
		s.SetQuirks(sip2test.Quirks{})
		waitFor(t, 5*time.Second, "the late answer to the timed-out login", func() bool { return s.Answers() > before })
		m, err := c.Exchange(ctx, sip2.SCStatus(40))
		if c2 := m.Code; err != nil || c2 != "98" {
			t.Fatalf("after a timeout: %+v %v", m, err)
		}
	})
	t.Run("context cancelled", func(t *testing.T) {
		s := sip2test.Start(t, sip2test.Quirks{Delay: time.Second})
		c := dial(t, s, sip2.Options{ErrorDetection: true, Timeout: 10 * time.Second})
		cctx, cancel := context.WithCancel(ctx)
		go func() { time.Sleep(50 * time.Millisecond); cancel() }()
		if _, err := c.Exchange(cctx, sip2.Login("kiosk", "sip-secret", "")); !errors.Is(err, context.Canceled) {
			t.Fatalf("err %v", err)
		}
	})
}

func codes(ms []sip2.Message) string {
	var b strings.Builder
	for _, m := range ms {
		b.WriteString(m.Code + " ")
	}
	return b.String()
}

// TestGatewayDates: a gateway's YYYY-MM-DD due date is read as the end
// of that day.
func TestGatewayDates(t *testing.T) {
	s := sip2test.Start(t, sip2test.Quirks{GatewayDates: true, NoErrorDetection: true})
	s.AddPatron(sip2test.Patron{Card: "2001", PIN: "1234"})
	s.AddItem(sip2test.Item{Barcode: "3001", Title: "Buku"})
	c := dial(t, s, sip2.Options{})
	m, err := c.Exchange(context.Background(), sip2.Checkout(when, "", "perpus", "2001", "3001", "", "1234", false))
	if err != nil {
		t.Fatal(err)
	}
	o, _ := sip2.DecodeOutcome(m)
	due, err := sip2.DueDate(o.Due, time.UTC)
	if err != nil || due.Hour() != 23 || len(o.Due) != 10 {
		t.Fatalf("due %q → %v %v", o.Due, due, err)
	}
}
