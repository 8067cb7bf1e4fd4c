package sqlite

import (
	"context"
	"fmt"
	"time"

	"github.com/anjungan/anjungan/kiosk"
)

// DemoPatron is a demo card, listed in the README.
type DemoPatron struct {
	Card, Name, Category, PIN, Note string
	Born                            string // YYYY-MM-DD; "" = unknown
}

// DemoItem returns the barcode of demo copy n (1-based): 14-digit Codabar
// style, starting 3, library code 0001, Luhn check digit.
func DemoItem(n int) string { return kiosk.WithMod10(fmt.Sprintf("30001%08d", n)) }

// DemoCard returns the barcode of demo patron n: 14 digits starting 2.
func DemoCard(n int) string { return kiosk.WithMod10(fmt.Sprintf("20001%08d", n)) }

// DemoPatrons are the demo library's members.
var DemoPatrons = []DemoPatron{
	{DemoCard(1), "Siti Rahmawati", "umum", "1234", "no loans: borrow anything; laser cutter certificate", "1996-04-12"},
	{DemoCard(2), "Budi Santoso", "umum", "2345", "an overdue loan blocks borrowing; may renew and return", "1988-09-30"},
	{DemoCard(3), "Ayu Lestari", "pelajar", "3456", "two loans, one held by another patron (renewal refused)", "2009-08-17"},
	{DemoCard(4), "Rudi Hartono", "umum", "4567", "card expired", "1975-01-05"},
	{DemoCard(5), "Dewi Kartika", "umum", "5678", "card blocked (reported lost)", "1990-06-21"},
	{DemoCard(6), "Andi Wijaya", "anak", "6789", "fines over the limit; 11 years old", "2015-02-03"},
	{DemoCard(7), "Maria Tanjung", "staf", "7890", "staff: long loans, no fines", ""},
}

type demoTitle struct {
	title, author, isbn, publisher string
	year                           int
	lang, itemType, call, location string
	copies                         int
}

var demoTitles = []demoTitle{
	{"Laskar Pelangi", "Andrea Hirata", "9789793062792", "Bentang Pustaka", 2005, "id", "buku", "899.221 HIR l", "Lantai 1 - Fiksi", 3},
	{"Sang Pemimpi", "Andrea Hirata", "9789793062921", "Bentang Pustaka", 2006, "id", "buku", "899.221 HIR s", "Lantai 1 - Fiksi", 2},
	{"Bumi Manusia", "Pramoedya Ananta Toer", "9789799731234", "Lentera Dipantara", 1980, "id", "buku", "899.221 TOE b", "Lantai 1 - Fiksi", 2},
	{"Anak Semua Bangsa", "Pramoedya Ananta Toer", "9789799731241", "Lentera Dipantara", 1980, "id", "buku", "899.221 TOE a", "Lantai 1 - Fiksi", 1},
	{"Cantik Itu Luka", "Eka Kurniawan", "9786020312583", "Gramedia Pustaka Utama", 2002, "id", "buku", "899.221 KUR c", "Lantai 1 - Fiksi", 2},
	{"Ronggeng Dukuh Paruk", "Ahmad Tohari", "9789792207491", "Gramedia Pustaka Utama", 1982, "id", "buku", "899.221 TOH r", "Lantai 1 - Fiksi", 1},
	{"Negeri 5 Menara", "Ahmad Fuadi", "9789792248616", "Gramedia Pustaka Utama", 2009, "id", "buku", "899.221 FUA n", "Lantai 1 - Fiksi", 2},
	{"Perahu Kertas", "Dee Lestari", "9789791227780", "Bentang Pustaka", 2009, "id", "buku", "899.221 LES p", "Lantai 1 - Fiksi", 1},
	{"Filosofi Kopi", "Dee Lestari", "9789791227377", "Bentang Pustaka", 2006, "id", "buku", "899.221 LES f", "Lantai 1 - Fiksi", 1},
	{"Pulang", "Leila S. Chudori", "9789799105158", "Kepustakaan Populer Gramedia", 2012, "id", "buku", "899.221 CHU p", "Lantai 1 - Fiksi", 1},
	{"Laut Bercerita", "Leila S. Chudori", "9786024246945", "Kepustakaan Populer Gramedia", 2017, "id", "buku", "899.221 CHU l", "Lantai 1 - Fiksi", 2},
	{"Gadis Kretek", "Ratih Kumala", "9789792281415", "Gramedia Pustaka Utama", 2012, "id", "buku", "899.221 KUM g", "Lantai 1 - Fiksi", 1},
	{"Saman", "Ayu Utami", "9789799023377", "Kepustakaan Populer Gramedia", 1998, "id", "buku", "899.221 UTA s", "Lantai 1 - Fiksi", 1},
	{"Siti Nurbaya", "Marah Rusli", "9789794070307", "Balai Pustaka", 1922, "id", "buku", "899.221 RUS s", "Lantai 1 - Sastra Klasik", 1},
	{"Salah Asuhan", "Abdoel Moeis", "9789794070680", "Balai Pustaka", 1928, "id", "buku", "899.221 MOE s", "Lantai 1 - Sastra Klasik", 1},
	{"Atheis", "Achdiat K. Mihardja", "9789794071847", "Balai Pustaka", 1949, "id", "buku", "899.221 MIH a", "Lantai 1 - Sastra Klasik", 1},
	{"Max Havelaar", "Multatuli", "9789794192184", "Qanita", 1860, "id", "buku", "839.31 MUL m", "Lantai 1 - Sastra Klasik", 1},
	{"Hujan", "Tere Liye", "9786020324784", "Gramedia Pustaka Utama", 2016, "id", "buku", "899.221 LIY h", "Lantai 1 - Fiksi", 2},
	{"Bumi", "Tere Liye", "9786020332956", "Gramedia Pustaka Utama", 2014, "id", "buku", "899.221 LIY b", "Lantai 1 - Fiksi", 2},
	{"Dilan: Dia adalah Dilanku Tahun 1990", "Pidi Baiq", "9786027870413", "Pastel Books", 2014, "id", "buku", "899.221 BAI d", "Lantai 1 - Fiksi", 1},
	{"Ayat-Ayat Cinta", "Habiburrahman El Shirazy", "9789793604022", "Republika", 2004, "id", "buku", "899.221 SHI a", "Lantai 1 - Fiksi", 1},
	{"Sejarah Indonesia Modern 1200-2008", "M.C. Ricklefs", "9789790242104", "Serambi", 2008, "id", "buku", "959.8 RIC s", "Lantai 2 - Nonfiksi", 1},
	{"Filosofi Teras", "Henry Manampiring", "9786024125189", "Kompas", 2018, "id", "buku", "188 MAN f", "Lantai 2 - Nonfiksi", 2},
	{"Belajar Pemrograman Go untuk Pemula", "Tim Informatika", "9786230012345", "Informatika Bandung", 2021, "id", "buku", "005.13 TIM b", "Lantai 2 - Nonfiksi", 1},
	{"Resep Masakan Nusantara", "Sisca Soewitomo", "9789792261349", "Gramedia Pustaka Utama", 2010, "id", "buku", "641.59598 SOE r", "Lantai 2 - Nonfiksi", 1},
	{"To Kill a Mockingbird", "Harper Lee", "9780061120084", "Harper Perennial", 1960, "en", "buku", "813.54 LEE t", "Lantai 2 - English", 1},
	{"Nineteen Eighty-Four", "George Orwell", "9780451524935", "Signet Classics", 1949, "en", "buku", "823.912 ORW n", "Lantai 2 - English", 1},
	{"Pride and Prejudice", "Jane Austen", "9780141439518", "Penguin Classics", 1813, "en", "buku", "823.7 AUS p", "Lantai 2 - English", 1},
	{"The Hobbit", "J.R.R. Tolkien", "9780547928227", "Houghton Mifflin", 1937, "en", "buku", "823.912 TOL h", "Lantai 2 - English", 1},
	{"Sapiens: A Brief History of Humankind", "Yuval Noah Harari", "9780062316097", "Harper", 2015, "en", "buku", "909 HAR s", "Lantai 2 - English", 2},
	{"Atomic Habits", "James Clear", "9780735211292", "Avery", 2018, "en", "buku", "158.1 CLE a", "Lantai 2 - English", 2},
	{"The Old Man and the Sea", "Ernest Hemingway", "9780684801223", "Scribner", 1952, "en", "buku", "813.52 HEM o", "Lantai 2 - English", 1},
	{"This Earth of Mankind", "Pramoedya Ananta Toer", "9780140256352", "Penguin", 1996, "en", "buku", "899.221 TOE t", "Lantai 2 - English", 1},
	{"Si Kancil dan Buaya", "Tim Cerita Rakyat", "9786020000011", "Erlangga for Kids", 2015, "id", "anak", "398.2 TIM s", "Ruang Anak", 2},
	{"Malin Kundang", "Tim Cerita Rakyat", "9786020000028", "Erlangga for Kids", 2015, "id", "anak", "398.2 TIM m", "Ruang Anak", 2},
	{"Timun Mas", "Tim Cerita Rakyat", "9786020000035", "Erlangga for Kids", 2016, "id", "anak", "398.2 TIM t", "Ruang Anak", 1},
	{"The Very Hungry Caterpillar", "Eric Carle", "9780399226908", "Philomel Books", 1969, "en", "anak", "E CAR v", "Ruang Anak", 1},
	{"Charlotte's Web", "E.B. White", "9780064400558", "HarperCollins", 1952, "en", "anak", "813.54 WHI c", "Ruang Anak", 1},
	{"Kamus Besar Bahasa Indonesia", "Badan Bahasa", "9789790689343", "Balai Pustaka", 2016, "id", "ref", "R 499.221 BAD k", "Lantai 2 - Referensi", 2},
	{"Atlas Indonesia dan Dunia", "Tim Atlas", "9789796531234", "Penerbit Atlas", 2020, "id", "ref", "R 912 TIM a", "Lantai 2 - Referensi", 1},
	{"Oxford Advanced Learner's Dictionary", "A.S. Hornby", "9780194798792", "Oxford University Press", 2020, "en", "ref", "R 423 HOR o", "Lantai 2 - Referensi", 1},
	{"Majalah Bobo Edisi 45", "Redaksi Bobo", "", "Kompas Gramedia", 2026, "id", "majalah", "MAJ BOB", "Ruang Anak - Majalah", 2},
	{"National Geographic Indonesia November 2026", "Redaksi NGI", "", "Kompas Gramedia", 2026, "id", "majalah", "MAJ NGI", "Lantai 2 - Majalah", 1},
	{"Tempo Edisi Mingguan", "Redaksi Tempo", "", "Tempo Inti Media", 2026, "id", "majalah", "MAJ TEM", "Lantai 2 - Majalah", 1},
	{"Laskar Pelangi (Film)", "Riri Riza", "", "Miles Films", 2008, "id", "dvd", "DVD 791.43 RIZ l", "Lantai 2 - Multimedia", 1},
	{"Ada Apa dengan Cinta?", "Rudy Soedjarwo", "", "Miles Films", 2002, "id", "dvd", "DVD 791.43 SOE a", "Lantai 2 - Multimedia", 1},
	{"Petualangan Sherina", "Riri Riza", "", "Miles Films", 2000, "id", "dvd", "DVD 791.43 RIZ p", "Lantai 2 - Multimedia", 1},
}

// demoSetup is the demo library's categories, types, rules and calendar.
var demoSetup = []string{
	`INSERT INTO patron_categories (code, name, max_items, fine_limit, block_on_overdue) VALUES
		('umum', 'Umum / General', 5, 20000, 1),
		('pelajar', 'Pelajar / Student', 3, 10000, 1),
		('anak', 'Anak / Child', 2, 10000, 1),
		('staf', 'Staf / Staff', 10, 0, 0)`,
	`INSERT INTO item_types (code, name) VALUES
		('buku', 'Buku / Book'), ('anak', 'Buku anak / Children''s book'), ('ref', 'Referensi / Reference'),
		('majalah', 'Majalah / Magazine'), ('dvd', 'DVD')`,
	`INSERT INTO loan_rules (category, item_type, loan_days, max_renewals, fine_per_day, fine_max) VALUES
		('*', 'buku', 14, 2, 500, 20000),
		('*', 'anak', 14, 2, 200, 10000),
		('*', 'majalah', 7, 0, 500, 10000),
		('*', 'dvd', 7, 1, 1000, 25000),
		('pelajar', 'buku', 14, 1, 300, 15000),
		('anak', '*', 14, 1, 200, 10000),
		('staf', '*', 28, 3, 0, 0)`,
	`INSERT INTO opening_hours (weekday, opens, closes) VALUES
		(1, '08:00', '17:00'), (2, '08:00', '17:00'), (3, '08:00', '17:00'),
		(4, '08:00', '17:00'), (5, '08:00', '16:30'), (6, '09:00', '15:00')`,
	`INSERT INTO closed_days (day, reason) VALUES
		('2026-12-25', 'Hari Raya Natal'), ('2026-12-26', 'Cuti bersama'), ('2027-01-01', 'Tahun Baru Masehi'),
		('2027-03-20', 'Hari Raya Idul Fitri'), ('2027-03-21', 'Hari Raya Idul Fitri'), ('2027-08-17', 'Hari Kemerdekaan RI')`,
}

// SeedDemo fills an empty library with the demo library: rules, about 60
// items and the DemoPatrons with their loans, holds and fines, all relative
// to the DB's clock.
func (db *DB) SeedDemo(ctx context.Context) error {
	if err := db.Exec(ctx, demoSetup...); err != nil {
		return fmt.Errorf("seed demo: %w", err)
	}
	var items []ItemRecord
	n := 0
	for _, t := range demoTitles {
		for c := 0; c < t.copies; c++ {
			n++
			items = append(items, ItemRecord{
				Barcode:     DemoItem(n),
				TitleRecord: TitleRecord{Title: t.title, Author: t.author, ISBN: t.isbn, Publisher: t.publisher, Year: t.year, Language: t.lang},
				CallNumber:  t.call, Location: t.location, ItemType: t.itemType, Loanable: t.itemType != "ref",
			})
		}
	}
	if err := db.AddItems(ctx, items...); err != nil {
		return fmt.Errorf("seed demo: %w", err)
	}
	today := db.Now().In(db.Location)
	for i, p := range DemoPatrons {
		rec := PatronRecord{Card: p.Card, Name: p.Name, Category: p.Category, Expires: today.AddDate(2, 0, 0).Format(time.DateOnly), BirthDate: p.Born}
		switch i {
		case 3:
			rec.Expires = today.AddDate(0, -2, 0).Format(time.DateOnly)
		case 4:
			rec.Status, rec.BlockReason = "blocked", "Kartu dilaporkan hilang"
		}
		if err := db.AddPatron(ctx, rec, p.PIN); err != nil {
			return fmt.Errorf("seed demo: %w", err)
		}
	}
	return db.seedDemoCirculation(ctx, today)
}

// seedDemoCirculation gives Budi an overdue loan, Ayu a loan another patron
// holds, and Andi fines over his limit.
func (db *DB) seedDemoCirculation(ctx context.Context, today time.Time) error {
	loans := []struct {
		card    int
		item    int
		issued  int // days ago
		overdue int // days past due; 0 = due in the future
	}{
		{2, 4, 20, 6}, // Budi: Sang Pemimpi, overdue
		{2, 42, 5, 0}, // Budi: Atomic Habits
		{3, 6, 3, 0},  // Ayu: Bumi Manusia (held by Siti)
		{3, 32, 2, 0}, // Ayu: Filosofi Teras
		{7, 40, 1, 0}, // Maria: Sapiens
	}
	for _, l := range loans {
		if _, err := db.Checkout(ctx, kiosk.Credentials{Card: DemoCard(l.card)}, DemoItem(l.item)); err != nil {
			return fmt.Errorf("seed demo loan %d: %w", l.item, err)
		}
	}
	for _, l := range loans { // after all checkouts: an overdue loan blocks new ones
		if l.overdue > 0 {
			issued := today.AddDate(0, 0, -l.issued)
			if err := db.Backdate(ctx, DemoItem(l.item), issued, today.AddDate(0, 0, -l.overdue)); err != nil {
				return fmt.Errorf("seed demo: %w", err)
			}
		}
	}
	now := db.Now().Unix()
	return db.Exec(ctx,
		fmt.Sprintf(`INSERT INTO holds (title_id, patron_id, placed_at, status)
			SELECT i.title_id, (SELECT id FROM patrons WHERE card = '%s'), %d, 'waiting' FROM items i WHERE i.barcode = '%s'`,
			DemoCard(1), now, DemoItem(6)),
		fmt.Sprintf(`INSERT INTO fines (patron_id, amount, description, created_at)
			SELECT id, 15000, 'Buku rusak / damaged book: Si Kancil dan Buaya', %d FROM patrons WHERE card = '%s'`,
			now, DemoCard(6)),
	)
}
