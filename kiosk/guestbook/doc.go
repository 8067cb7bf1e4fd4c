// Package guestbook is the library's digital guest book (buku tamu) on a
// SQLite file beside the kiosk's data: every visit (a member by card
// alone, a guest by the fields the library asks for), and visitors'
// ratings. A member's visit is counted once a library day when the
// library wants it so. Guests' names and origins are kept only as long as
// the library says (Purge empties them; the visit stays, for the counts).
// Nothing here holds a PIN or a member's record beyond the card.
package guestbook
