package broker

import (
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
)

// Mosquitto's sha512-pbkdf2 hash, as mosquitto_passwd writes it:
// $7$<iterations>$<salt, base64>$<PBKDF2-HMAC-SHA512 of 64 bytes, base64>.
const (
	pbkdf2Iterations = 1000 // mosquitto_passwd uses 101; the broker reads any
	pbkdf2Salt       = 12
	pbkdf2Len        = sha512.Size
)

// unknownUser is checked against when the user does not exist, so that
// the answer takes as long as for a wrong password.
var unknownUser, _ = hashPBKDF2("no such user", pbkdf2Iterations)

func hashPBKDF2(password string, iter int) (string, error) {
	salt := make([]byte, pbkdf2Salt)
	rand.Read(salt)
	key, err := pbkdf2.Key(sha512.New, password, salt, iter, pbkdf2Len)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("$7$%d$%s$%s", iter, base64.StdEncoding.EncodeToString(salt), base64.StdEncoding.EncodeToString(key)), nil
}

// parsePBKDF2 splits a $7$ hash.
func parsePBKDF2(h string) (iter int, salt, key []byte, ok bool) {
	p := strings.Split(h, "$")
	if len(p) != 5 || p[0] != "" || p[1] != "7" {
		return 0, nil, nil, false
	}
	iter, err := strconv.Atoi(p[2])
	if err != nil || iter < 1 || iter > 10_000_000 {
		return 0, nil, nil, false
	}
	salt, err1 := base64.StdEncoding.DecodeString(p[3])
	key, err2 := base64.StdEncoding.DecodeString(p[4])
	if err1 != nil || err2 != nil || len(salt) == 0 || len(key) != pbkdf2Len {
		return 0, nil, nil, false
	}
	return iter, salt, key, true
}

func checkPBKDF2(h, password string) bool {
	iter, salt, key, ok := parsePBKDF2(h)
	if !ok {
		return false
	}
	got, err := pbkdf2.Key(sha512.New, password, salt, iter, pbkdf2Len)
	return err == nil && subtle.ConstantTimeCompare(got, key) == 1
}

// knownHash reports whether h is a hash this package can check.
func knownHash(h string) bool {
	if strings.HasPrefix(h, "$2") {
		return true
	}
	_, _, _, ok := parsePBKDF2(h)
	return ok
}
