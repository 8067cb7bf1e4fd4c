package main

import (
	"bytes"
	"encoding/hex"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/visitorpass"
)

const passSecret = "00112233445566778899aabbccddeeff"

func kioskToml(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "kiosk.toml")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// decodeQR reads a PNG's QR code back with gozxing.
func decodeQR(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return res.GetText()
}

// TestGuestbookPass: kioskctl guestbook pass writes N numbered PNGs whose
// QR codes, read back, verify with the kiosk's secret for the site in
// its file, each with its number, valid through the last day in the
// library's zone and not a second after.
func TestGuestbookPass(t *testing.T) {
	cfg := kioskToml(t, "[kiosk]\nsite = \"cabang-utara\"\n[library]\ntimezone = \"Asia/Makassar\"\n[guestbook]\nsecret = \""+passSecret+"\"\n")
	dir := filepath.Join(t.TempDir(), "passes")
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	var out bytes.Buffer
	err := passCmd([]string{"-config", cfg, "-event", "  Bedah Buku:  Laskar Pelangi ", "-until", "2026-12-06", "-n", "3", "-first", "8", "-size", "300", "-out", dir}, &out, now)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "3 visitor passes") {
		t.Fatalf("output %q", out.String())
	}
	key, _ := hex.DecodeString(passSecret)
	signer := visitorpass.Signer{Site: "cabang-utara", Secret: key}
	makassar, _ := time.LoadLocation("Asia/Makassar")
	end := time.Date(2026, 12, 7, 0, 0, 0, 0, makassar)
	for i, name := range []string{"pass-008.png", "pass-009.png", "pass-010.png"} {
		payload := decodeQR(t, filepath.Join(dir, name))
		p, err := signer.Verify(payload, end.Add(-time.Second))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if p.Number != 8+i || p.Event != "Bedah Buku: Laskar Pelangi" || !p.Until.Equal(end) {
			t.Fatalf("%s: %+v", name, p)
		}
		if _, err := signer.Verify(payload, end); kiosk.ErrorKey(err) != visitorpass.KeyExpired {
			t.Fatalf("%s after its day: %v", name, err)
		}
		other := visitorpass.Signer{Site: "cabang-utara", Secret: []byte("another site's secret key")}
		if _, err := other.Verify(payload, now); kiosk.ErrorKey(err) != visitorpass.KeyInvalid {
			t.Fatalf("%s under another secret: %v", name, err)
		}
	}
	if files, _ := filepath.Glob(filepath.Join(dir, "*")); len(files) != 3 {
		t.Fatalf("files %v", files)
	}
	var img image.Image
	if f, err := os.Open(filepath.Join(dir, "pass-008.png")); err == nil {
		img, _ = png.Decode(f)
		f.Close()
	}
	if img == nil || img.Bounds().Dx() != 300 || img.Bounds().Dy() <= 300 {
		t.Fatalf("image %v: want the 300 px code with its lines under it", img)
	}
}

// TestGuestbookPassRefuses: no pass without the site's secret, nor for a
// past day, a nameless event or no number.
func TestGuestbookPassRefuses(t *testing.T) {
	good := kioskToml(t, "[guestbook]\nsecret = \""+passSecret+"\"\n")
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	args := func(config string, extra ...string) []string {
		a := map[string]string{"-config": config, "-event": "Pameran", "-until": "2026-12-06", "-n": "2", "-out": t.TempDir()}
		for i := 0; i+1 < len(extra); i += 2 {
			a[extra[i]] = extra[i+1]
		}
		var out []string
		for k, v := range a {
			out = append(out, k, v)
		}
		return out
	}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no secret", args(kioskToml(t, "[kiosk]\nsite = \"uji\"\n")), "no [guestbook] secret"},
		{"short secret", args(kioskToml(t, "[guestbook]\nsecret = \"0011\"\n")), "at least 16 bytes"},
		{"no config", args("", "-config", ""), "-config"},
		{"past day", args(good, "-until", "2026-11-30"), "past"},
		{"bad day", args(good, "-until", "6 Desember"), "-until"},
		{"no event", args(good, "-event", " "), "-event"},
		{"only punctuation", args(good, "-event", "--"), "-event"},
		{"no passes", args(good, "-n", "0"), "-n"},
		{"too many", args(good, "-n", "10001"), "-n"},
	} {
		err := passCmd(tc.args, &bytes.Buffer{}, now)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
	// The last day is still valid on its evening, in the library's zone.
	late := time.Date(2026, 12, 6, 16, 59, 0, 0, time.UTC) // 23:59 in Jakarta
	if err := passCmd(args(good, "-n", "1"), &bytes.Buffer{}, late); err != nil {
		t.Fatalf("on the last evening: %v", err)
	}
}

func TestGuestbookSecret(t *testing.T) {
	var out bytes.Buffer
	if err := run(t.Context(), []string{"guestbook", "secret"}, &out); err != nil {
		t.Fatal(err)
	}
	if b, err := hex.DecodeString(strings.TrimSpace(out.String())); err != nil || len(b) != 32 {
		t.Fatalf("secret %q", out.String())
	}
}
