package mqtt

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"time"
)

// rawConn is an MQTT 3.1.1 connection written by hand, for what paho will
// not do: end the connection abruptly, as a crashed client does, so that
// the broker fires its Last Will.
type rawConn struct {
	net.Conn
	code byte // the CONNACK's return code: 0 accepted, 5 not authorised
}

type rawWill struct{ topic, payload string }

// rawConnect sends CONNECT and reads the CONNACK; a refused connection
// is returned too, with its code.
func rawConnect(brokerURL, caFile, clientID, user, password string, will *rawWill) (*rawConn, error) {
	u, err := url.Parse(brokerURL)
	if err != nil {
		return nil, err
	}
	var c net.Conn
	if u.Scheme == "ssl" {
		pool := x509.NewCertPool()
		pem, err := os.ReadFile(caFile)
		if err != nil {
			return nil, err
		}
		pool.AppendCertsFromPEM(pem)
		c, err = tls.DialWithDialer(&net.Dialer{Timeout: 5 * time.Second}, "tcp", u.Host, &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12})
		if err != nil {
			return nil, err
		}
	} else if c, err = net.DialTimeout("tcp", u.Host, 5*time.Second); err != nil {
		return nil, err
	}
	str := func(b []byte, s string) []byte { return append(binary.BigEndian.AppendUint16(b, uint16(len(s))), s...) }
	flags := byte(0x02 | 0x80 | 0x40) // clean session, user name, password
	body := str(nil, "MQTT")
	payload := str(nil, clientID)
	if will != nil {
		flags |= 0x04 | 0x08 | 0x20 // will, QoS 1, retained
		payload = str(str(payload, will.topic), will.payload)
	}
	payload = str(str(payload, user), password)
	body = append(body, 4, flags, 0, 30) // level 4, keepalive 30 s
	body = append(body, payload...)
	pkt := []byte{0x10}
	for n := len(body); ; {
		b := byte(n % 128)
		if n /= 128; n > 0 {
			b |= 0x80
		}
		pkt = append(pkt, b)
		if n == 0 {
			break
		}
	}
	c.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := c.Write(append(pkt, body...)); err != nil {
		c.Close()
		return nil, err
	}
	ack := make([]byte, 4)
	if _, err := io.ReadFull(c, ack); err != nil {
		c.Close()
		return nil, fmt.Errorf("no CONNACK: %w", err)
	}
	if ack[0] != 0x20 || ack[1] != 2 {
		c.Close()
		return nil, fmt.Errorf("not a CONNACK: % x", ack)
	}
	c.SetDeadline(time.Time{})
	return &rawConn{Conn: c, code: ack[3]}, nil
}

// crash ends the connection without DISCONNECT, as a dead client's does.
func (r *rawConn) crash() {
	if tc, ok := r.Conn.(*net.TCPConn); ok {
		tc.SetLinger(0) // a reset, not a goodbye
	}
	r.Close()
}
