package broker

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"golang.org/x/crypto/bcrypt"
)

// Users are the broker's accounts: user name → password hash. The file has
// one "user:hash" per line (# starts a comment), the format of Mosquitto's
// password_file: new passwords are hashed as mosquitto_passwd does
// (PBKDF2-SHA512, "$7$"), so one file serves both brokers; bcrypt hashes
// ("$2…", written by earlier versions) are still read, by this broker only.
type Users map[string]string

// ReadUsers reads a users file.
func ReadUsers(r io.Reader) (Users, error) {
	u := Users{}
	err := eachLine(r, func(n int, line string) error {
		name, hash, ok := strings.Cut(line, ":")
		if !ok || !validUser(name) || !knownHash(hash) {
			return fmt.Errorf("users line %d: want user:hash (kioskctl broker passwd or mosquitto_passwd writes them)", n)
		}
		if _, dup := u[name]; dup {
			return fmt.Errorf("users line %d: %s given twice", n, name)
		}
		u[name] = hash
		return nil
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// LoadUsers reads a users file from disk.
func LoadUsers(path string) (Users, error) { return loadFile(path, ReadUsers) }

// Set adds or replaces a user's password.
func (u Users) Set(name, password string) error {
	if !validUser(name) {
		return fmt.Errorf("user %q: use letters, digits, - and _ (a kiosk's user is its id)", name)
	}
	if len(password) < 8 {
		return errors.New("password: at least 8 characters")
	}
	h, err := hashPBKDF2(password, pbkdf2Iterations)
	if err != nil {
		return err
	}
	u[name] = h
	return nil
}

// Check reports whether password is name's.
func (u Users) Check(name, password string) bool {
	h, ok := u[name]
	if !ok {
		checkPBKDF2(unknownUser, password) // as long as for a known user
		return false
	}
	if strings.HasPrefix(h, "$2") {
		return bcrypt.CompareHashAndPassword([]byte(h), []byte(password)) == nil
	}
	return checkPBKDF2(h, password)
}

// Write writes the users file, sorted.
func (u Users) Write(w io.Writer) error {
	names := make([]string, 0, len(u))
	for n := range u {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if _, err := fmt.Fprintf(w, "%s:%s\n", n, u[n]); err != nil {
			return err
		}
	}
	return nil
}

func validUser(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
			return false
		}
	}
	return true
}
