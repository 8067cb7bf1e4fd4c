module github.com/anjungan/anjungan

go 1.26.0

require (
	github.com/creack/pty v1.1.24
	github.com/mattn/go-sqlite3 v1.14.53
	go.bug.st/serial v1.8.0
	golang.org/x/crypto v0.58.0
	golang.org/x/text v0.43.0
)

require golang.org/x/sys v0.49.0 // indirect
