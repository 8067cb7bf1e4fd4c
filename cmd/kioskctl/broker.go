package main

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/anjungan/anjungan/devices/broker"
)

// brokerCmd runs the embedded broker, or manages its users file, or writes
// a Mosquitto ACL.
func brokerCmd(ctx context.Context, args []string, out io.Writer) error {
	if len(args) > 0 {
		switch args[0] {
		case "passwd":
			return passwdCmd(args[1:], os.Stdin, out)
		case "acl":
			return aclCmd(args[1:], out)
		}
	}
	fs := flag.NewFlagSet("broker", flag.ContinueOnError)
	listen := fs.String("listen", ":1883", "address to listen on")
	usersFile := fs.String("users", "broker.users", "users `file` (kioskctl broker passwd FILE USER)")
	staff := fs.String("staff", "staff", "comma-separated staff users")
	kiosksFile := fs.String("kiosks", "", "the kiosks: a `file` of SITE/KIOSK lines, as for kioskctl broker acl")
	site := fs.String("site", "", "without -kiosks: every user that is not staff is a kiosk of this `site`")
	cert := fs.String("tls-cert", "", "certificate `file`: serve TLS (use :8883)")
	key := fs.String("tls-key", "", "key `file` for -tls-cert")
	if err := fs.Parse(args); err != nil {
		return err
	}
	users, err := broker.LoadUsers(*usersFile)
	if err != nil {
		return fmt.Errorf("%w (kioskctl broker passwd %s USER adds users)", err, *usersFile)
	}
	staffUsers := strings.Split(*staff, ",")
	kiosks, err := brokerKiosks(*kiosksFile, *site, users, staffUsers)
	if err != nil {
		return err
	}
	b := &broker.Broker{Addr: *listen, Users: users, Staff: staffUsers, Kiosks: kiosks, Logger: slog.New(slog.NewTextHandler(os.Stderr, nil))}
	if *cert != "" {
		c, err := tls.LoadX509KeyPair(*cert, *key)
		if err != nil {
			return fmt.Errorf("-tls-cert/-tls-key: %w", err)
		}
		b.TLS = &tls.Config{Certificates: []tls.Certificate{c}, MinVersion: tls.VersionTLS12}
	}
	announced := make(chan struct{})
	go func() {
		defer close(announced)
		if addr, err := b.ListenAddr(5 * time.Second); err == nil {
			fmt.Fprintf(out, "broker listening on %s with %d users (Ctrl-C to stop)\n", addr, len(users))
		}
	}()
	err = b.Run(ctx)
	<-announced // Run's end ends the wait: nothing is written to out after
	return err
}

// brokerKiosks are the kiosks of a broker: from a list, or every user
// that is not staff, at one site.
func brokerKiosks(file, site string, users broker.Users, staff []string) ([]broker.Kiosk, error) {
	switch {
	case file != "":
		return broker.LoadKiosks(file)
	case site != "":
		return broker.KiosksAt(site, users, staff), nil
	}
	return nil, errors.New("name the kiosks and their sites: -kiosks FILE (SITE/KIOSK lines), or -site SITE when every user that is not staff is a kiosk of one site")
}

// aclCmd writes a Mosquitto acl_file from a list of kiosks: each kiosk's
// own topics at its own site, everything for staff.
func aclCmd(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("broker acl", flag.ContinueOnError)
	kiosksFile := fs.String("kiosks", "kiosks.txt", "the kiosks: a `file` of SITE/KIOSK lines")
	staff := fs.String("staff", "staff", "comma-separated staff users")
	file := fs.String("o", "", "write to this `file` (default: standard output)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	kiosks, err := broker.LoadKiosks(*kiosksFile)
	if err != nil {
		return err
	}
	rules, err := broker.NewRules(strings.Split(*staff, ","), kiosks)
	if err != nil {
		return err
	}
	if *file == "" {
		return rules.WriteMosquittoACL(out)
	}
	return writeFile(*file, 0o644, rules.WriteMosquittoACL)
}

// writeFile replaces path with what write writes, all or nothing.
func writeFile(path string, mode os.FileMode, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+"-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// passwdCmd adds or changes a user in a users file; the password is read
// from standard input (one line), never from the command line.
func passwdCmd(args []string, in io.Reader, out io.Writer) error {
	if len(args) != 2 {
		return errors.New("broker passwd FILE USER (the password is read from standard input)")
	}
	path, user := args[0], args[1]
	users := broker.Users{}
	if _, err := os.Stat(path); err == nil {
		if users, err = broker.LoadUsers(path); err != nil {
			return err
		}
	}
	fmt.Fprintf(out, "password for %s: ", user)
	line, err := bufio.NewReader(in).ReadString('\n')
	if err != nil && line == "" {
		return errors.New("no password given")
	}
	if err := users.Set(user, strings.TrimRight(line, "\r\n")); err != nil {
		return err
	}
	if err := writeFile(path, 0o600, users.Write); err != nil {
		return err
	}
	fmt.Fprintf(out, "\n%s: %s set\n", path, user)
	return nil
}
