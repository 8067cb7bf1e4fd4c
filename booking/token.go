package booking

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/anjungan/anjungan/kiosk"
)

// TokenPrefix starts every booking QR payload; scanners' codes that start
// with it are check-ins, not items or cards.
const TokenPrefix = "ANJB1."

// macLen is the HMAC-SHA256 length kept in a token: 128 bits.
const macLen = 16

// Token is what a booking's QR code says: the booking, its site and until
// when it may be used to check in.
type Token struct {
	Site    string
	Booking int64
	Expires time.Time // whole seconds
}

// Signer signs and verifies tokens with a per-site secret. Kiosks of one
// site share the secret; a token signed elsewhere, altered or forged fails
// verification.
type Signer struct {
	Site   string
	Secret []byte
}

// MinSecret is the shortest secret a Signer accepts.
const MinSecret = 16

// ErrShortSecret is returned for a secret under MinSecret bytes.
var ErrShortSecret = errors.New("booking: token secret shorter than 16 bytes")

// Sign returns the payload for t: "ANJB1.<site>.<id>.<expires>.<mac>".
func (s Signer) Sign(t Token) (string, error) {
	if len(s.Secret) < MinSecret {
		return "", ErrShortSecret
	}
	if !idPattern.MatchString(t.Site) || t.Booking <= 0 {
		return "", errors.New("booking: token needs a site id and a booking id")
	}
	body := TokenPrefix + t.Site + "." + strconv.FormatInt(t.Booking, 10) + "." + strconv.FormatInt(t.Expires.Unix(), 10)
	return body + "." + base64.RawURLEncoding.EncodeToString(s.mac(body)), nil
}

func (s Signer) mac(body string) []byte {
	m := hmac.New(sha256.New, s.Secret)
	m.Write([]byte(body))
	return m.Sum(nil)[:macLen]
}

// Verify checks a payload and returns its token. It refuses, with a
// patron-facing *kiosk.Error, anything malformed (KeyTokenInvalid), a
// token of another site (KeyTokenOtherSite), a bad signature
// (KeyTokenInvalid) and an expired token (KeyTokenExpired).
func (s Signer) Verify(payload string, now time.Time) (Token, error) {
	t, body, mac, err := ParseToken(payload)
	if err != nil {
		return Token{}, kiosk.Errorf(kiosk.EINVALID, KeyTokenInvalid).Wrap(err)
	}
	if t.Site != s.Site {
		return Token{}, kiosk.Errorf(kiosk.EFORBIDDEN, KeyTokenOtherSite)
	}
	if len(s.Secret) < MinSecret || !hmac.Equal(mac, s.mac(body)) {
		return Token{}, kiosk.Errorf(kiosk.EINVALID, KeyTokenInvalid)
	}
	if !now.Before(t.Expires) {
		return Token{}, kiosk.Errorf(kiosk.EFORBIDDEN, KeyTokenExpired)
	}
	return t, nil
}

// IsToken reports whether a scanned code looks like a booking token.
func IsToken(code string) bool { return strings.HasPrefix(code, TokenPrefix) }

// ParseToken splits a payload into its token, the signed body and the
// MAC, checking the syntax only.
func ParseToken(payload string) (t Token, body string, mac []byte, err error) {
	if !IsToken(payload) {
		return Token{}, "", nil, errors.New("booking token: wrong prefix")
	}
	if len(payload) > 200 {
		return Token{}, "", nil, errors.New("booking token: too long")
	}
	i := strings.LastIndexByte(payload, '.')
	if i < len(TokenPrefix) {
		return Token{}, "", nil, errors.New("booking token: no signature")
	}
	body = payload[:i]
	fields := strings.Split(body[len(TokenPrefix):], ".")
	if len(fields) != 3 {
		return Token{}, "", nil, errors.New("booking token: want site.id.expiry.mac")
	}
	if !idPattern.MatchString(fields[0]) {
		return Token{}, "", nil, errors.New("booking token: bad site")
	}
	id, err1 := strconv.ParseInt(fields[1], 10, 64)
	exp, err2 := strconv.ParseInt(fields[2], 10, 64)
	if err1 != nil || err2 != nil || id <= 0 || exp <= 0 || !canonical(fields[1]) || !canonical(fields[2]) {
		return Token{}, "", nil, errors.New("booking token: bad number")
	}
	enc := payload[i+1:]
	// The decoder skips CR and LF; a token has one spelling only.
	if len(enc) != base64.RawURLEncoding.EncodedLen(macLen) || strings.ContainsAny(enc, "\r\n") {
		return Token{}, "", nil, errors.New("booking token: bad signature length")
	}
	mac, err = base64.RawURLEncoding.Strict().DecodeString(enc)
	if err != nil || len(mac) != macLen {
		return Token{}, "", nil, errors.New("booking token: bad signature encoding")
	}
	return Token{Site: fields[0], Booking: id, Expires: time.Unix(exp, 0).UTC()}, body, mac, nil
}

// canonical rejects numbers with a sign or leading zeros, so that one
// token has one spelling.
func canonical(s string) bool { return s != "" && s[0] >= '1' && s[0] <= '9' }
