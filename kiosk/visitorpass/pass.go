package visitorpass

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/anjungan/anjungan/kiosk"
)

// Prefix starts every visitor pass payload; a scanned code that starts
// with it is a pass, not a card or an item.
const Prefix = "ANJV1."

// Patron-facing refusals.
const (
	KeyInvalid   = "pass.invalid"
	KeyExpired   = "pass.expired"
	KeyOtherSite = "pass.other_site"
)

// MinSecret is the shortest secret a Signer accepts.
const MinSecret = 16

// MaxEvent is the longest event name, in bytes of UTF-8.
const MaxEvent = 80

// MaxNumber is the highest pass number.
const MaxNumber = 999999

// maxPayload bounds what Parse reads.
const maxPayload = 300

// macLen is the HMAC-SHA256 length kept in a pass: 128 bits.
const macLen = 16

// Pass is what a visitor pass's QR code says.
type Pass struct {
	Site   string
	Event  string // the event's name, as staff wrote it
	Number int    // the pass's number within the event, from 1
	// Until is when the pass stops being valid: the end of its last
	// library day (whole seconds).
	Until time.Time
}

// ID identifies the pass for counting it once a day: the event and the
// number.
func (p Pass) ID() string { return p.Event + "#" + strconv.Itoa(p.Number) }

// Signer signs and verifies passes with a site's secret.
type Signer struct {
	Site   string
	Secret []byte
}

// Errors of Sign.
var (
	ErrShortSecret = errors.New("visitor pass: secret shorter than 16 bytes")
	ErrBadPass     = errors.New("visitor pass: want a site id, an event name of 1-80 bytes with a letter or digit, a number of 1-999999 and an end")
)

var sitePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,39}$`)

// ValidEvent reports whether name can go on a pass: valid UTF-8 of 1 to
// MaxEvent bytes, no control characters, no leading or trailing space,
// and a letter or digit.
func ValidEvent(name string) bool {
	if name == "" || len(name) > MaxEvent || !utf8.ValidString(name) || strings.TrimSpace(name) != name {
		return false
	}
	word := false
	for _, r := range name {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return false
		}
		word = word || unicode.IsLetter(r) || unicode.IsDigit(r)
	}
	return word
}

// Sign returns p's payload:
// "ANJV1.<site>.<event, base64url>.<number>.<until, Unix>.<mac>".
func (s Signer) Sign(p Pass) (string, error) {
	if len(s.Secret) < MinSecret {
		return "", ErrShortSecret
	}
	if !sitePattern.MatchString(p.Site) || !ValidEvent(p.Event) || p.Number < 1 || p.Number > MaxNumber || p.Until.Unix() <= 0 {
		return "", ErrBadPass
	}
	body := Prefix + p.Site + "." + base64.RawURLEncoding.EncodeToString([]byte(p.Event)) + "." +
		strconv.Itoa(p.Number) + "." + strconv.FormatInt(p.Until.Unix(), 10)
	return body + "." + base64.RawURLEncoding.EncodeToString(s.mac(body)), nil
}

func (s Signer) mac(body string) []byte {
	m := hmac.New(sha256.New, s.Secret)
	m.Write([]byte(body))
	return m.Sum(nil)[:macLen]
}

// Verify checks a payload and returns its pass. It refuses, with a
// patron-facing *kiosk.Error, anything malformed or wrongly signed
// (KeyInvalid), a pass of another site (KeyOtherSite) and a pass past its
// last day (KeyExpired). A Signer without a secret refuses every pass.
func (s Signer) Verify(payload string, now time.Time) (Pass, error) {
	p, body, mac, err := Parse(payload)
	if err != nil {
		return Pass{}, kiosk.Errorf(kiosk.EINVALID, KeyInvalid).Wrap(err)
	}
	if p.Site != s.Site {
		return Pass{}, kiosk.Errorf(kiosk.EFORBIDDEN, KeyOtherSite)
	}
	if len(s.Secret) < MinSecret || !hmac.Equal(mac, s.mac(body)) {
		return Pass{}, kiosk.Errorf(kiosk.EINVALID, KeyInvalid)
	}
	if !now.Before(p.Until) {
		return Pass{}, kiosk.Errorf(kiosk.EFORBIDDEN, KeyExpired)
	}
	return p, nil
}

// IsPass reports whether a scanned code looks like a visitor pass.
func IsPass(code string) bool { return strings.HasPrefix(code, Prefix) }

// Parse splits a payload into its pass, the signed body and the MAC,
// checking the syntax only. A pass has one spelling: no sign or leading
// zero on a number, no padding, no other base64 alphabet.
func Parse(payload string) (p Pass, body string, mac []byte, err error) {
	if !IsPass(payload) {
		return Pass{}, "", nil, errors.New("visitor pass: wrong prefix")
	}
	if len(payload) > maxPayload {
		return Pass{}, "", nil, errors.New("visitor pass: too long")
	}
	i := strings.LastIndexByte(payload, '.')
	if i < len(Prefix) {
		return Pass{}, "", nil, errors.New("visitor pass: no signature")
	}
	body = payload[:i]
	f := strings.Split(body[len(Prefix):], ".")
	if len(f) != 4 {
		return Pass{}, "", nil, errors.New("visitor pass: want site.event.number.until.mac")
	}
	if !sitePattern.MatchString(f[0]) {
		return Pass{}, "", nil, errors.New("visitor pass: bad site")
	}
	event, err := decode(f[1])
	if err != nil || !ValidEvent(string(event)) {
		return Pass{}, "", nil, errors.New("visitor pass: bad event")
	}
	n, err1 := strconv.Atoi(f[2])
	until, err2 := strconv.ParseInt(f[3], 10, 64)
	if err1 != nil || err2 != nil || n < 1 || n > MaxNumber || until <= 0 || !canonical(f[2]) || !canonical(f[3]) {
		return Pass{}, "", nil, errors.New("visitor pass: bad number")
	}
	enc := payload[i+1:]
	if len(enc) != base64.RawURLEncoding.EncodedLen(macLen) {
		return Pass{}, "", nil, errors.New("visitor pass: bad signature length")
	}
	if mac, err = decode(enc); err != nil || len(mac) != macLen {
		return Pass{}, "", nil, errors.New("visitor pass: bad signature encoding")
	}
	return Pass{Site: f[0], Event: string(event), Number: n, Until: time.Unix(until, 0).UTC()}, body, mac, nil
}

// decode reads unpadded base64url in its one spelling (the decoder
// skips CR and LF, and Strict refuses stray trailing bits).
func decode(s string) ([]byte, error) {
	if s == "" || strings.ContainsAny(s, "\r\n") {
		return nil, errors.New("visitor pass: bad base64")
	}
	return base64.RawURLEncoding.Strict().DecodeString(s)
}

// canonical rejects numbers with a sign or leading zeros.
func canonical(s string) bool { return s != "" && s[0] >= '1' && s[0] <= '9' }
