package sqlite_test

import (
	"context"
	"strings"
	"testing"

	"github.com/anjungan/anjungan/kiosk"
	"github.com/anjungan/anjungan/kiosk/mock"
	"github.com/anjungan/anjungan/kiosk/sqlite"
)

func count(t testing.TB, db *sqlite.DB, query string) int {
	t.Helper()
	var n int
	if err := db.SQL().QueryRow(query).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImportCatalog(t *testing.T) {
	tests := []struct {
		name      string
		csv       string
		partial   bool
		added     int
		updated   int
		rejected  []string // "line: reason fragment"
		committed bool
	}{
		{name: "good rows", csv: "barcode,title,author,isbn,year,item_type,loanable,location\n" +
			"B1,Buku Satu,Penulis A,978-602-03-1258-3,2020,buku,ya,Rak 1\n" +
			"B2,Buku Satu,Penulis A,9786020312583,2020,buku,,Rak 1\n" +
			"B3,Kamus,Tim,,1999,ref,tidak,Referensi\n",
			added: 3, committed: true},
		{name: "update an existing demo item", csv: "barcode,title\n" + sqlite.DemoItem(1) + ",Laskar Pelangi (Edisi Baru)\n",
			updated: 1, committed: true},
		{name: "semicolons and a BOM, as Excel writes", csv: "\ufeffbarcode;title;author\nS1;\"Judul; dengan titik koma\";X\n",
			added: 1, committed: true},
		{name: "one bad row stops everything", csv: "barcode,title,year\nG1,Baik,2001\nG2,,2001\nG3,Baik,dua ribu\n",
			rejected: []string{"3: title is empty", "4: year"}},
		{name: "partial keeps the good rows", csv: "barcode,title,item_type\nP1,Baik,buku\nP2,Buruk,kapal\n", partial: true,
			added: 1, rejected: []string{"3: item_type \"kapal\""}, committed: true},
		{name: "duplicate barcode in the file", csv: "barcode,title\nD1,A\nD1,B\n",
			rejected: []string{"3: barcode D1 is also on line 2"}},
		{name: "wrong field count", csv: "barcode,title\nW1,A,extra\n",
			rejected: []string{"2: 3 fields, the header has 2"}},
		{name: "bad loanable", csv: "barcode,title,loanable\nL1,A,mungkin\n",
			rejected: []string{"2: loanable"}},
		{name: "invalid UTF-8", csv: "barcode,title\nU1,\xff\xfe\n",
			rejected: []string{"2: title: not valid UTF-8"}},
		{name: "control characters", csv: "barcode,title\nC1,A\x01B\n",
			rejected: []string{"2: title: contains control characters"}},
		{name: "barcode with a space", csv: "barcode,title\n\"X 1\",A\n",
			rejected: []string{"2: barcode \"X 1\" contains spaces"}},
		{name: "blank lines are skipped", csv: "barcode,title\n\nK1,A\n\n", added: 1, committed: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, _ := demoDB(t)
			before := count(t, db, `SELECT COUNT(*) FROM items`)
			rep, err := db.ImportCatalog(context.Background(), strings.NewReader(tt.csv), sqlite.ImportOptions{Partial: tt.partial})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Committed != tt.committed || (tt.committed && (rep.Added != tt.added || rep.Updated != tt.updated)) {
				t.Fatalf("report %+v", rep)
			}
			if len(rep.Rejected) != len(tt.rejected) {
				t.Fatalf("rejected %v, want %v", rep.Rejected, tt.rejected)
			}
			for i, want := range tt.rejected {
				if got := rep.Rejected[i].String(); !strings.HasPrefix(got, "line "+want) {
					t.Errorf("rejection %q, want prefix %q", got, "line "+want)
				}
			}
			after := count(t, db, `SELECT COUNT(*) FROM items`)
			want := before
			if tt.committed {
				want += tt.added
			}
			if after != want {
				t.Fatalf("%d items after import, want %d", after, want)
			}
		})
	}
}

func TestImportCatalogMatchesTitlesByISBN(t *testing.T) {
	db, _ := demoDB(t)
	csv := "barcode,title,author,isbn\nI1,Laskar Pelangi,Andrea Hirata,9789793062792\nI2,Buku Baru,X,\nI3,Buku Baru,X,\n"
	rep, err := db.ImportCatalog(context.Background(), strings.NewReader(csv), sqlite.ImportOptions{})
	if err != nil || !rep.Committed {
		t.Fatalf("%+v %v", rep, err)
	}
	if n := count(t, db, `SELECT COUNT(DISTINCT title_id) FROM items WHERE barcode IN ('I1', '`+sqlite.DemoItem(1)+`')`); n != 1 {
		t.Fatalf("ISBN match made %d titles", n)
	}
	if n := count(t, db, `SELECT COUNT(DISTINCT title_id) FROM items WHERE barcode IN ('I2', 'I3')`); n != 1 {
		t.Fatalf("title+author match made %d titles", n)
	}
}

func TestImportHeaderErrors(t *testing.T) {
	db, _ := demoDB(t)
	for _, csv := range []string{"", "barcode\nX\n", "barcode,title,colour\n", "barcode,title,title\n"} {
		if _, err := db.ImportCatalog(context.Background(), strings.NewReader(csv), sqlite.ImportOptions{}); err == nil {
			t.Errorf("header %q accepted", csv)
		}
	}
}

func TestImportPatrons(t *testing.T) {
	db, _ := demoDB(t)
	ctx := context.Background()
	csv := "card,name,category,expires,pin,status\n" +
		"21000000000001,Rina Marlina,umum,2028-12-31,2468,\n" +
		sqlite.DemoCard(1) + ",Siti Rahmawati,pelajar,2028-12-31,,active\n" + // update, PIN kept
		"21000000000002,Joko,umum,31-12-2028,1357,\n" +
		"21000000000003,Tono,pensiunan,2028-12-31,1357,\n" +
		"21000000000004,Lina,umum,2028-12-31,12,\n" +
		"21000000000005,Eko,umum,2028-12-31,,hilang\n"
	rep, err := db.ImportPatrons(ctx, strings.NewReader(csv), sqlite.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Committed || len(rep.Rejected) != 4 {
		t.Fatalf("report %+v", rep)
	}
	for _, r := range rep.Rejected {
		if strings.Contains(r.Reason, "12,") || strings.Contains(r.Reason, "\"12\"") {
			t.Fatalf("a rejection echoes the PIN: %s", r)
		}
	}
	if n := count(t, db, `SELECT COUNT(*) FROM patrons WHERE card = '21000000000001'`); n != 0 {
		t.Fatal("rejected import half-imported")
	}
	rep, err = db.ImportPatrons(ctx, strings.NewReader(csv), sqlite.ImportOptions{Partial: true})
	if err != nil || !rep.Committed || rep.Added != 1 || rep.Updated != 1 {
		t.Fatalf("partial: %+v %v", rep, err)
	}
	if _, err := db.Authenticate(ctx, kiosk.Credentials{Card: "21000000000001", PIN: "2468"}); err != nil {
		t.Fatalf("imported patron cannot log in: %v", err)
	}
	if _, err := db.Authenticate(ctx, cred(1)); err != nil {
		t.Fatalf("updated patron lost the PIN: %v", err)
	}
}

func TestImportDryRun(t *testing.T) {
	db, _ := demoDB(t)
	rep, err := db.ImportCatalog(context.Background(), strings.NewReader("barcode,title\nN1,A\n"), sqlite.ImportOptions{DryRun: true})
	if err != nil || rep.Committed || rep.Added != 1 {
		t.Fatalf("%+v %v", rep, err)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM items WHERE barcode = 'N1'`); n != 0 {
		t.Fatal("dry run wrote")
	}
}

// FuzzImportCatalog feeds arbitrary files to the importer in dry-run mode:
// it must never fail with anything but a header error, never commit, and
// account for every data row.
func FuzzImportCatalog(f *testing.F) {
	for _, s := range []string{
		"barcode,title\nB1,A\n",
		"barcode,title,author,isbn,year,item_type,loanable\nB1,Buku,Penulis,978-602,2020,buku,ya\n",
		"\ufeffbarcode;title\nS1;\"x;y\"\n",
		"barcode,title\n\"unterminated,A\nB2,B\n",
		"barcode,title,year\nG1,,x\nG1,A,1\n",
		"barcode,title\nU1,\xff\n",
	} {
		f.Add(s)
	}
	db := openDB(f, mock.NewClock(monday))
	if err := db.SeedDemo(context.Background()); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, csv string) {
		rep, err := db.ImportCatalog(context.Background(), strings.NewReader(csv), sqlite.ImportOptions{DryRun: true, Partial: true})
		if err != nil {
			if !strings.Contains(err.Error(), "header") && !strings.Contains(err.Error(), "empty") {
				t.Fatalf("non-header error: %v", err)
			}
			return
		}
		if rep.Committed {
			t.Fatal("dry run committed")
		}
		for _, r := range rep.Rejected {
			if r.Line < 1 || r.Reason == "" {
				t.Fatalf("rejection without line or reason: %+v", r)
			}
		}
		if rep.Added+rep.Updated+len(rep.Rejected) < rep.Rows {
			t.Fatalf("rows unaccounted for: %+v", rep)
		}
	})
}
