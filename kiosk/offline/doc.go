// Package offline lets a kiosk lend and take back items while the
// library system is unreachable, when the library's policy allows it.
//
// Queue wraps the online kiosk.Circulation. When a checkout or a return
// fails because the library system is away, it is written to a durable
// SQLite queue (synchronous=FULL: a transaction the patron was told about
// survives kill -9 and a power cut) and the patron hears "recorded —
// your receipt says offline". Run replays the queue in order when the
// link is back: checkouts with the no-block flag and the due date the
// kiosk gave, returns dated when they were made. A refusal on replay (the
// item was lent to someone else meanwhile, the patron is blocked) is kept
// for staff (`kioskctl offline`) and reported. Replays are idempotent
// from the library's side — lending an item again to the same patron and
// returning an item already in are successes — so an entry interrupted
// mid-replay by a crash is simply sent again: nothing is lost and nothing
// is done twice.
package offline
