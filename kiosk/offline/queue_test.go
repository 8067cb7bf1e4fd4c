package offline

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/sip2"
	"github.com/anjungan/anjungan/kiosk/sip2/sip2test"
)

var siti = kiosk.Credentials{Card: "2001", PIN: "1234"}

func setup(t *testing.T, policy Policy) (*sip2test.Server, *Queue, *[]Entry) {
	t.Helper()
	acs := sip2test.Start(t, sip2test.Quirks{})
	acs.AddPatron(sip2test.Patron{Card: "2001", PIN: "1234", Name: "Siti"})
	acs.AddPatron(sip2test.Patron{Card: "2002", PIN: "2345", Name: "Budi"})
	for i := 1; i <= 9; i++ {
		acs.AddItem(sip2test.Item{Barcode: fmt.Sprintf("300%d", i), Title: fmt.Sprintf("Buku %d", i)})
	}
	c := &sip2.Client{Addr: acs.Addr(), User: "kiosk", Password: "sip-secret", Institution: "perpus", Loc: time.UTC,
		Options: sip2.Options{ErrorDetection: true, Timeout: 2 * time.Second}, Logger: slog.New(slog.DiscardHandler)}
	var refused []Entry
	q := &Queue{Online: c, Replayer: c, Path: filepath.Join(t.TempDir(), "offline.db"), Policy: policy, Location: time.UTC,
		Logger: slog.New(slog.DiscardHandler), OnRefused: func(e Entry) { refused = append(refused, e) }}
	if err := q.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { q.Close() })
	return acs, q, &refused
}

func TestOfflineAndReplay(t *testing.T) {
	ctx := context.Background()
	acs, q, refused := setup(t, Policy{Checkout: true, Checkin: true, MaxPerPatron: 2})
	// Online: straight through.
	if l, err := q.Checkout(ctx, siti, "3001"); err != nil || l.Offline {
		t.Fatalf("online checkout %+v %v", l, err)
	}
	acs.Down()
	p, err := q.Authenticate(ctx, siti)
	if err != nil || p.Card != "2001" {
		t.Fatalf("offline authenticate %+v %v", p, err)
	}
	l, err := q.Checkout(ctx, siti, "3002")
	if err != nil || !l.Offline || l.Due.Hour() != 23 || time.Until(l.Due) < 13*24*time.Hour {
		t.Fatalf("offline checkout %+v %v", l, err)
	}
	if _, err := q.Checkout(ctx, siti, "3003"); err != nil {
		t.Fatal(err)
	}
	if _, err := q.Checkout(ctx, siti, "3004"); kiosk.ErrorKey(err) != KeyOfflineLimit {
		t.Fatalf("third offline loan: %v", err)
	}
	if r, err := q.Checkin(ctx, "3001"); err != nil || !r.Offline {
		t.Fatalf("offline checkin %+v %v", r, err)
	}
	if _, err := q.Renew(ctx, siti, "3002"); kiosk.ErrorKey(err) != kiosk.KeyLibraryOffline {
		t.Fatalf("renew offline: %v", err)
	}
	// Meanwhile at the desk, 3003 is lent to Budi.
	acs.AddItem(sip2test.Item{Barcode: "3003", Title: "Buku 3", Patron: "2002", Due: time.Now().Add(time.Hour)})
	if n, err := q.Replay(ctx); n != 0 || err == nil {
		t.Fatalf("replay while away: %d %v", n, err)
	}
	acs.Up(t)
	n, err := q.Replay(ctx)
	if err != nil || n != 3 {
		t.Fatalf("replay: %d %v", n, err)
	}
	if it, _ := acs.Item("3002"); it.Patron != "2001" || it.Due.Hour() != 23 {
		t.Fatalf("3002 at the library: %+v", it)
	}
	if it, _ := acs.Item("3001"); it.Patron != "" {
		t.Fatalf("3001 not returned: %+v", it)
	}
	if len(*refused) != 1 || (*refused)[0].Barcode != "3003" || !strings.Contains((*refused)[0].Result, "another patron") {
		t.Fatalf("refused %+v", *refused)
	}
	list, _ := q.Entries(ctx, "refused")
	if len(list) != 1 {
		t.Fatalf("refused entries %+v", list)
	}
	if err := q.Resolve(ctx, list[0].ID); err != nil {
		t.Fatal(err)
	}
	if err := q.Resolve(ctx, list[0].ID); err == nil {
		t.Fatal("resolved twice")
	}
	// The replay order was the order of the transactions.
	var codes []string
	for _, m := range acs.Received() {
		if m.Code == "11" || m.Code == "09" {
			codes = append(codes, m.Code+" "+m.Value("AB")+" noblock="+m.Fixed[:2])
		}
	}
	want := []string{"11 3001 noblock=NN", "11 3002 noblock=NY", "11 3003 noblock=NY", "09 3001 noblock=Y2"}
	if len(codes) != len(want) {
		t.Fatalf("requests %q", codes)
	}
	for i := range want {
		if codes[i] != want[i] {
			t.Fatalf("requests %q, want %q", codes, want)
		}
	}
}

func TestPolicyOff(t *testing.T) {
	acs, q, _ := setup(t, Policy{})
	acs.Down()
	if _, err := q.Authenticate(context.Background(), siti); kiosk.ErrorKey(err) != kiosk.KeyLibraryOffline {
		t.Fatalf("no offline policy: %v", err)
	}
	if _, err := q.Checkin(context.Background(), "3001"); kiosk.ErrorKey(err) != kiosk.KeyLibraryOffline {
		t.Fatalf("no offline policy: %v", err)
	}
}

// TestReplayTwice: an entry sent but not marked done (the kiosk died in
// between) is sent again, and the library's state is the same.
func TestReplayTwice(t *testing.T) {
	ctx := context.Background()
	acs, q, refused := setup(t, Policy{Checkout: true, Checkin: true})
	acs.Down()
	q.Checkout(ctx, siti, "3005")
	q.Checkin(ctx, "3006")
	acs.Up(t)
	// As if a first replay had reached the library and then died: the
	// entries were sent (attempts counted), their answers never recorded.
	q.db.Exec(`UPDATE queue SET attempts = 1`)
	q.Replayer.ReplayCheckout(ctx, "2001", "3005", time.Now(), time.Now().Add(24*time.Hour))
	q.Replayer.ReplayCheckin(ctx, "3006", time.Now())
	if n, err := q.Replay(ctx); n != 2 || err != nil || len(*refused) != 0 {
		t.Fatalf("replay %d %v refused %+v", n, err, *refused)
	}
	if it, _ := acs.Item("3005"); it.Patron != "2001" || it.Checkouts != 1 {
		t.Fatalf("3005 lent %d times (a second is a renewal): %+v", it.Checkouts, it)
	}
	sent := 0
	for _, m := range acs.Received() {
		if m.Code == "11" || m.Code == "09" {
			sent++
		}
	}
	if sent != 2 {
		t.Fatalf("%d checkouts and checkins sent, want the 2 of the first replay", sent)
	}
	// An entry sent before that did not get there is sent again.
	acs.Down()
	q.Checkout(ctx, siti, "3007")
	acs.Up(t)
	q.db.Exec(`UPDATE queue SET attempts = 1 WHERE state = 'pending'`)
	if n, err := q.Replay(ctx); n != 1 || err != nil {
		t.Fatalf("replay %d %v", n, err)
	}
	if it, _ := acs.Item("3007"); it.Patron != "2001" || it.Checkouts != 1 {
		t.Fatalf("3007 %+v", it)
	}
}

// TestKill9Offline kills a kiosk process while it records offline loans:
// every loan it reported is in the queue, and the replay lends each item
// once.
func TestKill9Offline(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a process")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "offline.db")
	exe, _ := os.Executable()
	cmd := exec.Command(exe, "-test.run=^TestOfflineChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), "ANJUNGAN_OFFLINE_CHILD="+path)
	out, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	const least = 40 // reported before the kill, or the test proves nothing
	var reported []string
	sc := bufio.NewScanner(out)
	for sc.Scan() && len(reported) < least {
		if b, ok := strings.CutPrefix(sc.Text(), "RECORDED "); ok {
			reported = append(reported, b)
		}
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	if len(reported) < least {
		t.Fatalf("the child reported only %d offline loans before it ended, want %d before the kill", len(reported), least)
	}
	acs := sip2test.Start(t, sip2test.Quirks{})
	acs.AddPatron(sip2test.Patron{Card: "2001", PIN: "1234"})
	for i := range 200 {
		acs.AddItem(sip2test.Item{Barcode: "X" + strconv.Itoa(i), Title: "Buku"})
	}
	c := &sip2.Client{Addr: acs.Addr(), Institution: "perpus", Loc: time.UTC, Options: sip2.Options{ErrorDetection: true}, Logger: slog.New(slog.DiscardHandler)}
	q := &Queue{Online: c, Replayer: c, Path: path, Policy: Policy{Checkout: true, MaxPerPatron: 1000}, Location: time.UTC, Logger: slog.New(slog.DiscardHandler)}
	if err := q.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	var check string
	q.db.QueryRow(`PRAGMA integrity_check`).Scan(&check)
	if check != "ok" {
		t.Fatalf("integrity %q", check)
	}
	entries, _ := q.Entries(context.Background(), "pending")
	inQueue := map[string]int{}
	for _, e := range entries {
		inQueue[e.Barcode]++
	}
	for _, b := range reported {
		if inQueue[b] != 1 {
			t.Fatalf("reported %s is in the queue %d times", b, inQueue[b])
		}
	}
	n, err := q.Replay(context.Background())
	if err != nil || n != len(entries) {
		t.Fatalf("replay %d of %d: %v", n, len(entries), err)
	}
	loans := 0
	for i := range 200 {
		if it, _ := acs.Item("X" + strconv.Itoa(i)); it.Patron == "2001" {
			loans++
		}
	}
	if loans != len(entries) {
		t.Fatalf("%d loans at the library for %d queued", loans, len(entries))
	}
	t.Logf("killed after %d reported offline loans; %d in the queue, all replayed once", len(reported), len(entries))
}

// TestOfflineChild records offline loans as fast as it can against a
// library system that is not there; it runs only as a child process.
func TestOfflineChild(t *testing.T) {
	path := os.Getenv("ANJUNGAN_OFFLINE_CHILD")
	if path == "" {
		t.Skip("only runs as a child process")
	}
	c := &sip2.Client{Addr: "127.0.0.1:1", Loc: time.UTC, Options: sip2.Options{Timeout: time.Second}, Logger: slog.New(slog.DiscardHandler)}
	q := &Queue{Online: c, Replayer: c, Path: path, Policy: Policy{Checkout: true, MaxPerPatron: 1000}, Location: time.UTC, Logger: slog.New(slog.DiscardHandler)}
	if err := q.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 200; i++ {
		b := "X" + strconv.Itoa(i)
		if _, err := q.Checkout(context.Background(), siti, b); err == nil {
			fmt.Printf("RECORDED %s\n", b)
		}
	}
	select {}
}

// TestACSForbidsOffline: a library system whose 98 forbids off-line work
// is obeyed even when the kiosk's policy allows it.
func TestACSForbidsOffline(t *testing.T) {
	ctx := context.Background()
	acs, q, _ := setup(t, Policy{Checkout: true, Checkin: true})
	acs.SetQuirks(sip2test.Quirks{NoSCOffline: true})
	if _, err := q.Item(ctx, "3001"); err != nil { // the kiosk learns the 98
		t.Fatal(err)
	}
	acs.Down()
	if _, err := q.Checkin(ctx, "3001"); kiosk.ErrorKey(err) != kiosk.KeyLibraryOffline {
		t.Fatalf("offline checkin against the ACS's word: %v", err)
	}
	if list, _ := q.Entries(ctx, ""); len(list) != 0 {
		t.Fatalf("queued %+v", list)
	}
}

// TestReplayBeforeNew: a book borrowed offline and returned once the
// library is back reaches the library in that order: the queue is sent
// before the return, and the book is not left on loan.
func TestReplayBeforeNew(t *testing.T) {
	ctx := context.Background()
	acs, q, refused := setup(t, Policy{Checkout: true, Checkin: true})
	acs.Down()
	if l, err := q.Checkout(ctx, siti, "3007"); err != nil || !l.Offline {
		t.Fatalf("offline checkout %+v %v", l, err)
	}
	acs.Up(t)
	// No replay has run yet; the return goes online.
	if r, err := q.Checkin(ctx, "3007"); err != nil || r.Offline {
		t.Fatalf("online checkin %+v %v", r, err)
	}
	if it, _ := acs.Item("3007"); it.Patron != "" {
		t.Fatalf("returned book left on loan at the library: %+v", it)
	}
	if list, _ := q.Entries(ctx, "pending"); len(list) != 0 {
		t.Fatalf("still pending %+v", list)
	}
	if len(*refused) != 0 {
		t.Fatalf("refused %+v", *refused)
	}
	// The patron's account, once back, shows a loan made offline.
	acs.Down()
	if _, err := q.Checkout(ctx, siti, "3008"); err != nil {
		t.Fatal(err)
	}
	acs.Up(t)
	a, err := q.Account(ctx, siti)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, l := range a.Loans {
		found = found || l.Item.Barcode == "3008"
	}
	if !found {
		t.Fatalf("offline loan missing from the account: %+v", a.Loans)
	}
}

// TestKill9Replay kills kiosk processes while they replay: after three
// killed replays and a last whole one, every queued loan is at the
// library exactly once (no second checkout, which would be a renewal)
// and nothing is refused.
func TestKill9Replay(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	const n = 150
	ctx := context.Background()
	acs := sip2test.Start(t, sip2test.Quirks{Delay: 500 * time.Microsecond})
	acs.AddPatron(sip2test.Patron{Card: "2001", PIN: "1234"})
	path := filepath.Join(t.TempDir(), "offline.db")
	q := &Queue{Online: &sip2.Client{Addr: "127.0.0.1:1", Logger: slog.New(slog.DiscardHandler)}, Path: path,
		Policy: Policy{Checkout: true, MaxPerPatron: 1000}, Location: time.UTC, Logger: slog.New(slog.DiscardHandler)}
	if err := q.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		b := "K" + strconv.Itoa(i)
		acs.AddItem(sip2test.Item{Barcode: b, Title: "Buku"})
		if err := q.enqueue(ctx, Entry{Kind: "checkout", Card: "2001", Barcode: b, At: time.Now(), Due: time.Now().Add(24 * time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	q.Close()
	exe, _ := os.Executable()
	for round := range 3 {
		cmd := exec.Command(exe, "-test.run=^TestReplayChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), "ANJUNGAN_REPLAY_CHILD="+path, "ANJUNGAN_REPLAY_ACS="+acs.Addr())
		out, _ := cmd.StdoutPipe()
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		bufio.NewReader(out).ReadString('\n') // "REPLAYING"
		// Kill it once the library has heard a few more of its checkouts
		// (the child is then most likely waiting for an answer).
		want := checkouts(acs) + 10 + 15*round
		for deadline := time.Now().Add(30 * time.Second); checkouts(acs) < want; time.Sleep(time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("the replaying child sent %d checkouts, not %d", checkouts(acs), want)
			}
		}
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
	}
	c := &sip2.Client{Addr: acs.Addr(), Institution: "perpus", Loc: time.UTC, Options: sip2.Options{ErrorDetection: true}, Logger: slog.New(slog.DiscardHandler)}
	var refused []Entry
	q = &Queue{Online: c, Replayer: c, Path: path, Policy: Policy{Checkout: true, MaxPerPatron: 1000}, Location: time.UTC,
		Logger: slog.New(slog.DiscardHandler), OnRefused: func(e Entry) { refused = append(refused, e) }}
	if err := q.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	before, _ := q.Entries(ctx, "pending")
	if _, err := q.Replay(ctx); err != nil {
		t.Fatal(err)
	}
	if len(refused) != 0 {
		t.Fatalf("refused %+v", refused)
	}
	if done, _ := q.Entries(ctx, "done"); len(done) != n {
		t.Fatalf("%d of %d done", len(done), n)
	}
	for i := range n {
		if it, _ := acs.Item("K" + strconv.Itoa(i)); it.Patron != "2001" || it.Checkouts != 1 {
			t.Fatalf("K%d lent %d times: %+v", i, it.Checkouts, it)
		}
	}
	t.Logf("three replays killed; %d of %d entries were left for the last", len(before), n)
}

// checkouts counts the checkouts the library has received.
func checkouts(acs *sip2test.Server) int {
	n := 0
	for _, m := range acs.Received() {
		if m.Code == "11" {
			n++
		}
	}
	return n
}

// TestReplayChild replays a queue until killed; it runs only as a child
// process.
func TestReplayChild(t *testing.T) {
	path := os.Getenv("ANJUNGAN_REPLAY_CHILD")
	if path == "" {
		t.Skip("only runs as a child process")
	}
	c := &sip2.Client{Addr: os.Getenv("ANJUNGAN_REPLAY_ACS"), Institution: "perpus", Loc: time.UTC, Options: sip2.Options{ErrorDetection: true}, Logger: slog.New(slog.DiscardHandler)}
	q := &Queue{Online: c, Replayer: c, Path: path, Policy: Policy{Checkout: true, MaxPerPatron: 1000}, Location: time.UTC, Logger: slog.New(slog.DiscardHandler)}
	if err := q.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	fmt.Println("REPLAYING")
	q.Replay(context.Background())
	select {}
}

// TestCatchUpAfterRestart: entries left by a previous run of the kiosk
// are sent before its first new transaction too.
func TestCatchUpAfterRestart(t *testing.T) {
	ctx := context.Background()
	acs, q, _ := setup(t, Policy{Checkout: true, Checkin: true})
	acs.Down()
	if _, err := q.Checkout(ctx, siti, "3009"); err != nil {
		t.Fatal(err)
	}
	q.Close()
	acs.Up(t)
	again := &Queue{Online: q.Online, Replayer: q.Replayer, Path: q.Path, Policy: q.Policy, Location: time.UTC, Logger: q.Logger}
	if err := again.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if r, err := again.Checkin(ctx, "3009"); err != nil || r.Offline {
		t.Fatalf("checkin %+v %v", r, err)
	}
	if it, _ := acs.Item("3009"); it.Patron != "" || it.Checkouts != 1 || it.Checkins != 1 {
		t.Fatalf("3009 at the library: %+v", it)
	}
}

// TestHungLibraryLendsOnce: the library system does a checkout (and a
// return), then hangs past the kiosk's timeout. The kiosk records them
// offline as "sent, no answer": replay asks the library first and sends
// nothing twice — no renewal by a second checkout, no refused second
// return reported to staff. The replayed entries carry the time the
// patron acted.
func TestHungLibraryLendsOnce(t *testing.T) {
	ctx := context.Background()
	acs, q, refused := setup(t, Policy{Checkout: true, Checkin: true})
	q.Online.(*sip2.Client).Options.Timeout = 200 * time.Millisecond
	if _, err := q.Checkout(ctx, siti, "3001"); err != nil { // online, to return later
		t.Fatal(err)
	}
	acs.SetQuirks(sip2test.Quirks{Withhold: 2 * time.Second})
	before := time.Now()
	l, err := q.Checkout(ctx, siti, "3002")
	if err != nil || !l.Offline {
		t.Fatalf("checkout at a hung library: %+v %v", l, err)
	}
	if r, err := q.Checkin(ctx, "3001"); err != nil || !r.Offline {
		t.Fatalf("checkin at a hung library: %+v %v", r, err)
	}
	if it, _ := acs.Item("3002"); it.Checkouts != 1 {
		t.Fatalf("3002 lent %d times (want 1, by the hung library): %+v", it.Checkouts, it)
	}
	// Replay asks the library (63 for the checkout, 17 for the return;
	// a hung library may still answer those) and sends neither again.
	acs.SetQuirks(sip2test.Quirks{})
	if _, err := q.Replay(ctx); err != nil {
		t.Fatalf("replay: %v", err)
	}
	es, err := q.Entries(ctx, "")
	if err != nil || len(es) != 2 {
		t.Fatalf("entries %+v %v", es, err)
	}
	for _, e := range es {
		if e.State != "done" {
			t.Errorf("%s %s: %s %q", e.Kind, e.Barcode, e.State, e.Result)
		}
		if e.Kind == "checkout" && e.At.After(before.Add(150*time.Millisecond)) {
			t.Errorf("checkout dated %v, after the timeout, not when the patron acted (%v)", e.At, before)
		}
	}
	if it, _ := acs.Item("3002"); it.Checkouts != 1 || it.Patron != siti.Card {
		t.Fatalf("3002 after replay: %+v", it)
	}
	if it, _ := acs.Item("3001"); it.Checkins != 1 || it.Patron != "" {
		t.Fatalf("3001 after replay: %+v", it)
	}
	sent := map[string]int{}
	for _, m := range acs.Received() {
		if m.Code == "11" || m.Code == "09" {
			sent[m.Code+" "+m.Value("AB")]++
		}
	}
	if sent["11 3002"] != 1 || sent["09 3001"] != 1 {
		t.Fatalf("sent %v: a transaction went twice", sent)
	}
	if len(*refused) != 0 {
		t.Fatalf("reported to staff as refused: %+v", *refused)
	}
}

// TestOpensAnUnversionedQueue: a queue file written before its schema was
// versioned (the table, no schema_migrations) opens with its entries.
func TestOpensAnUnversionedQueue(t *testing.T) {
	path := filepath.Join(t.TempDir(), "offline.db")
	ddl, err := os.ReadFile("migrations/0001_queue.sql")
	if err != nil {
		t.Fatal(err)
	}
	old, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := old.Exec(string(ddl)); err != nil {
		t.Fatal(err)
	}
	if _, err := old.Exec(`INSERT INTO queue (kind, card, barcode, at) VALUES ('checkout', '2001', '3001', 1)`); err != nil {
		t.Fatal(err)
	}
	old.Close()
	q := &Queue{Path: path, Logger: slog.New(slog.DiscardHandler)}
	if err := q.Open(context.Background()); err != nil {
		t.Fatalf("open a queue from before migrations: %v", err)
	}
	defer q.Close()
	if !q.pending.Load() {
		t.Error("the pending entry was not noticed")
	}
	if e, err := q.Entries(context.Background(), "pending"); err != nil || len(e) != 1 || e[0].Barcode != "3001" {
		t.Fatalf("entries %+v (%v), want the one pending 3001", e, err)
	}
}
