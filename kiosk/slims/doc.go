// Package slims is the kiosk's circulation against a SLiMS library's own
// database (Senayan Library Management System, SLiMS 9 "Bulian", on
// MariaDB or MySQL): library.backend = "slims".
//
// SLiMS speaks no SIP2 and has no circulation API, so the kiosk reads and
// writes SLiMS's tables exactly as SLiMS's own circulation desk does: a
// loan made at the kiosk is the same rows, with the same due date, as one
// made at the desk, and shows on SLiMS's screens as one. The rules were
// learnt from SLiMS 9's source (admin/modules/circulation, simbio_date,
// lib/Auth/Methods/Native.php) and written anew here:
//
//   - members by member_id (case-insensitive), valid through their
//     expire_date, not is_pending to borrow; they log in with their SLiMS
//     password (bcrypt; a legacy MD5 value accepted), with a kiosk PIN kept
//     in a table of Anjungan's own, or with the card alone (Login);
//   - loan rules per member type × collection type × GMD, tried in SLiMS's
//     order, else the member type's; the loan limit counted as SLiMS counts
//     it;
//   - due dates moved over weekly days off and dated holidays and capped at
//     the member's expiry; fines with SLiMS's grace threshold and its
//     ignore_holidays_fine_calc setting, written as SLiMS writes them;
//   - renewals with SLiMS's checks, charging an overdue fine first.
//
// SLiMS's tables are often MyISAM (no transactions) and nothing in SLiMS
// stops two desks lending one item twice. This package never does: a
// checkout holds a per-item lock (GET_LOCK) and a per-member one, checks
// again under them and writes one row; on InnoDB it also runs in a
// transaction. Every write is a single statement that either happened or
// did not, ordered so that a kiosk killed halfway leaves nothing a second
// try would get wrong (a fine is written before the return that owes it,
// and not written twice).
//
// DB implements kiosk.Circulation, kiosk.ItemStatuser,
// kiosk.PatronStanding, kiosk.Replayer, kiosk.ReplayVerifier and
// kiosk.SessionEnder, so the offline queue and the SIP2 server (`kioskctl
// sip2 serve -library slims`) work with it as with any library.
package slims
