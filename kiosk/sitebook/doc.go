// Package sitebook keeps a site's numbers on PostgreSQL: every kiosk's
// guest-book visits, ratings, SKM answers and circulation counts, each row
// tagged with its kiosk and the kiosk's own id for it, so that the
// library's reports add up its kiosks from one place.
//
// Kiosks write their guest book locally first (nothing is lost while the
// server is away) and copy new rows here; a row copied twice is kept once.
// The site's store holds no personal data: no guest's name or origin and
// no member's card — a member's visit is a flag.
package sitebook
