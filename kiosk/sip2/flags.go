package sip2

import "github.com/anjungan/anjungan/kiosk"

// Patron flag message keys: what each of the 14 patron status flags means
// to the patron. A lost card is refused outright (kiosk.KeyPatronBlocked);
// the others are told on arrival, and the library system refuses what they
// forbid.
const (
	KeyFlagChargeDenied  = "patron.flag.charge_denied"
	KeyFlagRenewalDenied = "patron.flag.renewal_denied"
	KeyFlagRecallDenied  = "patron.flag.recall_denied"
	KeyFlagHoldDenied    = "patron.flag.hold_denied"
	KeyFlagTooManyItems  = "patron.flag.too_many_items"
	KeyFlagTooManyRenew  = "patron.flag.too_many_renewals"
	KeyFlagOverdue       = "patron.flag.overdue"
	KeyFlagClaims        = "patron.flag.claims_returned"
	KeyFlagLost          = "patron.flag.lost_items"
	KeyFlagFees          = "patron.flag.fees"
	KeyFlagRecallOverdue = "patron.flag.recall_overdue"
	KeyFlagBilled        = "patron.flag.billed"
)

// flagKeys maps each flag but "card reported lost" to its message key.
var flagKeys = [14]string{
	FlagChargeDenied:          KeyFlagChargeDenied,
	FlagRenewalDenied:         KeyFlagRenewalDenied,
	FlagRecallDenied:          KeyFlagRecallDenied,
	FlagHoldDenied:            KeyFlagHoldDenied,
	FlagTooManyCharged:        KeyFlagTooManyItems,
	FlagTooManyOverdue:        KeyFlagOverdue,
	FlagTooManyRenewals:       KeyFlagTooManyRenew,
	FlagTooManyClaimsReturned: KeyFlagClaims,
	FlagTooManyLost:           KeyFlagLost,
	FlagExcessiveFines:        kiosk.KeyPatronFines,
	FlagExcessiveFees:         KeyFlagFees,
	FlagRecallOverdue:         KeyFlagRecallOverdue,
	FlagTooManyBilled:         KeyFlagBilled,
}

// Notices turns the flags into what the patron is told on arrival, most
// important first (borrowing blocked before the reasons).
func (f PatronFlags) Notices() []kiosk.Message {
	var out []kiosk.Message
	for i, set := range f {
		if set && flagKeys[i] != "" {
			out = append(out, kiosk.Msg(kiosk.LevelWarning, flagKeys[i]))
		}
	}
	return out
}
