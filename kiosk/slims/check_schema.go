package slims

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"

	"github.com/go-sql-driver/mysql"
)

// tableUse is a SLiMS table and the columns of it the kiosk reads or
// writes.
type tableUse struct {
	Table   string
	Columns []string
}

// kioskTables are every SLiMS table and column the SQL of this package
// reads or writes (Anjungan's own anjungan_pin aside). A new query
// naming another column adds it here, or `kioskctl slims test` will not
// know a database that lacks it is unfit.
var kioskTables = []tableUse{
	{"member", []string{"member_id", "member_name", "member_type_id", "inst_name", "expire_date", "is_pending", "mpasswd", "last_update"}},
	{"mst_member_type", []string{"member_type_id", "member_type_name", "loan_limit", "loan_periode", "reborrow_limit", "fine_each_day", "grace_periode"}},
	{"item", []string{"item_code", "biblio_id", "call_number", "coll_type_id", "location_id", "item_status_id"}},
	{"biblio", []string{"biblio_id", "title", "sor", "call_number", "gmd_id"}},
	{"biblio_author", []string{"biblio_id", "author_id", "level"}},
	{"mst_author", []string{"author_id", "author_name"}},
	{"mst_location", []string{"location_id", "location_name"}},
	{"mst_coll_type", []string{"coll_type_id", "coll_type_name"}},
	{"mst_item_status", []string{"item_status_id", "item_status_name", "no_loan"}},
	{"mst_loan_rules", []string{"loan_rules_id", "member_type_id", "coll_type_id", "gmd_id", "loan_limit", "loan_periode", "reborrow_limit",
		"fine_each_day", "grace_periode"}},
	{"loan", []string{"loan_id", "item_code", "member_id", "loan_date", "due_date", "renewed", "loan_rules_id", "is_lent", "is_return",
		"return_date", "input_date", "last_update", "uid"}},
	{"fines", []string{"fines_id", "fines_date", "member_id", "debet", "credit", "description"}},
	{"reserve", []string{"reserve_id", "member_id", "biblio_id", "item_code", "reserve_date"}},
	{"holiday", []string{"holiday_dayname", "holiday_date"}},
	{"setting", []string{"setting_name", "setting_value"}},
	{"visitor_count", []string{"member_id", "member_name", "institution", "checkin_date"}},
}

// columnSince names the SLiMS version that added a column the kiosk
// needs, for a database older than it.
var columnSince = map[string]string{
	"loan.input_date":         "8.3.1",
	"loan.last_update":        "8.3.1",
	"loan.uid":                "8.3.1",
	"mst_item_status.no_loan": "3.11",
}

// coreTables are tables every SLiMS database has: a database with none
// of them is not SLiMS's.
var coreTables = []string{"member", "item", "biblio", "loan"}

// dbSchema is what a database holds: its tables' engines and their
// columns' widths (0 for a type without one).
type dbSchema struct {
	engines map[string]string
	columns map[string]map[string]int // table → lower-case column → length
	ok      bool                      // read, and SLiMS's
}

func (s *dbSchema) has(table string) bool { _, ok := s.columns[table]; return ok }

func (s *dbSchema) slims() bool { return s.ok }

// hasAll reports whether every column the kiosk uses of the tables is
// there.
func (s *dbSchema) hasAll(tables ...string) bool {
	for _, t := range kioskTables {
		for _, want := range tables {
			if t.Table != want {
				continue
			}
			for _, c := range t.Columns {
				if _, ok := s.columns[t.Table][c]; !ok {
					return false
				}
			}
		}
	}
	return true
}

// readSchema reads the tables and columns of the connection's database
// that this user may see.
func readSchema(ctx context.Context, conn *sql.Conn) (*dbSchema, error) {
	s := &dbSchema{engines: map[string]string{}, columns: map[string]map[string]int{}}
	rows, err := conn.QueryContext(ctx, `SELECT TABLE_NAME, COALESCE(ENGINE, TABLE_TYPE) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var t, e string
		if err := rows.Scan(&t, &e); err != nil {
			rows.Close()
			return nil, err
		}
		s.engines[t], s.columns[t] = e, map[string]int{}
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	rows, err = conn.QueryContext(ctx, `SELECT TABLE_NAME, COLUMN_NAME, COALESCE(CHARACTER_MAXIMUM_LENGTH, 0)
		FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var t, c string
		var n int
		if err := rows.Scan(&t, &c, &n); err != nil {
			return nil, err
		}
		if s.columns[t] != nil {
			s.columns[t][strings.ToLower(c)] = n
		}
	}
	return s, rows.Err()
}

// checkSchema reports every table and column the kiosk uses that the
// database lacks, and a database that is not SLiMS's at all.
func checkSchema(ctx context.Context, conn *sql.Conn, cfg *mysql.Config, r *Report) *dbSchema {
	s, err := readSchema(ctx, conn)
	if err != nil {
		r.add(Fail, "schema", "cannot read the database's tables: %v%s", err, Hint(err, cfg))
		return &dbSchema{}
	}
	core := 0
	for _, t := range coreTables {
		if s.has(t) {
			core++
		}
	}
	if core == 0 {
		others := "no tables at all"
		if len(s.engines) > 0 {
			others = fmt.Sprintf("%d tables, none of them SLiMS's", len(s.engines))
		}
		r.add(Fail, "schema", "database %q is not SLiMS's: it has %s (SLiMS's include %s); check slims.database "+
			"(SLiMS's config/database.php names it), and that this user may read its tables", cfg.DBName, others, strings.Join(coreTables, ", "))
		return s
	}
	s.ok = true
	missing, columns := 0, 0
	for _, t := range kioskTables {
		if !s.has(t.Table) {
			uses := "reads"
			if writes(t.Table) {
				uses = "reads and writes"
			}
			r.add(Fail, "schema", "table %s missing (or this user may not read it): the kiosk %s %s", t.Table, uses, strings.Join(t.Columns, ", "))
			missing++
			continue
		}
		for _, c := range t.Columns {
			columns++
			if _, ok := s.columns[t.Table][c]; ok {
				continue
			}
			missing++
			name := t.Table + "." + c
			if v, ok := columnSince[name]; ok {
				r.add(Fail, "schema", "%s missing: SLiMS older than %s? (upgrade SLiMS: its upgrade adds it)", name, v)
			} else {
				r.add(Fail, "schema", "%s missing: is this SLiMS 9's database?", name)
			}
		}
	}
	if n, ok := s.columns["member"]["mpasswd"]; ok && n > 0 && n < 60 {
		r.add(Warn, "schema", "member.mpasswd holds %d characters: too few for a bcrypt password (60); SLiMS older than 8.0.0? "+
			"Legacy MD5 passwords still work, but SLiMS's own login cannot store their upgrade", n)
	}
	if missing == 0 {
		r.add(OK, "schema", "all %d tables and %d columns the kiosk reads or writes are there", len(kioskTables), columns)
	}
	return s
}

// checkEngines reports the tables' storage engines and what they mean
// for the kiosk's writes.
func checkEngines(s *dbSchema, r *Report) {
	byEngine := map[string][]string{}
	for _, t := range kioskTables {
		if e, ok := s.engines[t.Table]; ok {
			byEngine[e] = append(byEngine[e], t.Table)
		}
	}
	var engines []string
	for e := range byEngine {
		engines = append(engines, e)
	}
	sort.Strings(engines)
	var parts []string
	for _, e := range engines {
		if len(engines) == 1 {
			parts = append(parts, fmt.Sprintf("all %d tables are %s", len(byEngine[e]), e))
		} else {
			parts = append(parts, fmt.Sprintf("%s: %s", e, strings.Join(byEngine[e], ", ")))
		}
	}
	list := strings.Join(parts, "; ")
	const locks = "the kiosk locks per item (a named lock, GET_LOCK, that every kiosk on this database takes; and per member when lending), " +
		"checks again under the lock and writes each change in single statements: two kiosks never lend one copy twice. SLiMS's own desk takes no such lock"
	loanEngine := s.engines["loan"]
	switch {
	case len(engines) == 1 && strings.EqualFold(loanEngine, "InnoDB"):
		r.add(OK, "engine", "%s: the kiosk's writes run in transactions, and %s", list, locks)
	case !strings.EqualFold(loanEngine, "InnoDB"):
		r.add(Note, "engine", "%s. %s has no transactions: a change is never rolled back, so %s", list, loanEngine, locks)
	default:
		var plain []string
		for _, t := range []string{"fines", "reserve", "visitor_count", "member"} {
			if e, ok := s.engines[t]; ok && !strings.EqualFold(e, "InnoDB") {
				plain = append(plain, t)
			}
		}
		if len(plain) == 0 {
			r.add(OK, "engine", "%s. Every table the kiosk writes is InnoDB: its writes run in transactions, and %s", list, locks)
			break
		}
		r.add(Note, "engine", "%s. Mixed engines: the kiosk's writes run in transactions (loan is InnoDB), but what it writes to %s "+
			"is not rolled back with them (no transactions there); %s", list, strings.Join(plain, ", "), locks)
	}
}
