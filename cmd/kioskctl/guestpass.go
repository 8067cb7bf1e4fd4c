package main

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/anjungan/anjungan/booking"
	"github.com/anjungan/anjungan/devices/vision"
	"github.com/anjungan/anjungan/kiosk/report"
	"github.com/anjungan/anjungan/kiosk/visitorpass"
)

const guestbookUsage = `kioskctl guestbook: the guest book's visitor passes for events

  kioskctl guestbook secret
      print a new key for [guestbook] secret (the same in every kiosk's file of the site)
  kioskctl guestbook pass -config kiosk.toml -event NAME -until DAY -n N [-first K] [-size PX] -out DIR
      write N numbered visitor pass cards (DIR/pass-001.png, …: the QR code, the event,
      the number and the last day under it) for an event, signed
      with the site's [guestbook] secret, valid until the end of DAY (the library's day);
      a guest who scans one at the kiosk is counted once a day, purpose "acara", the event
      as origin
`

func guestbookCmd(args []string, out io.Writer) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" {
		fmt.Fprint(out, guestbookUsage)
		return nil
	}
	switch args[0] {
	case "secret":
		b := make([]byte, 32)
		rand.Read(b)
		fmt.Fprintln(out, hex.EncodeToString(b))
		return nil
	case "pass":
		return passCmd(args[1:], out, time.Now())
	}
	return fmt.Errorf("guestbook %q: want secret or pass (kioskctl guestbook help)", args[0])
}

// kioskFile is what a pass needs of a kiosk's file: the site, the
// library's zone and the site's secret.
type kioskFile struct {
	Kiosk struct {
		Site string `toml:"site"`
	} `toml:"kiosk"`
	Library struct {
		TimeZone string `toml:"timezone"`
	} `toml:"library"`
	GuestBook struct {
		Secret string `toml:"secret"`
	} `toml:"guestbook"`
}

// maxPasses bounds one run.
const maxPasses = 10000

func passCmd(args []string, out io.Writer, now time.Time) error {
	fs := flag.NewFlagSet("guestbook pass", flag.ContinueOnError)
	fs.SetOutput(out)
	config := fs.String("config", "", "the kiosk's TOML `file`: [kiosk] site, [library] timezone, [guestbook] secret")
	event := fs.String("event", "", "the event's `name`, as the guest book will show it")
	until := fs.String("until", "", "the last `day` the passes are valid (YYYY-MM-DD)")
	n := fs.Int("n", 0, "how many passes")
	first := fs.Int("first", 1, "the first pass's `number`")
	size := fs.Int("size", 600, "the QR code's size in `pixels`")
	dir := fs.String("out", "", "the `folder` the PNGs go to")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *config == "" || *dir == "" {
		return errors.New("guestbook pass: -config and -out are needed")
	}
	var f kioskFile
	f.Kiosk.Site, f.Library.TimeZone = "perpustakaan", "Asia/Jakarta" // the kiosk's defaults
	if _, err := toml.DecodeFile(*config, &f); err != nil {
		return fmt.Errorf("guestbook pass: %w", err)
	}
	secret, err := hex.DecodeString(f.GuestBook.Secret)
	switch {
	case f.GuestBook.Secret == "":
		return fmt.Errorf("guestbook pass: %s has no [guestbook] secret: make one with kioskctl guestbook secret and put it in every kiosk's file of the site", *config)
	case err != nil || len(secret) < visitorpass.MinSecret:
		return fmt.Errorf("guestbook pass: %s: [guestbook] secret: want at least %d bytes as hex", *config, visitorpass.MinSecret)
	}
	loc, err := time.LoadLocation(f.Library.TimeZone)
	if err != nil {
		return fmt.Errorf("guestbook pass: [library] timezone: %w", err)
	}
	last, err := booking.ParseDate(*until)
	if err != nil {
		return fmt.Errorf("guestbook pass: -until %q: want a day like 2026-12-06", *until)
	}
	end := last.AddDays(1).Midnight(loc)
	if !now.Before(end) {
		return fmt.Errorf("guestbook pass: -until %s is past", *until)
	}
	name := strings.Join(strings.Fields(*event), " ")
	if !visitorpass.ValidEvent(name) {
		return fmt.Errorf("guestbook pass: -event %q: want a name of 1-%d bytes with letters or digits", *event, visitorpass.MaxEvent)
	}
	if *n < 1 || *n > maxPasses || *first < 1 || *first+*n-1 > visitorpass.MaxNumber {
		return fmt.Errorf("guestbook pass: -n %d -first %d: want 1-%d passes numbered up to %d", *n, *first, maxPasses, visitorpass.MaxNumber)
	}
	if *size < 100 || *size > 4000 {
		return fmt.Errorf("guestbook pass: -size %d: want 100-4000 pixels", *size)
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		return fmt.Errorf("guestbook pass: %w", err)
	}
	signer := visitorpass.Signer{Site: f.Kiosk.Site, Secret: secret}
	width := max(len(strconv.Itoa(*first+*n-1)), 3)
	for i := range *n {
		number := *first + i
		payload, err := signer.Sign(visitorpass.Pass{Site: f.Kiosk.Site, Event: name, Number: number, Until: end})
		if err != nil {
			return fmt.Errorf("guestbook pass: %w", err)
		}
		qr, err := vision.QR(payload, *size)
		if err != nil {
			return fmt.Errorf("guestbook pass: %w", err)
		}
		// Under the code, what tells passes apart to staff and guests.
		img, err := report.PassCard(qr, name, fmt.Sprintf("No. %0*d", width, number),
			"Berlaku s.d. "+report.DateID(last.Midnight(loc))+" · valid until "+*until)
		if err != nil {
			return fmt.Errorf("guestbook pass: %w", err)
		}
		path := filepath.Join(*dir, fmt.Sprintf("pass-%0*d.png", width, number))
		if err := writePNG(path, img); err != nil {
			return fmt.Errorf("guestbook pass: %w", err)
		}
	}
	fmt.Fprintf(out, "%d visitor passes for %q (numbers %d–%d, site %s), valid until the end of %s, in %s\n",
		*n, name, *first, *first+*n-1, f.Kiosk.Site, last, *dir)
	return nil
}

// writePNG writes img to path, whole or not at all.
func writePNG(path string, img image.Image) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, path)
}
