package kiosk

// Message keys that adapters and flows share. Every key has a text in each
// language of the assets package; a test there checks that none is missing.
const (
	KeyInternal = "error.internal"

	// Patron identification.
	KeyPatronUnknown   = "patron.unknown"
	KeyPatronExpired   = "patron.expired"
	KeyPatronBlocked   = "patron.blocked"
	KeyPINWrong        = "pin.wrong"
	KeyPINRequired     = "pin.required"
	KeyPINLocked       = "pin.locked"
	KeyCardNotPatron   = "scan.not_a_card"
	KeyScanNotItem     = "scan.not_an_item"
	KeyScanUnreadable  = "scan.unreadable"
	KeyLibraryOffline  = "library.offline"
	KeyLibraryTimedOut = "library.timeout"
	// KeyLibraryRefused carries the library system's own words
	// ({message}) when it refuses without a reason the kiosk knows.
	KeyLibraryRefused = "library.refused"
	// KeyPINUnchecked: the library system did not say whether the PIN
	// is right, so the kiosk does not let the patron in.
	KeyPINUnchecked = "library.pin_unchecked"

	// Items and loans.
	KeyItemUnknown      = "item.unknown"
	KeyItemOnLoan       = "item.on_loan"
	KeyItemAlreadyYours = "item.already_yours"
	KeyItemReference    = "item.reference"
	KeyItemOnHold       = "item.on_hold"
	KeyItemNotOnLoan    = "item.not_on_loan"
	KeyItemNotYours     = "item.not_yours"
	KeyPatronOverLimit  = "patron.over_limit"
	KeyPatronOverdue    = "patron.blocked_overdue"
	KeyPatronFines      = "patron.blocked_fines"
	KeyRenewLimit       = "renew.limit"
	KeyRenewHold        = "renew.hold"
	KeyRenewNotExtended = "renew.not_extended"
	// KeyRenewNone: the rules allow this copy no renewal at all.
	KeyRenewNone = "renew.none"
	// KeyRenewToday: renewed once today already (SLiMS renews once a day).
	KeyRenewToday = "renew.today"
	// KeyItemNotLoanable: the copy's status forbids loans (in repair,
	// missing, no loan); {status} is the library's name for it.
	KeyItemNotLoanable = "item.not_loanable"
	// KeyReturnSeeStaff: the return cannot be recorded at the kiosk.
	KeyReturnSeeStaff = "return.see_staff"
	// KeyPatronPending: the membership is not active yet (SLiMS pending).
	KeyPatronPending = "patron.pending"
	// KeyPatronNoSecret: the card has no password or kiosk PIN to log in
	// with.
	KeyPatronNoSecret     = "patron.no_password"
	KeyCheckoutOK         = "checkout.ok"
	KeyReturnOK           = "return.ok"
	KeyReturnOKFine       = "return.ok_fine"
	KeyRenewOK            = "renew.ok"
	KeyRenewOffer         = "renew.offer"
	KeyScannerUnavailable = "device.scanner_down"
	KeyPrinterUnavailable = "device.printer_down"
)
