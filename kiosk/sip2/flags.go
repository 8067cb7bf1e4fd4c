package sip2

import "github.com/anjungan/anjungan/kiosk"

// Patron flag message keys: what the flags that concern a kiosk patron
// mean to them, told on arrival (see flagKeys). A lost card is refused
// outright (kiosk.KeyPatronBlocked); the library system refuses what the
// flags forbid.
const (
	KeyFlagChargeDenied  = "patron.flag.charge_denied"
	KeyFlagRenewalDenied = "patron.flag.renewal_denied"
	KeyFlagTooManyItems  = "patron.flag.too_many_items"
	KeyFlagTooManyRenew  = "patron.flag.too_many_renewals"
	KeyFlagOverdue       = "patron.flag.overdue"
	KeyFlagFees          = "patron.flag.fees"
	KeyFlagRecallOverdue = "patron.flag.recall_overdue"
)

// flagKeys maps each flag that concerns a patron at a self-check kiosk
// to its message key: what stops or limits borrowing and renewing there.
// "Card reported lost" is refused outright; recall, hold, claims-returned,
// lost-items and billed flags say nothing about what the patron can do
// at the kiosk (several systems set "recall privileges denied" for every
// patron) and are only logged.
var flagKeys = [14]string{
	FlagChargeDenied:    KeyFlagChargeDenied,
	FlagRenewalDenied:   KeyFlagRenewalDenied,
	FlagTooManyCharged:  KeyFlagTooManyItems,
	FlagTooManyOverdue:  KeyFlagOverdue,
	FlagTooManyRenewals: KeyFlagTooManyRenew,
	FlagExcessiveFines:  kiosk.KeyPatronFines,
	FlagExcessiveFees:   KeyFlagFees,
	FlagRecallOverdue:   KeyFlagRecallOverdue,
}

// flagNames name the flags for logs.
var flagNames = [14]string{
	FlagChargeDenied: "charge privileges denied", FlagRenewalDenied: "renewal privileges denied",
	FlagRecallDenied: "recall privileges denied", FlagHoldDenied: "hold privileges denied",
	FlagCardLost: "card reported lost", FlagTooManyCharged: "too many items charged",
	FlagTooManyOverdue: "too many items overdue", FlagTooManyRenewals: "too many renewals",
	FlagTooManyClaimsReturned: "too many claims of items returned", FlagTooManyLost: "too many items lost",
	FlagExcessiveFines: "excessive outstanding fines", FlagExcessiveFees: "excessive outstanding fees",
	FlagRecallOverdue: "recall overdue", FlagTooManyBilled: "too many items billed",
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

// Unspoken names the flags set that the patron is not told about, for
// the log.
func (f PatronFlags) Unspoken() []string {
	var out []string
	for i, set := range f {
		if set && flagKeys[i] == "" && i != FlagCardLost {
			out = append(out, flagNames[i])
		}
	}
	return out
}
