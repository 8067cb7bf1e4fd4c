package libconf

import (
	"strings"
	"testing"
)

// TestProblems: each bad value of [sip2] and [slims] is named by its key.
func TestProblems(t *testing.T) {
	for _, c := range []struct {
		name string
		got  []Problem
		key  string
	}{
		{"sip2 address", func() []Problem { q := DefaultSIP2(); q.Address = "perpus"; return q.Problems() }(), "sip2.address"},
		{"sip2 charset", func() []Problem { q := DefaultSIP2(); q.Address, q.Charset = "a:1", "ebcdic"; return q.Problems() }(), "sip2.charset"},
		{"sip2 resends", func() []Problem { q := DefaultSIP2(); q.Address, q.Resends = "a:1", 11; return q.Problems() }(), "sip2"},
		{"slims user", func() []Problem { s := DefaultSLiMS(); s.User = ""; return s.Problems() }(), "slims.user"},
		{"slims port", func() []Problem { s := DefaultSLiMS(); s.Port = 0; return s.Problems() }(), "slims.port"},
		{"slims uid", func() []Problem { s := DefaultSLiMS(); s.UID = 0; return s.Problems() }(), "slims.uid"},
		{"slims login", func() []Problem { s := DefaultSLiMS(); s.Login = "face"; return s.Problems() }(), "slims.login"},
		{"slims ca without tls", func() []Problem { s := DefaultSLiMS(); s.CAFile = "/ca.pem"; return s.Problems() }(), "slims.ca_file"},
	} {
		found := false
		for _, p := range c.got {
			found = found || p.Key == c.key
		}
		if !found {
			t.Errorf("%s: %v, want a problem with key %s", c.name, c.got, c.key)
		}
	}
	good := DefaultSIP2()
	good.Address = "koha.lan:6001"
	if p := good.Problems(); len(p) != 0 {
		t.Errorf("a good [sip2]: %v", p)
	}
	if p := DefaultSLiMS().Problems(); len(p) != 0 {
		t.Errorf("the default [slims]: %v", p)
	}
	c, err := good.Client(nil, nil, nil)
	if err != nil || c.Addr != "koha.lan:6001" || !c.Options.ErrorDetection {
		t.Fatalf("client %+v %v", c, err)
	}
	m, err := DefaultSLiMS().Conn().MySQL()
	if err != nil || !strings.HasSuffix(m.Addr, ":3306") || m.DBName != "slims" {
		t.Fatalf("slims %+v %v", m, err)
	}
}
