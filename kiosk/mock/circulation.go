package mock

import (
	"context"
	"sync"

	"github.com/anjungan/anjungan/kiosk"
)

// Circulation is a kiosk.Circulation whose methods call the function
// fields. A nil field answers with an internal error, so a test notices
// a call it did not expect. Calls counts calls by method name.
type Circulation struct {
	AuthenticateFn func(ctx context.Context, cred kiosk.Credentials) (*kiosk.Patron, error)
	CheckoutFn     func(ctx context.Context, cred kiosk.Credentials, barcode string) (*kiosk.Loan, error)
	CheckinFn      func(ctx context.Context, barcode string) (*kiosk.Return, error)
	RenewFn        func(ctx context.Context, cred kiosk.Credentials, barcode string) (*kiosk.Loan, error)
	RenewAllFn     func(ctx context.Context, cred kiosk.Credentials) ([]kiosk.RenewResult, error)
	AccountFn      func(ctx context.Context, cred kiosk.Credentials) (*kiosk.Account, error)
	ItemFn         func(ctx context.Context, barcode string) (*kiosk.Item, error)

	mu    sync.Mutex
	calls map[string]int
}

var _ kiosk.Circulation = (*Circulation)(nil)

var errUnexpected = kiosk.Errorf(kiosk.EINTERNAL, kiosk.KeyInternal)

func (m *Circulation) called(name string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.calls == nil {
		m.calls = map[string]int{}
	}
	m.calls[name]++
}

// Calls returns how often the named method was called.
func (m *Circulation) Calls(name string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.calls[name]
}

// Authenticate implements kiosk.Circulation.
func (m *Circulation) Authenticate(ctx context.Context, cred kiosk.Credentials) (*kiosk.Patron, error) {
	m.called("Authenticate")
	if m.AuthenticateFn == nil {
		return nil, errUnexpected
	}
	return m.AuthenticateFn(ctx, cred)
}

// Checkout implements kiosk.Circulation.
func (m *Circulation) Checkout(ctx context.Context, cred kiosk.Credentials, barcode string) (*kiosk.Loan, error) {
	m.called("Checkout")
	if m.CheckoutFn == nil {
		return nil, errUnexpected
	}
	return m.CheckoutFn(ctx, cred, barcode)
}

// Checkin implements kiosk.Circulation.
func (m *Circulation) Checkin(ctx context.Context, barcode string) (*kiosk.Return, error) {
	m.called("Checkin")
	if m.CheckinFn == nil {
		return nil, errUnexpected
	}
	return m.CheckinFn(ctx, barcode)
}

// Renew implements kiosk.Circulation.
func (m *Circulation) Renew(ctx context.Context, cred kiosk.Credentials, barcode string) (*kiosk.Loan, error) {
	m.called("Renew")
	if m.RenewFn == nil {
		return nil, errUnexpected
	}
	return m.RenewFn(ctx, cred, barcode)
}

// RenewAll implements kiosk.Circulation.
func (m *Circulation) RenewAll(ctx context.Context, cred kiosk.Credentials) ([]kiosk.RenewResult, error) {
	m.called("RenewAll")
	if m.RenewAllFn == nil {
		return nil, errUnexpected
	}
	return m.RenewAllFn(ctx, cred)
}

// Account implements kiosk.Circulation.
func (m *Circulation) Account(ctx context.Context, cred kiosk.Credentials) (*kiosk.Account, error) {
	m.called("Account")
	if m.AccountFn == nil {
		return nil, errUnexpected
	}
	return m.AccountFn(ctx, cred)
}

// Item implements kiosk.Circulation.
func (m *Circulation) Item(ctx context.Context, barcode string) (*kiosk.Item, error) {
	m.called("Item")
	if m.ItemFn == nil {
		return nil, errUnexpected
	}
	return m.ItemFn(ctx, barcode)
}
