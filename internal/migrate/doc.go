// Package migrate applies versioned SQL migrations to a database/sql
// handle: the one migration runner of every store, whatever its engine.
//
// A migration is a file in an fs.FS (usually embedded); its path in that
// FS is its name and its version, applied in lexical order ("0001_…",
// "0002_…") and recorded, once applied, in a version table. Each runs in a
// transaction of its own with its record, so a failed migration leaves
// neither its changes nor its record behind, and the ones after it wait.
//
// The version table and the statements on it are plain SQL that SQLite,
// PostgreSQL and MariaDB all take; the only thing an engine changes is how
// a statement names its parameters (Migrator.Param). Whether a migration's
// own SQL, several statements in one Exec, runs on an engine is the
// driver's business.
package migrate
