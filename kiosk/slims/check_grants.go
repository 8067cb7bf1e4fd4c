package slims

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
)

// tableWrite is a SLiMS table the kiosk writes: the rights its
// statements need beyond SELECT, and what it writes there.
type tableWrite struct {
	Table      string
	Privileges []string
	Why        string
}

// kioskWrites are every write of this package's SQL to SLiMS's tables
// (member's password upgrade aside: see checkGrants). A new INSERT,
// UPDATE or DELETE adds its right here, or `kioskctl slims test` passes a
// user that cannot run it.
var kioskWrites = []tableWrite{
	{"loan", []string{"INSERT", "UPDATE"}, "a loan is a row the kiosk inserts; a return or a renewal updates it"},
	{"fines", []string{"INSERT"}, "a late return's fine is a row the kiosk inserts"},
	{"reserve", []string{"DELETE"}, "a member's own reservation is deleted when they borrow the copy"},
	{"visitor_count", []string{"INSERT"}, "a visit is a row the kiosk inserts while [slims] record_visits is on, as by default; false leaves visits to the desk"},
}

// writes reports whether the kiosk writes the table.
func writes(table string) bool {
	return slices.ContainsFunc(kioskWrites, func(w tableWrite) bool { return w.Table == table })
}

// dataRights are what a kiosk's login holds on SLiMS's database: the
// README's grant.
var dataRights = []string{"SELECT", "INSERT", "UPDATE", "DELETE"}

// pinTables are the kiosk's own tables for login = "pin" (see
// migratePINs).
var pinTables = []string{"anjungan_pin", migrationsTable}

// Scopes of a grant.
const (
	scopeGlobal = iota // *.*
	scopeSchema        // `db`.*, db a LIKE pattern
	scopeTable         // `db`.`table`
)

// grant is one line of SHOW GRANTS on tables: rights on every database,
// on a database (or databases matching a pattern), or on a table.
type grant struct {
	scope     int
	db, table string
	target    string          // as written: *.*, `slims`.*, `slims`.`loan`
	rights    []string        // upper case, as written: SELECT, ALL PRIVILEGES, …
	columns   map[string]bool // rights granted on some columns only
	option    bool            // WITH GRANT OPTION
}

func (g grant) all() bool {
	return slices.Contains(g.rights, "ALL PRIVILEGES") || slices.Contains(g.rights, "ALL")
}

// holds reports whether the grant gives the right on every column.
func (g grant) holds(right string) bool { return g.all() || slices.Contains(g.rights, right) }

// rights are the grants of the current user (and of its roles and
// PUBLIC, as SHOW GRANTS lists them) that reach tables of one database.
type rights struct {
	db     string
	grants []grant
}

// on are the grants that reach the table.
func (r *rights) on(table string) []grant {
	var gs []grant
	for _, g := range r.grants {
		switch {
		case g.scope == scopeGlobal, g.scope == scopeSchema && like(g.db, r.db), g.scope == scopeTable && g.db == r.db && g.table == table:
			gs = append(gs, g)
		}
	}
	return gs
}

// has reports whether the right is held on the whole table; partly,
// whether it is held on some of its columns only.
func (r *rights) has(table, right string) (whole, partly bool) {
	for _, g := range r.on(table) {
		if g.holds(right) {
			return true, false
		}
		partly = partly || g.columns[right]
	}
	return false, partly
}

// any reports whether some right is held on the table (or a column of
// it): a table the user may see has one.
func (r *rights) any(table string) bool {
	for _, g := range r.on(table) {
		if len(g.columns) > 0 || slices.ContainsFunc(g.rights, func(right string) bool { return right != "USAGE" }) {
			return true
		}
	}
	return false
}

// checkGrants reports the user's rights on the database, from SHOW GRANTS
// (which lists the user's own, its roles' and PUBLIC's): a right the
// kiosk's statements need and the user lacks fails, naming the table
// and what the kiosk does there, with the grant that fixes it; rights
// beyond the README's grant (SELECT, INSERT, UPDATE, DELETE on the
// database; CREATE for login = "pin" until its tables are made) are a
// note. UPDATE on member matters only with upgrade_passwords: a note.
func (db *DB) checkGrants(ctx context.Context, conn *sql.Conn, s *dbSchema, r *Report) {
	var user string
	if err := conn.QueryRowContext(ctx, `SELECT CURRENT_USER()`).Scan(&user); err != nil {
		r.add(Note, "grants", "could not tell this user's rights (CURRENT_USER(): %v): not checked", err)
		return
	}
	grantee := user
	if i := strings.LastIndexByte(user, '@'); i >= 0 {
		grantee = fmt.Sprintf("'%s'@'%s'", user[:i], user[i+1:])
	}
	rs, err := readGrants(ctx, conn, db.Config.DBName)
	if err != nil {
		r.add(Note, "grants", "could not read this user's rights (SHOW GRANTS: %v): not checked", err)
		return
	}
	quoted := "`" + strings.ReplaceAll(db.Config.DBName, "`", "``") + "`"
	readmeGrant := fmt.Sprintf("GRANT SELECT, INSERT, UPDATE, DELETE ON %s.* TO %s", quoted, grantee)

	pin := db.Login == LoginPIN
	pinMade := false
	if pin && s.has("anjungan_pin") {
		pinMade, _ = db.migrated(ctx, conn, "migrations/*.sql")
	}
	reads := []string{}
	for _, t := range kioskTables {
		if s.has(t.Table) {
			reads = append(reads, t.Table)
		}
	}
	if pinMade {
		reads = append(reads, pinTables...)
	}
	// A table this user may see is one it holds some right on: none
	// found means SHOW GRANTS did not tell all (a role it does not
	// list, a server that writes grants otherwise).
	for _, t := range reads {
		if !rs.any(t) {
			r.add(Note, "grants", "could not tell this user's rights from SHOW GRANTS (none found on %s, which it may see): not checked", t)
			return
		}
	}

	type lack struct {
		table  string
		rights []string
		why    string
	}
	var missing, partial []lack
	var unread []string
	check := func(table string, need []string, why string) {
		var no, part []string
		for _, right := range need {
			whole, partly := rs.has(table, right)
			switch {
			case partly:
				part = append(part, right)
			case !whole:
				no = append(no, right)
			}
		}
		if len(no) > 0 {
			missing = append(missing, lack{table, no, why})
		}
		if len(part) > 0 {
			partial = append(partial, lack{table, part, why})
		}
	}
	for _, t := range reads {
		if writes(t) {
			continue
		}
		if whole, partly := rs.has(t, "SELECT"); partly {
			partial = append(partial, lack{t, []string{"SELECT"}, "the kiosk reads it"})
		} else if !whole {
			unread = append(unread, t)
		}
	}
	for _, w := range kioskWrites {
		if s.has(w.Table) {
			check(w.Table, append([]string{"SELECT"}, w.Privileges...), w.Why)
		}
	}
	needCreate := pin && !pinMade
	if needCreate {
		var no []string
		for _, t := range pinTables {
			if whole, _ := rs.has(t, "CREATE"); !whole {
				no = append(no, t)
			}
		}
		if len(no) > 0 {
			missing = append(missing, lack{strings.Join(no, ", "), []string{"CREATE"},
				`login = "pin": the kiosk makes these tables of its own at its first start`})
		}
	}

	if len(unread) > 0 || len(missing) > 0 {
		var b strings.Builder
		b.WriteString("this user lacks rights the kiosk needs:")
		if len(unread) > 0 {
			fmt.Fprintf(&b, "\n%s: no SELECT (the kiosk reads them)", strings.Join(unread, ", "))
		}
		create := false
		for _, m := range missing {
			fmt.Fprintf(&b, "\n%s: no %s (%s)", m.table, strings.Join(m.rights, ", "), m.why)
			create = create || slices.Contains(m.rights, "CREATE")
		}
		fmt.Fprintf(&b, "\nas the database's administrator: %s", readmeGrant)
		if create {
			fmt.Fprintf(&b, "; GRANT CREATE ON %s.* TO %s (it may be revoked once the kiosk has started)", quoted, grantee)
		}
		r.add(Fail, "grants", "%s", b.String())
	}
	if len(partial) > 0 {
		var parts []string
		for _, p := range partial {
			parts = append(parts, fmt.Sprintf("%s on %s (%s)", strings.Join(p.rights, ", "), p.table, p.why))
		}
		r.add(Warn, "grants", "granted on some columns only, which this check does not follow column by column: %s; "+
			"the kiosk's statements may need other columns: grant them on the tables (%s)", strings.Join(parts, "; "), readmeGrant)
	}
	if len(unread) == 0 && len(missing) == 0 && len(partial) == 0 {
		var written []string
		for _, w := range kioskWrites {
			if s.has(w.Table) {
				written = append(written, w.Table)
			}
		}
		also := ""
		switch {
		case pinMade:
			also = ", and read its kiosk PIN tables"
		case needCreate:
			also = ", and make its kiosk PIN tables (login = \"pin\")"
		}
		r.add(OK, "grants", "this user may read every table the kiosk reads and write what it writes (%s)%s", strings.Join(written, ", "), also)
	}
	if s.has("member") && len(unread) == 0 && len(missing) == 0 {
		// (Else the grant above gives it.) One on the columns it
		// writes is enough.
		if whole, partly := rs.has("member", "UPDATE"); !whole && !partly {
			r.add(Note, "grants", "member: no UPDATE; needed only with [slims] upgrade_passwords = true, which rewrites a legacy MD5 password "+
				"as bcrypt at login (GRANT UPDATE (mpasswd, last_update) ON %s.`member` TO %s)", quoted, grantee)
		}
	}
	if name, _, _ := strings.Cut(user, "@"); name == "root" {
		readmeGrant = fmt.Sprintf("the kiosk should not log in as root: CREATE USER 'anjungan'@'the kiosk's address' …; "+
			"GRANT SELECT, INSERT, UPDATE, DELETE ON %s.* TO 'anjungan'@'the kiosk's address'", quoted)
	}
	db.checkExtraGrants(rs, needCreate, pinMade, readmeGrant, r)
}

// checkExtraGrants notes rights beyond what the kiosk needs.
func (db *DB) checkExtraGrants(rs *rights, needCreate, pinMade bool, readmeGrant string, r *Report) {
	needed := append([]string{"USAGE"}, dataRights...)
	if needCreate {
		needed = append(needed, "CREATE")
	}
	var extra []string
	option, create := false, false
	for _, g := range rs.grants {
		option = option || g.option
		var more []string
		switch {
		case g.scope == scopeGlobal:
			for _, right := range g.rights {
				if right != "USAGE" {
					more = append(more, right)
				}
			}
			if g.all() {
				more = []string{"ALL PRIVILEGES"}
			}
			if len(more) > 0 {
				extra = append(extra, strings.Join(more, ", ")+" on every database (*.*)")
			}
			continue
		case g.all():
			more = []string{"ALL PRIVILEGES"}
		default:
			for _, right := range g.rights {
				if !slices.Contains(needed, right) {
					more = append(more, right)
				}
			}
		}
		create = create || slices.Contains(more, "CREATE")
		if len(more) > 0 {
			extra = append(extra, strings.Join(more, ", ")+" on "+g.target)
		}
	}
	if option {
		extra = append(extra, "GRANT OPTION (it may give rights to others)")
	}
	if len(extra) == 0 {
		return
	}
	why := ""
	switch {
	case create && pinMade:
		why = " CREATE is needed only until the kiosk has made its PIN tables, as it has."
	case create && db.Login != LoginPIN:
		why = ` CREATE is needed only with login = "pin", until the kiosk has made its PIN tables.`
	}
	r.add(Note, "grants", "this user may do more than the kiosk needs: %s.%s A kiosk's login should hold only the README's grant "+
		"(\"Working against SLiMS\", step 1): %s; revoke the rest", strings.Join(extra, "; "), why, readmeGrant)
}

// readGrants reads SHOW GRANTS, keeping the grants that reach tables of
// database dbName.
func readGrants(ctx context.Context, conn *sql.Conn, dbName string) (*rights, error) {
	rows, err := conn.QueryContext(ctx, `SHOW GRANTS`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	rs := &rights{db: dbName}
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return nil, err
		}
		g, ok := parseGrant(line)
		if !ok {
			continue
		}
		switch {
		case g.scope == scopeGlobal, g.scope == scopeSchema && like(g.db, dbName), g.scope == scopeTable && g.db == dbName:
			rs.grants = append(rs.grants, g)
		}
	}
	return rs, rows.Err()
}

// parseGrant reads one line of SHOW GRANTS: "GRANT rights ON target TO
// grantee […] [WITH GRANT OPTION]". A role's grant, a proxy's and a
// routine's are not rights on tables: ok is false for them.
func parseGrant(line string) (g grant, ok bool) {
	rest, found := strings.CutPrefix(strings.TrimSpace(line), "GRANT ")
	if !found {
		return g, false
	}
	on, to := indexTop(rest, " ON "), indexTop(rest, " TO ")
	if on < 0 || to < on {
		return g, false // GRANT role TO user
	}
	list, target, grantee := rest[:on], strings.TrimSpace(rest[on+4:to]), rest[to+4:]
	for _, routine := range []string{"PROCEDURE ", "FUNCTION ", "PACKAGE "} {
		if strings.HasPrefix(target, routine) {
			return g, false
		}
	}
	if indexTop(target, "@") >= 0 {
		return g, false // GRANT PROXY ON user TO user
	}
	g.target, g.option = target, indexTop(grantee, " WITH GRANT OPTION") >= 0
	switch dot := indexTop(target, "."); {
	case target == "*.*":
		g.scope = scopeGlobal
	case dot < 0:
		return g, false
	case target[dot+1:] == "*":
		g.scope, g.db = scopeSchema, unquote(target[:dot])
	default:
		g.scope, g.db, g.table = scopeTable, unquote(target[:dot]), unquote(target[dot+1:])
	}
	g.columns = map[string]bool{}
	for _, item := range splitTop(list, ",") {
		item = strings.TrimSpace(item)
		if paren := strings.IndexByte(item, '('); paren >= 0 { // INSERT (`a`, `b`)
			g.columns[strings.ToUpper(strings.TrimSpace(item[:paren]))] = true
		} else if item != "" {
			g.rights = append(g.rights, strings.ToUpper(item))
		}
	}
	return g, true
}

// indexTop is the index of the first sub in s outside quotes, backticks
// and parentheses; -1 when there is none.
func indexTop(s, sub string) int {
	depth := 0
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		if quote != 0 {
			if c == '\\' && quote != '`' {
				i++ // 'it\'s'; a backtick quote has no escapes
			} else if c == quote {
				quote = 0
			}
			continue
		}
		if depth == 0 && strings.HasPrefix(s[i:], sub) {
			return i
		}
		switch c {
		case '`', '\'', '"':
			quote = c
		case '(':
			depth++
		case ')':
			depth = max(depth-1, 0)
		}
	}
	return -1
}

// splitTop splits s at every sep outside quotes, backticks and
// parentheses.
func splitTop(s, sep string) []string {
	var parts []string
	for {
		i := indexTop(s, sep)
		if i < 0 {
			return append(parts, s)
		}
		parts = append(parts, s[:i])
		s = s[i+len(sep):]
	}
}

// unquote reads an identifier as SHOW GRANTS writes it: `name`, with a
// backtick in it doubled, or bare.
func unquote(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && s[0] == '`' && s[len(s)-1] == '`' {
		return strings.ReplaceAll(s[1:len(s)-1], "``", "`")
	}
	return s
}

// like matches s against a database name in a grant, as the server
// does: % any run of characters, _ any one, \ escaping the next.
func like(pattern, s string) bool {
	p, t := []rune(pattern), []rune(s)
	var match func(i, j int) bool
	match = func(i, j int) bool {
		for i < len(p) {
			switch p[i] {
			case '%':
				for i < len(p) && p[i] == '%' {
					i++
				}
				if i == len(p) {
					return true
				}
				for k := j; k <= len(t); k++ {
					if match(i, k) {
						return true
					}
				}
				return false
			case '_':
				if j == len(t) {
					return false
				}
			case '\\':
				if i+1 < len(p) {
					i++
				}
				fallthrough
			default:
				if j == len(t) || p[i] != t[j] {
					return false
				}
			}
			i++
			j++
		}
		return j == len(t)
	}
	return match(0, 0)
}
