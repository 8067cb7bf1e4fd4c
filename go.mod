module github.com/anjungan/anjungan

go 1.26.0

require (
	github.com/mattn/go-sqlite3 v1.14.53
	golang.org/x/crypto v0.58.0
)
