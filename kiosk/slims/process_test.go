package slims_test

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/slims"
	"github.com/anjungan/anjungan/kiosk/slims/slimstest"
)

// The tests in this file re-execute the test binary as child kiosks on
// one SLiMS database. A child runs TestChild with these set.
const (
	envRole = "ANJUNGAN_SLIMS_CHILD"
	envDSN  = "ANJUNGAN_SLIMS_DSN"
	envBase = "ANJUNGAN_SLIMS_BASE" // the child's first member number
)

// contested adds members 1000… (a type that may borrow 1000 at a time)
// and copies C001… of one title, for children to fight over.
func contested(t *testing.T, d *slimstest.Database, members, items int) []string {
	t.Helper()
	d.Exec(t, `INSERT INTO mst_member_type (member_type_id, member_type_name, loan_limit, loan_periode, member_periode,
		reborrow_limit, fine_each_day, input_date) VALUES (9, 'Uji', 1000, 7, 365, 0, 0, '2020-01-01')`)
	for i := range members {
		d.Exec(t, `INSERT INTO member (member_id, member_name, member_type_id, expire_date) VALUES (?, ?, 9, '2030-01-01')`,
			fmt.Sprintf("U%04d", 1000+i), fmt.Sprintf("Penguji %d", i))
	}
	var codes []string
	for i := range items {
		code := fmt.Sprintf("C%04d", i+1)
		d.Exec(t, `INSERT INTO item (biblio_id, coll_type_id, item_code, item_status_id, input_date) VALUES (2, 1, ?, '0', '2020-01-01')`, code)
		codes = append(codes, code)
	}
	return codes
}

func child(t *testing.T, role, dsn string, base int) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^TestChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), envRole+"="+role, envDSN+"="+dsn, envBase+"="+strconv.Itoa(base))
	cmd.Stderr = os.Stderr
	return cmd
}

// outcome is what a lending child reports.
type outcome struct {
	Lent      []string
	Taken     int
	Other     []string
	Attempts  int
	Processes int
}

// TestTwoKiosksOneItem: two processes with eight goroutines each, every
// goroutine a member lending every copy of the same 40, on MyISAM tables
// (no transactions, as SLiMS installs them): every copy is lent exactly
// once (checked in SQL), every other attempt is refused as on loan, and
// nothing else reaches a patron.
func TestTwoKiosksOneItem(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	d := slimstest.Shared(t).NewDatabase(t, slimstest.Options{Engine: slimstest.MyISAM})
	codes := contested(t, d, 16, 40)
	var outs [2]outcome
	var wg sync.WaitGroup
	for i := range outs {
		cmd := child(t, "lend", d.DSN, 1000+8*i)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			json.NewDecoder(out).Decode(&outs[i])
			cmd.Wait()
		}()
	}
	wg.Wait()
	lent := map[string]int{}
	for i, o := range outs {
		if o.Attempts != 8*len(codes) {
			t.Fatalf("child %d made %d attempts, want %d (did it fail?)", i, o.Attempts, 8*len(codes))
		}
		if len(o.Other) > 0 {
			t.Errorf("child %d: %d errors that are not 'on loan', e.g. %s", i, len(o.Other), o.Other[0])
		}
		for _, c := range o.Lent {
			lent[c]++
		}
		t.Logf("child %d: %d lent, %d refused as on loan", i, len(o.Lent), o.Taken)
	}
	for _, c := range codes {
		if lent[c] != 1 {
			t.Errorf("%s reported lent %d times", c, lent[c])
		}
	}
	if n := d.Int(t, `SELECT COUNT(*) FROM (SELECT item_code FROM loan WHERE is_lent = 1 AND is_return = 0 GROUP BY item_code HAVING COUNT(*) > 1) x`); n != 0 {
		t.Fatalf("%d copies lent twice", n)
	}
	if n := d.Int(t, `SELECT COUNT(*) FROM loan WHERE item_code LIKE 'C%'`); n != int64(len(codes)) {
		t.Fatalf("%d loans of %d copies", n, len(codes))
	}
}

// TestKill9MidCheckout kills a lending kiosk process after it has
// reported 30 loans: every reported loan is in SLiMS whole, no copy is
// lent twice, no loan row is half-written, and the dead kiosk's locks
// are gone (another kiosk lends at once).
func TestKill9MidCheckout(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	d := slimstest.Shared(t).NewDatabase(t, slimstest.Options{Engine: slimstest.MyISAM})
	codes := contested(t, d, 8, 400)
	cmd := child(t, "lend-forever", d.DSN, 1000)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var reported []string
	sc := bufio.NewScanner(out)
	for sc.Scan() && len(reported) < 30 {
		reported = append(reported, sc.Text())
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	if len(reported) < 30 {
		t.Fatalf("the child reported %d loans before it stopped", len(reported))
	}
	for _, c := range reported {
		if n := d.Int(t, "SELECT COUNT(*) FROM loan WHERE item_code = ? AND is_lent = 1 AND is_return = 0", c); n != 1 {
			t.Errorf("reported loan of %s: %d open loans", c, n)
		}
	}
	if n := d.Int(t, `SELECT COUNT(*) FROM (SELECT item_code FROM loan WHERE is_lent = 1 AND is_return = 0 GROUP BY item_code HAVING COUNT(*) > 1) x`); n != 0 {
		t.Fatalf("%d copies lent twice", n)
	}
	if n := d.Int(t, `SELECT COUNT(*) FROM loan WHERE member_id IS NULL OR item_code IS NULL OR due_date < loan_date OR uid IS NULL OR input_date IS NULL
		OR loan_id NOT IN (SELECT loan_id FROM loan_history)`); n != 0 {
		t.Fatalf("%d half-written loans", n)
	}
	// The dead kiosk's locks went with its connections: the next kiosk
	// lends every copy left, none waiting out a lock.
	f := openOn(t, d, func(db *slims.DB) { db.LockWait = time.Second })
	f.clock.Set(time.Now())
	left := 0
	for _, c := range codes {
		_, err := f.Checkout(ctx, kiosk.Credentials{Card: "U1007"}, c)
		switch kiosk.ErrorKey(err) {
		case "":
			left++
		case kiosk.KeyItemOnLoan, kiosk.KeyItemAlreadyYours:
		default:
			t.Fatalf("after the kill, %s: %v", c, err)
		}
	}
	if n := d.Int(t, "SELECT COUNT(DISTINCT item_code) FROM loan"); n != int64(len(codes)) {
		t.Fatalf("%d of %d copies lent in the end (%d after the kill)", n, len(codes), left)
	}
}

// TestChild is a child kiosk; it does nothing in a normal run.
func TestChild(t *testing.T) {
	role := os.Getenv(envRole)
	if role == "" {
		t.Skip("only as a child process")
	}
	cfg, err := mysql.ParseDSN(os.Getenv(envDSN))
	if err != nil {
		t.Fatal(err)
	}
	base, _ := strconv.Atoi(os.Getenv(envBase))
	db := &slims.DB{Config: cfg, UID: 9, Location: jkt, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), LockWait: 30 * time.Second}
	if err := db.Open(ctx); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var codes []string
	rows, err := db.SQL().Query("SELECT item_code FROM item WHERE item_code LIKE 'C%' ORDER BY item_code")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var c string
		rows.Scan(&c)
		codes = append(codes, c)
	}
	rows.Close()
	switch role {
	case "lend":
		var o outcome
		var mu sync.Mutex
		var wg sync.WaitGroup
		for g := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				card := fmt.Sprintf("U%04d", base+g)
				order := rand.Perm(len(codes))
				for _, i := range order {
					_, err := db.Checkout(ctx, kiosk.Credentials{Card: card}, codes[i])
					mu.Lock()
					o.Attempts++
					switch {
					case err == nil:
						o.Lent = append(o.Lent, codes[i])
					case kiosk.ErrorKey(err) == kiosk.KeyItemOnLoan:
						o.Taken++
					default:
						o.Other = append(o.Other, describe(err))
					}
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		json.NewEncoder(os.Stdout).Encode(o)
	case "lend-forever":
		var mu sync.Mutex
		var wg sync.WaitGroup
		for g := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				card := fmt.Sprintf("U%04d", base+g)
				for _, i := range rand.Perm(len(codes)) {
					if _, err := db.Checkout(ctx, kiosk.Credentials{Card: card}, codes[i]); err == nil {
						mu.Lock()
						fmt.Println(codes[i])
						mu.Unlock()
					}
				}
			}()
		}
		wg.Wait()
		time.Sleep(time.Hour) // killed before
	}
}

func describe(err error) string {
	var ke *kiosk.Error
	if errors.As(err, &ke) && ke.Err != nil {
		return ke.Key + ": " + ke.Err.Error()
	}
	return strings.TrimSpace(err.Error())
}
