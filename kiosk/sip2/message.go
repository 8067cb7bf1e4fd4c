package sip2

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Field is one variable field: a two-character id and its value.
type Field struct {
	ID    string
	Value string
}

// Message is one SIP2 message, decoded into text (the character set is
// the connection's business).
type Message struct {
	Code   string // "93", "94", … "97", "96"
	Fixed  string // the fixed-length part after the code
	Fields []Field
	// Seq is the AY sequence number, -1 when the message has none.
	Seq int
}

// fixedLen is the length of each message's fixed part.
var fixedLen = map[string]int{
	"93": 2,  // UID algorithm, PWD algorithm
	"94": 1,  // ok
	"99": 8,  // status code, max print width (3), protocol version (4)
	"98": 34, // online, checkin ok, checkout ok, renewal policy, status update ok, offline ok, timeout (3), retries (3), date (18), version (4)
	"23": 21, // language (3), date (18)
	"24": 35, // patron status (14), language (3), date (18)
	"63": 31, // language (3), date (18), summary (10)
	"64": 59, // patron status (14), language (3), date (18), six counts (4 each)
	"11": 38, // renewal policy, no block, date (18), nb due date (18)
	"12": 22, // ok, renewal ok, magnetic media, desensitize, date (18)
	"09": 37, // no block, date (18), return date (18)
	"10": 22, // ok, resensitize, magnetic media, alert, date (18)
	"29": 38, // third party allowed, no block, date (18), nb due date (18)
	"30": 22, // ok, renewal ok, magnetic media, desensitize, date (18)
	"65": 18, // date
	"66": 27, // ok, renewed count (4), unrenewed count (4), date (18)
	"17": 18, // date
	"18": 24, // circulation status (2), security marker (2), fee type (2), date (18)
	"35": 18, // date
	"36": 19, // end session, date (18)
	"97": 0,
	"96": 0,
	// Requests the kiosk never sends, and their answers: the server
	// reads them and answers them.
	"01": 19, // card retained, date (18)
	"15": 19, // hold mode (+ - *), date (18)
	"16": 20, // ok, available, date (18)
	"19": 18, // date
	"20": 19, // item properties ok, date (18)
	"25": 18, // date
	"26": 35, // patron status (14), language (3), date (18)
	"37": 25, // date (18), fee type (2), payment type (2), currency type (3)
	"38": 19, // payment accepted, date (18)
}

// FixedLen returns the fixed-part length for a code, and whether the code
// is known.
func FixedLen(code string) (int, bool) {
	n, ok := fixedLen[code]
	return n, ok
}

// Get returns the first value of field id, and whether it is present.
func (m Message) Get(id string) (string, bool) {
	for _, f := range m.Fields {
		if f.ID == id {
			return f.Value, true
		}
	}
	return "", false
}

// Value returns the first value of field id, or "".
func (m Message) Value(id string) string {
	v, _ := m.Get(id)
	return v
}

// All returns every value of a repeatable field, in order.
func (m Message) All(id string) []string {
	var out []string
	for _, f := range m.Fields {
		if f.ID == id {
			out = append(out, f.Value)
		}
	}
	return out
}

// Add appends a field; an empty value is still written ("AO|").
func (m *Message) Add(id, value string) *Message {
	m.Fields = append(m.Fields, Field{ID: id, Value: value})
	return m
}

// EncodeOptions say how a message goes on the wire.
type EncodeOptions struct {
	// ErrorDetection appends AY (when Seq ≥ 0) and AZ.
	ErrorDetection bool
	// CRLF ends messages with CR LF instead of CR.
	CRLF bool
	// Charset encodes the text; UTF-8 when empty. The checksum is over
	// the encoded bytes.
	Charset Charset
}

// Encode writes m in the character set. A field value must not hold "|"
// or a line end: that is an error.
func Encode(m Message, opt EncodeOptions) ([]byte, error) {
	n, ok := fixedLen[m.Code]
	if !ok {
		return nil, fmt.Errorf("sip2: unknown message code %q", m.Code)
	}
	if len(m.Fixed) != n {
		return nil, fmt.Errorf("sip2: message %s: fixed part %q is %d characters, want %d", m.Code, m.Fixed, len(m.Fixed), n)
	}
	var t strings.Builder
	t.WriteString(m.Code)
	t.WriteString(m.Fixed)
	for _, f := range m.Fields {
		if len(f.ID) != 2 || strings.ContainsAny(f.Value, "|\r\n") {
			return nil, fmt.Errorf("sip2: field %q=%q cannot be written", f.ID, f.Value)
		}
		t.WriteString(f.ID)
		t.WriteString(f.Value)
		t.WriteByte('|')
	}
	b := opt.Charset.Encode(t.String())
	if opt.ErrorDetection {
		if m.Seq >= 0 {
			b = append(b, "AY"...)
			b = strconv.AppendInt(b, int64(m.Seq%10), 10)
		}
		b = append(b, "AZ"...)
		b = append(b, Checksum(b)...)
	}
	if opt.CRLF {
		b = append(b, '\r', '\n')
	} else {
		b = append(b, '\r')
	}
	return b, nil
}

// Errors of Parse.
var (
	ErrChecksum = errors.New("sip2: checksum does not match")
	ErrEmpty    = errors.New("sip2: empty message")
)

// Parse reads one message (its line end already removed, or not). It
// accepts lower-case checksums, a missing AY/AZ, unknown field ids, and
// a last field without its "|". A checksum that does not match is
// ErrChecksum (the caller asks for a resend); other damage is a parse
// error naming what is wrong.
func Parse(frame []byte) (Message, error) { return ParseIn(frame, UTF8) }

// ParseIn is Parse for a frame in the character set cs: the
// checksum is verified on the bytes, the text decoded after.
func ParseIn(frame []byte, cs Charset) (Message, error) {
	frame = bytes.TrimRight(frame, "\r\n")
	frame = bytes.TrimLeft(frame, "\n")
	m := Message{Seq: -1}
	if len(frame) == 0 {
		return m, ErrEmpty
	}
	if len(frame) < 2 {
		return m, fmt.Errorf("sip2: message %q too short", frame)
	}
	m.Code = string(frame[:2])
	n, ok := fixedLen[m.Code]
	if !ok {
		return m, fmt.Errorf("sip2: unknown message code %q", m.Code)
	}
	// Error detection: ...AY<seq>AZ<4 hex> at the very end.
	body := frame
	if i := bytes.LastIndex(frame, []byte("AZ")); i >= 2+n && len(frame)-i == 6 && isHex(frame[i+2:]) {
		if !checkSum(frame[:i+2], string(frame[i+2:])) {
			return m, ErrChecksum
		}
		body = frame[:i]
		if j := bytes.LastIndex(body, []byte("AY")); j >= 2+n && len(body)-j == 3 && body[j+2] >= '0' && body[j+2] <= '9' {
			m.Seq = int(body[j+2] - '0')
			body = body[:j]
		}
	}
	// One string for the whole text; the fixed part, ids and values are
	// slices of it (two allocations a message, not two a field).
	var text string
	switch {
	case cs != UTF8 && cs != "":
		text = cs.Decode(body)
	case !utf8.Valid(body):
		text = strings.ToValidUTF8(string(body), "\uFFFD")
	default:
		text = string(body)
	}
	if len(text) < 2+n {
		return m, fmt.Errorf("sip2: message %s: %d characters, the fixed part needs %d", m.Code, len(text)-2, n)
	}
	m.Fixed = text[2 : 2+n]
	rest := text[2+n:]
	if rest != "" {
		m.Fields = make([]Field, 0, strings.Count(rest, "|")+1)
	}
	for len(rest) > 0 {
		end := strings.IndexByte(rest, '|')
		if end < 0 {
			end = len(rest) // a last field without its delimiter
		}
		f := rest[:end]
		if len(f) < 2 {
			if len(strings.TrimSpace(f)) == 0 {
				break
			}
			return m, fmt.Errorf("sip2: message %s: field %q has no id", m.Code, f)
		}
		m.Fields = append(m.Fields, Field{ID: f[:2], Value: f[2:]})
		if end == len(rest) {
			break
		}
		rest = rest[end+1:]
	}
	return m, nil
}

func isHex(b []byte) bool {
	for _, c := range b {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}
