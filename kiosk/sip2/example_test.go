package sip2_test

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"time"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/mock"
	"github.com/anjungan/anjungan/kiosk/sip2"
)

// A kiosk's session with a library system: the patron's card and PIN
// checked (63/64), then a checkout (11/12). The library system here is a
// sip2.Server on a loopback port in front of a library of three
// functions.
func Example() {
	due := time.Date(2026, 12, 15, 23, 59, 0, 0, time.UTC)
	siti := kiosk.Patron{Card: "20001000000012", Name: "Siti Rahmawati", Status: kiosk.PatronActive}
	library := &mock.Circulation{
		AuthenticateFn: func(ctx context.Context, cred kiosk.Credentials) (*kiosk.Patron, error) {
			if cred.Card != siti.Card || cred.PIN != "1234" {
				return nil, kiosk.Errorf(kiosk.EUNAUTH, kiosk.KeyPINWrong)
			}
			return &siti, nil
		},
		AccountFn: func(ctx context.Context, cred kiosk.Credentials) (*kiosk.Account, error) {
			return &kiosk.Account{Patron: siti}, nil // the standing the server reports with each answer
		},
		CheckoutFn: func(ctx context.Context, cred kiosk.Credentials, barcode string) (*kiosk.Loan, error) {
			return &kiosk.Loan{Item: kiosk.Item{Barcode: barcode, Title: "Laskar Pelangi"}, Due: due}, nil
		},
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	srv := &sip2.Server{Circ: library, Institution: "perpus", Users: map[string]string{"kiosk": "rahasia"},
		Loc: time.UTC, Logger: slog.New(slog.DiscardHandler)}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx, ln) }()
	defer func() { cancel(); <-served }()

	// The kiosk's side: log in as "kiosk", with checksums and resends.
	c := &sip2.Client{Addr: ln.Addr().String(), User: "kiosk", Password: "rahasia", Institution: "perpus",
		Loc: time.UTC, Logger: slog.New(slog.DiscardHandler),
		Options: sip2.Options{ErrorDetection: true, Resends: 2, Timeout: 5 * time.Second}}
	cred := kiosk.Credentials{Card: "20001000000012", PIN: "1234"}
	p, err := c.Authenticate(ctx, cred)
	if err != nil {
		fmt.Println("authenticate:", err)
		return
	}
	fmt.Println("patron:", p.Name)
	loan, err := c.Checkout(ctx, cred, "30001000000011")
	if err != nil {
		fmt.Println("checkout:", err)
		return
	}
	fmt.Println("borrowed:", loan.Item.Title, "due", loan.Due.Format("2006-01-02"))
	_, err = c.Authenticate(ctx, kiosk.Credentials{Card: "20001000000012", PIN: "0000"})
	fmt.Println("wrong PIN:", kiosk.ErrorKey(err))
	// Output:
	// patron: Siti Rahmawati
	// borrowed: Laskar Pelangi due 2026-12-15
	// wrong PIN: pin.wrong
}
