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

	"github.com/anjungan/anjungan/devices/broker"
)

// brokerCmd runs the embedded broker, or manages its users file.
func brokerCmd(ctx context.Context, args []string, out io.Writer) error {
	if len(args) > 0 && args[0] == "passwd" {
		return passwdCmd(args[1:], os.Stdin, out)
	}
	fs := flag.NewFlagSet("broker", flag.ContinueOnError)
	listen := fs.String("listen", ":1883", "address to listen on")
	usersFile := fs.String("users", "broker.users", "users `file` (kioskctl broker passwd FILE USER)")
	staff := fs.String("staff", "staff", "comma-separated staff users; every other user is a kiosk")
	cert := fs.String("tls-cert", "", "certificate `file`: serve TLS (use :8883)")
	key := fs.String("tls-key", "", "key `file` for -tls-cert")
	if err := fs.Parse(args); err != nil {
		return err
	}
	users, err := broker.LoadUsers(*usersFile)
	if err != nil {
		return fmt.Errorf("%w (kioskctl broker passwd %s USER adds users)", err, *usersFile)
	}
	b := &broker.Broker{Addr: *listen, Users: users, Staff: strings.Split(*staff, ","), Logger: slog.New(slog.NewTextHandler(os.Stderr, nil))}
	if *cert != "" {
		c, err := tls.LoadX509KeyPair(*cert, *key)
		if err != nil {
			return fmt.Errorf("-tls-cert/-tls-key: %w", err)
		}
		b.TLS = &tls.Config{Certificates: []tls.Certificate{c}, MinVersion: tls.VersionTLS12}
	}
	go func() {
		if addr, err := b.ListenAddr(5e9); err == nil {
			fmt.Fprintf(out, "broker listening on %s with %d users (Ctrl-C to stop)\n", addr, len(users))
		}
	}()
	return b.Run(ctx)
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
	tmp, err := os.CreateTemp(filepath.Dir(path), ".users-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := users.Write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	fmt.Fprintf(out, "\n%s: %s set\n", path, user)
	return nil
}
