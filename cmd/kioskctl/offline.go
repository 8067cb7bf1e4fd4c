package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"text/tabwriter"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/offline"
)

// offlineCmd lists the offline queue (refused entries first of all) and
// marks refusals as dealt with.
func offlineCmd(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("offline", flag.ContinueOnError)
	path := fs.String("queue", filepath.Join(filepath.Dir(defaultDB()), "offline.db"), "the kiosk's offline queue `file`")
	state := fs.String("state", "refused", "pending, done, refused, resolved, or all")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if _, err := os.Stat(*path); err != nil {
		return fmt.Errorf("offline queue %s: %w", *path, err)
	}
	q := &offline.Queue{Path: *path}
	if err := q.Open(ctx); err != nil {
		return err
	}
	defer q.Close()
	if fs.NArg() == 2 && fs.Arg(0) == "resolve" {
		id, err := strconv.ParseInt(fs.Arg(1), 10, 64)
		if err != nil {
			return fmt.Errorf("resolve %q: not an entry id", fs.Arg(1))
		}
		if err := q.Resolve(ctx, id); err != nil {
			return err
		}
		fmt.Fprintf(out, "entry %d resolved\n", id)
		return nil
	}
	if fs.NArg() != 0 {
		return errors.New("offline [-state S] | offline resolve ID")
	}
	st := *state
	if st == "all" {
		st = ""
	}
	entries, err := q.Entries(ctx, st)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tKIND\tCARD\tITEM\tWHEN\tSTATE\tTRIES\tLIBRARY SAID")
	for _, e := range entries {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%d\t%s\n", e.ID, e.Kind, kiosk.MaskCard(e.Card), e.Barcode,
			e.At.Format("2006-01-02 15:04"), e.State, e.Attempts, e.Result)
	}
	if len(entries) == 0 {
		fmt.Fprintf(tw, "no %s entries\n", *state)
	}
	return tw.Flush()
}
