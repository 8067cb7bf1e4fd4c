package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/png"
	"math"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// The phone the browser test books with: Debian's headless Chromium at
// the size of a common phone (390×844 CSS pixels, one device pixel per
// CSS pixel, so that screenshots are small and the same everywhere).
const (
	phoneWidth  = 390
	phoneHeight = 844
)

// phone is a headless Chromium driven over the DevTools protocol, on the
// site at base.
type phone struct {
	t    *testing.T
	ctx  context.Context // the tab's chromedp context
	base string
	out  *syncBuffer // Chromium's own output, shown when a step fails
	axe  string      // axe-core's script
}

// chromiumPath is Debian's Chromium, or ANJUNGAN_CHROMIUM.
func chromiumPath() string {
	if p := os.Getenv("ANJUNGAN_CHROMIUM"); p != "" {
		return p
	}
	return "/usr/bin/chromium"
}

// newPhone starts Chromium under ctx (whose deadline bounds the whole
// test: when it passes, Chromium is killed) with a fresh profile, and
// stops it when the test ends. It fails the test, with Chromium's own
// output, when Chromium cannot start.
func newPhone(t *testing.T, ctx context.Context, base, axe string) *phone {
	t.Helper()
	exe := chromiumPath()
	if _, err := os.Stat(exe); err != nil {
		t.Fatalf("no Chromium (make test-deps installs Debian's chromium; ANJUNGAN_CHROMIUM names another): %v", err)
	}
	profile := t.TempDir()
	out := &syncBuffer{}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-features", "Translate,MediaRouter,OptimizationHints"),
		chromedp.Flag("force-color-profile", "srgb"),
		chromedp.Flag("accept-lang", "en"),
		chromedp.Flag("password-store", "basic"),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(phoneWidth, phoneHeight),
		chromedp.CombinedOutput(out),
	)
	tab, cancelTab := chromedp.NewContext(allocCtx, chromedp.WithErrorf(t.Logf))
	p := &phone{t: t, ctx: tab, base: base, out: out, axe: axe}

	// The first action starts Chromium.
	err := chromedp.Do(tab, chromedp.EmulateViewport(phoneWidth, phoneHeight,
		chromedp.EmulateScale(1), chromedp.EmulatePortrait, chromedp.EmulateMobile, chromedp.EmulateTouch))
	var proc *os.Process
	if c := chromedp.FromContext(tab); c != nil && c.Browser != nil {
		proc = c.Browser.Process()
	}
	t.Cleanup(func() {
		// Close Chromium gracefully, within 10 s, then kill what is left.
		stop, cancel := context.WithTimeout(tab, 10*time.Second)
		defer cancel()
		if err := chromedp.Cancel(stop); err != nil && !errors.Is(err, context.Canceled) &&
			!errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, chromedp.ErrInvalidContext) {
			t.Logf("closing Chromium: %v", err)
		}
		cancelTab()
		cancelAlloc()
		if proc != nil && alive(proc.Pid) {
			t.Errorf("Chromium (pid %d) still runs after the test", proc.Pid)
			proc.Kill()
		}
		if left := leftovers(profile); len(left) > 0 {
			t.Errorf("Chromium's processes %v still run after the test", left)
			for _, pid := range left {
				syscall.Kill(pid, syscall.SIGKILL)
			}
		}
	})
	if err != nil {
		t.Fatalf("Chromium (%s) did not start: %v\n%s", exe, err, out.String())
	}
	return p
}

// alive reports whether a process runs (a zombie does not count).
func alive(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	return i < 0 || i+2 >= len(s) || s[i+2] != 'Z'
}

// leftovers are the running processes started with the profile: every
// Chromium process gets --user-data-dir. A helper may need a moment to
// follow the browser out, so it looks for up to 5 s.
func leftovers(profile string) []int {
	flag := []byte("--user-data-dir=" + profile)
	deadline := time.Now().Add(5 * time.Second)
	for {
		var pids []int
		dirs, _ := os.ReadDir("/proc")
		for _, d := range dirs {
			var pid int
			if _, err := fmt.Sscanf(d.Name(), "%d", &pid); err != nil || pid == os.Getpid() {
				continue
			}
			cmd, err := os.ReadFile(filepath.Join("/proc", d.Name(), "cmdline"))
			if err == nil && bytes.Contains(cmd, flag) && alive(pid) {
				pids = append(pids, pid)
			}
		}
		if len(pids) == 0 || time.Now().After(deadline) {
			return pids
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// do runs the steps, failing the test with the step's name.
func (p *phone) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, steps...); err != nil {
		p.t.Fatalf("%s: %v\nChromium:\n%s", what, err, p.out.String())
	}
}

// loaded waits for the page's style sheet and images.
func loaded() chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := chromedp.Poll[bool](`document.readyState === "complete"`)(ctx, t)
		return chromedp.Void{}, err
	}
}

// open goes to a path of the site and waits until sel shows.
func (p *phone) open(path, sel string) {
	p.t.Helper()
	p.do("open "+path, chromedp.Navigate(p.base+path), chromedp.WaitVisible(chromedp.CSS(sel)), loaded())
}

// click clicks the element at sel, as a finger would, and waits until
// next shows: an element only the page it leads to has.
func (p *phone) click(sel, next string) {
	p.t.Helper()
	p.do("click "+sel, chromedp.Click(chromedp.CSS(sel)), chromedp.WaitVisible(chromedp.CSS(next)), loaded())
}

// path is the path and query of the page shown.
func (p *phone) path() string {
	p.t.Helper()
	loc, err := chromedp.Run(p.ctx, chromedp.Location())
	if err != nil {
		p.t.Fatal(err)
	}
	u, err := url.Parse(loc)
	if err != nil {
		p.t.Fatal(err)
	}
	return u.RequestURI()
}

// text is the visible text of the element at sel.
func (p *phone) text(sel string) string {
	p.t.Helper()
	s, err := chromedp.Run(p.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		p.t.Fatalf("text of %s: %v", sel, err)
	}
	return strings.Join(strings.Fields(s), " ")
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](p *phone, expr string) T {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		p.t.Fatalf("%s: %v", expr, err)
	}
	return v
}

// screenshot is the whole page as the phone shows it, scrolled or not,
// with the mouse moved away first so that nothing shows as hovered.
func (p *phone) screenshot() image.Image {
	p.t.Helper()
	p.do("move the mouse away", chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, 0, 0))
	data, err := chromedp.Run(p.ctx, func(ctx context.Context, t *chromedp.Target) ([]byte, error) {
		m, err := cdp.Call(ctx, t, cdppage.GetLayoutMetrics, cdp.Empty{})
		if err != nil {
			return nil, err
		}
		w, h := float64(phoneWidth), math.Ceil(m.CSSContentSize.Height)
		r, err := cdp.Call(ctx, t, cdppage.CaptureScreenshot, cdppage.CaptureScreenshotParams{
			Format:                cdppage.CaptureScreenshotFormatPng,
			CaptureBeyondViewport: ptrTo(true),
			FromSurface:           ptrTo(true),
			Clip:                  &cdppage.Viewport{X: 0, Y: 0, Width: w, Height: h, Scale: 1},
		})
		if err != nil {
			return nil, err
		}
		return r.Data, nil
	})
	if err != nil {
		p.t.Fatalf("screenshot: %v", err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		p.t.Fatal(err)
	}
	return img
}

func ptrTo[T any](v T) *T { return &v }

// axeDefault is where `make test-deps` puts axe-core, and where the test
// puts it when it is missing.
func axeDefault() (dir, script string) {
	home, _ := os.UserHomeDir()
	dir = filepath.Join(home, ".cache", "anjungan", "axe")
	return dir, filepath.Join(dir, "node_modules", "axe-core", "axe.min.js")
}

var axeOnce struct {
	sync.Mutex
	src string
}

// axeScript is axe-core's script: from ANJUNGAN_AXE when set, else from
// the cache in the home folder, installed there from npm when missing.
// axe-core is never kept in the repository.
func axeScript(t *testing.T) string {
	t.Helper()
	axeOnce.Lock()
	defer axeOnce.Unlock()
	if axeOnce.src != "" {
		return axeOnce.src
	}
	path := os.Getenv("ANJUNGAN_AXE")
	if path == "" {
		var dir string
		dir, path = axeDefault()
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			npm, err := exec.LookPath("npm")
			if err != nil {
				t.Fatalf("axe-core is not at %s and npm is missing to install it (make test-deps installs both)", path)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
			defer cancel()
			t.Logf("installing axe-core into %s", dir)
			cmd := exec.CommandContext(ctx, npm, "install", "--no-audit", "--no-fund", "--prefix", dir, "axe-core@4")
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("npm install axe-core: %v\n%s", err, out)
			}
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("axe-core: %v", err)
	}
	if !bytes.Contains(b, []byte("axe")) || len(b) < 100_000 {
		t.Fatalf("axe-core: %s is not axe.min.js (%d bytes)", path, len(b))
	}
	axeOnce.src = string(b)
	return axeOnce.src
}

// axeViolation is one failed rule of an axe-core audit.
type axeViolation struct {
	ID      string `json:"id"`
	Impact  string `json:"impact"`
	Help    string `json:"help"`
	HelpURL string `json:"helpUrl"`
	Nodes   []struct {
		Target  string `json:"target"`
		HTML    string `json:"html"`
		Summary string `json:"summary"`
	} `json:"nodes"`
}

// axeRun runs axe-core's whole rule set on the document and returns the
// violations. The script is injected anew: every page is a new document.
const axeRun = `(async () => {
  const r = await axe.run(document, {resultTypes: ["violations"]});
  return r.violations.map(v => ({
    id: v.id, impact: v.impact || "", help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target.map(String).join(" "), html: n.html, summary: n.failureSummary || ""})),
  }));
})()`

// audit runs axe-core in the page shown and returns its violations.
func (p *phone) audit() []axeViolation {
	p.t.Helper()
	// Runtime.evaluate is not subject to the site's CSP (no scripts at
	// all), so the page stays exactly as served.
	p.do("inject axe-core", chromedp.Evaluate[chromedp.Void](p.axe))
	vs, err := chromedp.Run(p.ctx, chromedp.Evaluate[[]axeViolation](axeRun, chromedp.EvalAwaitPromise))
	if err != nil {
		p.t.Fatalf("axe.run: %v", err)
	}
	return vs
}

// serious is the violations of serious or critical impact, as text.
func serious(vs []axeViolation) []string {
	var out []string
	for _, v := range vs {
		if v.Impact != "serious" && v.Impact != "critical" {
			continue
		}
		var targets []string
		for _, n := range v.Nodes {
			targets = append(targets, fmt.Sprintf("%s %s", n.Target, n.HTML))
		}
		out = append(out, fmt.Sprintf("%s (%s): %s — %s\n\t%s", v.ID, v.Impact, v.Help, v.HelpURL, strings.Join(targets, "\n\t")))
	}
	return out
}

// check audits the page shown and compares its screenshot with the
// reviewed one, testdata/browser/name.png. The texts in mask (a booking's
// random code) are written over first, in the page only.
func (p *phone) check(name string, mask ...string) {
	p.t.Helper()
	vs := p.audit()
	for _, s := range serious(vs) {
		p.t.Errorf("%s (%s): accessibility: %s", name, p.path(), s)
	}
	for _, v := range vs {
		if v.Impact != "serious" && v.Impact != "critical" {
			p.t.Logf("%s: accessibility (%s, not failing): %s: %s", name, v.Impact, v.ID, v.Help)
		}
	}
	for _, m := range mask {
		n := eval[int](p, fmt.Sprintf(`(() => {
  const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let n = 0;
  for (let t = w.nextNode(); t; t = w.nextNode()) {
    if (t.data.includes(%[1]q)) { t.data = t.data.replaceAll(%[1]q, "X".repeat(%[1]q.length)); n++; }
  }
  return n;
})()`, m))
		if n == 0 {
			p.t.Errorf("%s: %q not on the page", name, m)
		}
	}
	looksLike(p.t, name, p.screenshot())
}

// looksLike compares a screenshot with the reviewed image
// testdata/browser/name.png: it fails when more than 1 % of the pixels
// differ clearly (a channel by more than a quarter). Text antialiasing
// varies a little between runs and Chromium builds; a moved button, a
// wrapped line, a lost colour or another layout change far more. A missing
// or differing image is written to testdata/failed/browser/ for review.
func looksLike(t *testing.T, name string, img image.Image) {
	t.Helper()
	failed := func() {
		path := filepath.Join("testdata", "failed", "browser", name+".png")
		os.MkdirAll(filepath.Dir(path), 0o755)
		if f, err := os.Create(path); err == nil {
			png.Encode(f, img)
			f.Close()
		}
	}
	f, err := os.Open(filepath.Join("testdata", "browser", name+".png"))
	if err != nil {
		failed()
		t.Errorf("%s: no reviewed image (%v); written to testdata/failed/browser: review it and move it to testdata/browser", name, err)
		return
	}
	defer f.Close()
	want, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	differ, limit := pixelsDiffer(img, want)
	t.Logf("%s: %d pixels differ from the reviewed image (at most %d)", name, differ, limit)
	if differ > limit {
		failed()
		t.Errorf("%s: %d pixels differ from the reviewed image (at most %d; sizes %v, reviewed %v); written to testdata/failed/browser",
			name, differ, limit, img.Bounds().Size(), want.Bounds().Size())
	}
}

// pixelsDiffer counts the pixels that differ clearly between two images
// (every pixel of a different size counts) and the most allowed: 1 %.
func pixelsDiffer(got, want image.Image) (differ, limit int) {
	g, w := got.Bounds(), want.Bounds()
	width, height := max(g.Dx(), w.Dx()), max(g.Dy(), w.Dy())
	limit = width * height / 100
	for y := 0; y < height; y++ {
		for x := 0; x < width; x++ {
			p, q := image.Pt(g.Min.X+x, g.Min.Y+y), image.Pt(w.Min.X+x, w.Min.Y+y)
			if !p.In(g) || !q.In(w) {
				differ++
				continue
			}
			r1, g1, b1, _ := got.At(p.X, p.Y).RGBA()
			r2, g2, b2, _ := want.At(q.X, q.Y).RGBA()
			if far(r1, r2) || far(g1, g2) || far(b1, b2) {
				differ++
			}
		}
	}
	return differ, limit
}

func far(a, b uint32) bool { return a>>8 > b>>8+64 || b>>8 > a>>8+64 }
