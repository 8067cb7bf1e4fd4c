// Package visitorpass signs and checks the visitor passes a library hands
// out for its events: QR codes that let a guest sign the guest book (buku
// tamu) at the kiosk with one scan. A pass names its site, the event, a
// number and the end of its last day, and carries an HMAC-SHA256 of them
// under the site's secret, as booking QR codes do; a pass altered,
// forged, of another site or past its day is refused with a coded,
// translatable error. The guest book counts each pass once a library day.
package visitorpass
