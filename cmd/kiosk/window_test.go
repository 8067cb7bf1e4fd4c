package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/anjungan/anjungan/kiosk/ui"
)

// The real-window test runs the real kiosk binary full screen on a real
// X server (Xvfb), with a scanner and a receipt printer on
// pseudo-terminals, taps with synthetic X events where the kiosk says its
// buttons are drawn (ANJUNGAN_PROBE), and types on the X keyboard. It
// catches what Fyne's test driver cannot show: a window that grows past
// the screen or draws shifted, so that taps miss.

// needTools skips the test where the X tools are not installed, except
// in CI, where `make test-deps` installs them and their absence is a
// failure.
func needTools(t *testing.T, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s not installed (make test-deps installs it)", tool)
			}
			t.Skipf("%s not installed (make test-deps installs it)", tool)
		}
	}
}

var (
	kioskBinOnce sync.Once
	kioskBin     string
	kioskBinErr  error
)

// kioskBinary builds the kiosk once per test run.
func kioskBinary(t *testing.T) string {
	t.Helper()
	kioskBinOnce.Do(func() {
		dir, err := os.MkdirTemp("", "kiosk-bin-")
		if err != nil {
			kioskBinErr = err
			return
		}
		kioskBin = filepath.Join(dir, "kiosk")
		out, err := exec.Command("go", "build", "-o", kioskBin, ".").CombinedOutput()
		if err != nil {
			kioskBinErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if kioskBinErr != nil {
		t.Fatal(kioskBinErr)
	}
	return kioskBin
}

// xserver starts Xvfb with one screen of w×h and returns its display.
func xserver(t *testing.T, w, h int) string {
	t.Helper()
	r, wr, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", fmt.Sprintf("%dx%dx24", w, h), "-nolisten", "tcp", "-noreset")
	cmd.ExtraFiles = []*os.File{wr}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	wr.Close()
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(r).ReadString('\n')
		line <- strings.TrimSpace(s)
	}()
	select {
	case n := <-line:
		if n == "" {
			t.Fatal("Xvfb gave no display number")
		}
		return ":" + n
	case <-time.After(20 * time.Second):
		t.Fatal("Xvfb did not start")
	}
	return ""
}

// window is a kiosk process on an X display, with its scanner and
// printer.
type window struct {
	t       *testing.T
	display string
	w, h    float32
	probe   string
	cmd     *exec.Cmd
	log     string
	scanner *os.File // the scanner's side of its pty: write scans here
	printed func() int
	step    string
}

func startWindow(t *testing.T, w, h int) *window {
	t.Helper()
	needTools(t, "Xvfb", "xdotool")
	bin := kioskBinary(t)
	dir := t.TempDir()
	k := &window{t: t, w: float32(w), h: float32(h), probe: filepath.Join(dir, "probe.json"), log: filepath.Join(dir, "kiosk.log")}
	k.display = xserver(t, w, h)

	scanMaster, scanTTY, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	printMaster, printTTY, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { scanMaster.Close(); scanTTY.Close(); printMaster.Close(); printTTY.Close() })
	k.scanner = scanMaster
	var mu sync.Mutex
	printed := 0
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := printMaster.Read(buf)
			mu.Lock()
			printed += n
			mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	k.printed = func() int { mu.Lock(); defer mu.Unlock(); return printed }

	cfg := filepath.Join(dir, "kiosk.toml")
	toml := fmt.Sprintf(`[kiosk]
data_dir = %q
idle_timeout = "10m"
finish_delay = "10m"

[[scanner]]
name = "front"
port = %q

[printer]
port = %q
`, filepath.Join(dir, "data"), scanTTY.Name(), printTTY.Name())
	if err := os.WriteFile(cfg, []byte(toml), 0o600); err != nil {
		t.Fatal(err)
	}
	logf, err := os.Create(k.log)
	if err != nil {
		t.Fatal(err)
	}
	k.cmd = exec.Command(bin, "-config", cfg)
	k.cmd.Env = append(os.Environ(), "DISPLAY="+k.display, probeEnv+"="+k.probe, "LANG=en_US.UTF-8")
	k.cmd.Stdout, k.cmd.Stderr = logf, logf
	if err := k.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			k.screenshot()
			if b, err := os.ReadFile(k.log); err == nil {
				t.Logf("kiosk log (last 3000 bytes):\n%s", tail(b, 3000))
			}
		}
		k.cmd.Process.Kill()
		k.cmd.Wait()
		logf.Close()
	})
	k.waitFor("the home screen", 60*time.Second, func(p ui.Probe) bool { return p.Screen == "home" })
	k.xdo("search", "--sync", "--onlyvisible", "--name", "Perpustakaan", "windowfocus", "--sync")
	return k
}

func tail(b []byte, n int) []byte {
	if len(b) > n {
		return b[len(b)-n:]
	}
	return b
}

// screenshot writes the display to testdata/failed, named for the test
// and the step it was at.
func (k *window) screenshot() {
	dir := filepath.Join("testdata", "failed")
	os.MkdirAll(dir, 0o755)
	name := strings.NewReplacer("/", "-", " ", "_").Replace(k.t.Name() + "-" + k.step)
	path := filepath.Join(dir, name+".png")
	cmd := exec.Command("import", "-window", "root", path)
	cmd.Env = append(os.Environ(), "DISPLAY="+k.display)
	if out, err := cmd.CombinedOutput(); err != nil {
		k.t.Logf("no screenshot: %v %s", err, out)
		return
	}
	k.t.Logf("screenshot: %s", path)
}

func (k *window) xdo(args ...string) {
	k.t.Helper()
	cmd := exec.Command("xdotool", args...)
	cmd.Env = append(os.Environ(), "DISPLAY="+k.display)
	if out, err := cmd.CombinedOutput(); err != nil {
		k.t.Fatalf("%s: xdotool %s: %v %s", k.step, strings.Join(args, " "), err, out)
	}
}

func (k *window) read() (ui.Probe, error) {
	var p ui.Probe
	b, err := os.ReadFile(k.probe)
	if err != nil {
		return p, err
	}
	return p, json.Unmarshal(b, &p)
}

// waitFor waits until the kiosk shows what cond accepts, and fails there
// saying what it waited for.
func (k *window) waitFor(what string, timeout time.Duration, cond func(ui.Probe) bool) ui.Probe {
	k.t.Helper()
	k.step = what
	deadline := time.Now().Add(timeout)
	for {
		p, err := k.read()
		if err == nil && cond(p) {
			return p
		}
		if time.Now().After(deadline) {
			k.t.Fatalf("waited %v for %s; the kiosk shows %+v (%v)", timeout, what, p, err)
		}
		if k.cmd.ProcessState != nil {
			k.t.Fatalf("the kiosk exited waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (k *window) screen(name string) ui.Probe {
	k.t.Helper()
	return k.waitFor("screen "+name, 15*time.Second, func(p ui.Probe) bool { return p.Screen == name })
}

// shows waits until the kiosk has screen name laid out and drawn.
func (k *window) shows(name string) ui.Probe {
	k.t.Helper()
	return k.drawn(k.screen(name))
}

// fits checks that the window is exactly the display (it did not grow)
// and that the header's and footer's buttons are on it.
func (k *window) fits(p ui.Probe) {
	k.t.Helper()
	if p.Canvas != [2]float32{k.w, k.h} {
		k.t.Fatalf("%s: the window is %vx%v on a %vx%v display", p.Screen, p.Canvas[0], p.Canvas[1], k.w, k.h)
	}
	for _, b := range p.Buttons {
		if b.Shown[2] == 0 {
			continue // scrolled out of view
		}
		if b.Shown[0] < -0.5 || b.Shown[0]+b.Shown[2] > k.w+0.5 || b.Shown[1] < -0.5 || b.Shown[1]+b.Shown[3] > k.h+0.5 {
			k.t.Fatalf("%s: button %q is off the display: %+v", p.Screen, b.Text, b)
		}
	}
}

// tap taps the centre of the button labelled text, where the kiosk says
// it is drawn.
func (k *window) tap(text string) {
	k.t.Helper()
	k.step = "tap " + text
	p, err := k.read()
	if err != nil {
		k.t.Fatal(err)
	}
	for _, b := range p.Buttons {
		if b.Text != text || b.Disabled {
			continue
		}
		if b.Shown[2] < minTap || b.Shown[3] < minTap {
			continue // scrolled (nearly) out of view
		}
		x, y := b.Shown[0]+b.Shown[2]/2, b.Shown[1]+b.Shown[3]/2
		if x < 0 || y < 0 || x > k.w || y > k.h {
			k.t.Fatalf("button %q is drawn off the display at %v,%v", text, x, y)
		}
		k.xdo("mousemove", "--sync", strconv.Itoa(int(x)), strconv.Itoa(int(y)), "click", "1")
		// The pointer leaves: a hovered button makes the window repaint,
		// which would hide a screen that was laid out and not drawn.
		k.xdo("mousemove", "--sync", "1", "1")
		return
	}
	k.t.Fatalf("no button %q in view on %s: %+v", text, p.Screen, p.Buttons)
}

// minTap is how much of a button must show for a finger to hit it.
const minTap = 16

// tapAfter taps text and waits until the kiosk shows screen next, on
// the display too.
func (k *window) tapAfter(text, next string) ui.Probe {
	k.t.Helper()
	k.tap(text)
	return k.drawn(k.screen(next))
}

// grab is the display as the patron sees it.
func (k *window) grab() image.Image {
	k.t.Helper()
	cmd := exec.Command("import", "-window", "root", "png:-")
	cmd.Env = append(os.Environ(), "DISPLAY="+k.display)
	out, err := cmd.Output()
	if err != nil {
		k.t.Fatalf("screenshot: %v", err)
	}
	img, err := png.Decode(bytes.NewReader(out))
	if err != nil {
		k.t.Fatal(err)
	}
	return img
}

// drawn waits until the display shows the screen the probe describes:
// where it says buttons are, the display has buttons (a filled
// background just inside each one's corner), not the white of a page.
// The probe says what the kiosk laid out; only the pixels say whether
// the window was redrawn (it once kept showing the old screen).
func (k *window) drawn(p ui.Probe) ui.Probe {
	k.t.Helper()
	k.step = "drawn " + p.Screen
	deadline := time.Now().Add(5 * time.Second)
	for {
		img := k.grab()
		var shown, filled int
		for _, b := range p.Buttons {
			if b.Shown[2] < b.Size[0]-0.5 || b.Shown[3] < b.Size[1]-0.5 || b.Disabled || b.Kind != "button" {
				continue // partly scrolled away, or drawn without a fill
			}
			shown++
			r, g, bl, _ := img.At(int(b.Pos[0])+6, int(b.Pos[1])+6).RGBA()
			if r>>8 < 250 || g>>8 < 250 || bl>>8 < 250 {
				filled++
			}
		}
		if shown == 0 || filled*4 >= shown*3 {
			return p
		}
		if time.Now().After(deadline) {
			k.t.Fatalf("the display does not show %s: %d of %d buttons drawn where the kiosk laid them out", p.Screen, filled, shown)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (k *window) scan(code string) {
	k.t.Helper()
	if _, err := k.scanner.Write([]byte(code + "\r")); err != nil {
		k.t.Fatal(err)
	}
}

// typeKeys types on the X keyboard (a keyboard-wedge scanner, or the
// patron's PIN) and presses Enter.
func (k *window) typeKeys(s string) {
	k.t.Helper()
	k.xdo("type", "--delay", "30", s)
	k.xdo("key", "Return")
}

// cpuSeconds is the CPU time the kiosk process has used.
func (k *window) cpuSeconds() float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", k.cmd.Process.Pid))
	if err != nil {
		k.t.Fatal(err)
	}
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+2:]))
	ut, _ := strconv.ParseFloat(f[11], 64)
	st, _ := strconv.ParseFloat(f[12], 64)
	return (ut + st) / 100 // USER_HZ
}

func hasButton(p ui.Probe, text string) bool {
	for _, b := range p.Buttons {
		if b.Text == text {
			return true
		}
	}
	return false
}

// rssMB is the kiosk process's resident memory.
func (k *window) rssMB() float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", k.cmd.Process.Pid))
	if err != nil {
		k.t.Fatal(err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	k.t.Fatal("no VmRSS")
	return 0
}

const (
	siti = "20001000000012"
	budi = "20001000000020"
)

func TestRealWindow(t *testing.T) {
	if testing.Short() {
		t.Skip("drives the real binary in an X server")
	}
	for _, d := range [][2]int{{1280, 800}, {800, 480}, {1920, 1080}} {
		t.Run(fmt.Sprintf("%dx%d", d[0], d[1]), func(t *testing.T) {
			k := startWindow(t, d[0], d[1])
			home := k.shows("home")
			k.fits(home)

			// A scan is the first thing: no tap or pointer has made the
			// window repaint (it once kept showing home here).
			k.scan(siti)
			k.fits(k.shows("pin"))
			k.tapAfter("Batal", "home")

			// A visit on a kiosk with a printer ends with no receipt on
			// screen: the thank-you screen must fit, and home come back
			// whole.
			k.tapAfter("Kembalikan", "return")
			k.scan("30001000000614")
			k.waitFor("the returned item", 10*time.Second, func(p ui.Probe) bool { return p.Lines == 1 })
			k.fits(k.tapAfter("Selesai", "finish"))
			again := k.tapAfter("Tutup", "home")
			k.fits(again)
			if fmt.Sprint(again.Buttons) != fmt.Sprint(home.Buttons) {
				t.Fatalf("home moved after a visit:\nbefore %+v\nafter  %+v", home.Buttons, again.Buttons)
			}

			// A tall borrow screen, then taps on the drawn buttons.
			k.scan(siti)
			k.shows("pin")
			k.typeKeys("1234")
			k.waitFor("Siti's borrow screen", 15*time.Second, func(p ui.Probe) bool { return p.Screen == "borrow" && p.Patron == "Siti" })
			for _, code := range []string{"30001000000028", "30001000000036", "30001000000531", "30001000000044"} {
				k.scan(code)
			}
			k.fits(k.drawn(k.waitFor("four lines", 15*time.Second, func(p ui.Probe) bool { return p.Lines == 4 })))
			acct := k.tapAfter("Akun saya", "account")
			k.fits(acct)
			k.waitFor("the loans", 15*time.Second, func(p ui.Probe) bool {
				for _, b := range p.Buttons {
					if strings.HasPrefix(b.Text, "☐") {
						return true
					}
				}
				return false
			})
			before := k.printed()
			k.fits(k.tapAfter("Selesai", "finish"))
			k.waitFor("the receipt printed", 15*time.Second, func(ui.Probe) bool { return k.printed() > before })
			if got := k.tapAfter("Tutup", "home"); fmt.Sprint(got.Buttons) != fmt.Sprint(home.Buttons) {
				t.Fatalf("home moved after a tall screen:\nbefore %+v\nafter  %+v", home.Buttons, got.Buttons)
			}

			// Another patron's card mid-visit starts their visit.
			k.tapAfter("Pinjam", "identify")
			k.typeKeys(siti) // a keyboard-wedge scanner
			k.shows("pin")
			k.typeKeys("1234")
			k.waitFor("Siti's borrow screen", 15*time.Second, func(p ui.Probe) bool { return p.Screen == "borrow" && p.Patron == "Siti" })
			k.scan(budi)
			k.waitFor("Budi's PIN screen", 15*time.Second, func(p ui.Probe) bool { return p.Screen == "pin" && p.Patron == "" })
			k.typeKeys("2345")
			k.waitFor("Budi's borrow screen", 15*time.Second, func(p ui.Probe) bool { return p.Screen == "borrow" && p.Patron == "Budi" })
			k.tapAfter("Batal", "home")

			// A flood of 20,000 scans on the PIN screen: bounded memory,
			// and the screen answers a tap at once afterwards.
			k.scan(siti)
			k.shows("pin")
			k.step = "flood"
			rss0 := k.rssMB()
			t.Logf("RSS before the flood: %.0f MB", rss0)
			flood := strings.Repeat("12345\r", 20000)
			if _, err := k.scanner.Write([]byte(flood)); err != nil {
				t.Fatal(err)
			}
			k.scan(budi) // the flood is over when Budi's card has been read
			k.waitFor("the end of the flood", 120*time.Second, func(p ui.Probe) bool { return p.Screen == "pin" && p.Message == "" })
			rss := k.rssMB()
			t.Logf("RSS after 20,000 scans: %.0f MB", rss)
			if rss-rss0 > 30 {
				t.Fatalf("the flood grew RSS from %.0f to %.0f MB", rss0, rss)
			}
			// Bounded. What the kiosk holds before the flood (fonts, GL
			// buffers of software rendering under Xvfb, the Go heap after
			// the visits) is 195–250 MB on this 2-core VM depending on its
			// load; a full HD frame buffer adds its own. The flood itself
			// may add no more than the 30 MB above.
			if limit := map[bool]float64{true: 280, false: 300}[d[0] <= 1280]; rss > limit {
				t.Fatalf("RSS %.0f MB after the flood (limit %.0f)", rss, limit)
			}
			start := time.Now()
			k.tap("Batal")
			k.waitFor("home within a second of the tap", time.Second, func(p ui.Probe) bool { return p.Screen == "home" })
			t.Logf("tap to home after the flood: %v", time.Since(start).Round(time.Millisecond))

			// English and large text, the makerspace's screens.
			k.tap("English")
			k.waitFor("English", 10*time.Second, func(p ui.Probe) bool { return hasButton(p, "Borrow") })
			k.tap("Large text")
			k.fits(k.waitFor("large text", 10*time.Second, func(p ui.Probe) bool { return hasButton(p, "Large text") && p.Renders > 0 }))
			k.fits(k.tapAfter("Borrow", "identify"))
			k.fits(k.tapAfter("Cancel", "home")) // the next patron starts in the kiosk's language
			k.fits(k.tapAfter("Pesan ruang kreatif", "makerspace"))
			k.fits(k.tapAfter("Lihat waktu kosong", "slots"))
			k.fits(k.tapAfter("Batal", "home"))

			// Nothing keeps running once home is back (the bug: an
			// animation ran for a minute at half a core after each login).
			time.Sleep(time.Second)
			c0, w0 := k.cpuSeconds(), time.Now()
			time.Sleep(3 * time.Second)
			used := (k.cpuSeconds() - c0) / time.Since(w0).Seconds()
			t.Logf("idle CPU at home after the flows: %.1f %% of a core", used*100)
			if used > 0.15 {
				t.Fatalf("idle at home the kiosk uses %.0f %% of a core", used*100)
			}
		})
	}
}
