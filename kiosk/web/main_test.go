package web

import (
	"testing"

	"github.com/anjungan/anjungan/booking/postgres/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }
