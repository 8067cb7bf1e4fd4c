// Package slimstest runs a real MariaDB server for the tests (Debian's
// mariadb-server, started in a temp dir on a free loopback port) and
// makes databases on it with a SLiMS 9 schema written for these tests
// from SLiMS's documented tables — on MyISAM, SLiMS's default, or
// InnoDB — and a small fixture library.
package slimstest
