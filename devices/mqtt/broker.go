package mqtt

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"time"

	paho "github.com/eclipse/paho.mqtt.golang"
)

// Broker is how to reach the broker.
type Broker struct {
	// URL is tcp://host:1883, ssl://host:8883 (also mqtts://, tls://)
	// or ws://host:9001/mqtt (wss:// with TLS).
	URL      string
	Username string
	Password string
	// CAFile verifies the broker's certificate (system roots when empty);
	// CertFile and KeyFile are this client's certificate, when the
	// broker asks for one.
	CAFile, CertFile, KeyFile string
	// Keepalive is how long a kiosk may say nothing before the broker
	// gives it up and its Last Will says "offline": a hung kiosk is
	// offline within 1.5 × Keepalive (30s when zero). See brokerKeepalive.
	Keepalive time.Duration
}

// Reconnection after the broker went away: paho's backoff doubles from a
// second up to this, so a kiosk is back within it (and the jitter, and
// the connection itself) of the broker's return, however long it was
// gone. With 1,000 kiosks that is a few hundred connections a second,
// which Mosquitto takes in its stride; the jitter spreads them.
const (
	maxReconnectInterval = 3 * time.Second
	reconnectJitter      = 500 * time.Millisecond
)

// Validate checks the settings; errors name the setting.
func (b Broker) Validate() error {
	u, err := url.Parse(b.URL)
	if err != nil || u.Host == "" {
		return fmt.Errorf("broker url %q: want tcp://host:1883, ssl://host:8883 or ws://host:9001/mqtt", b.URL)
	}
	switch u.Scheme {
	case "tcp", "mqtt", "ssl", "tls", "mqtts", "ws", "wss":
	default:
		return fmt.Errorf("broker url %q: scheme %q: want tcp, ssl or ws", b.URL, u.Scheme)
	}
	if (b.CertFile == "") != (b.KeyFile == "") {
		return errors.New("broker cert_file and key_file go together")
	}
	if b.Keepalive < 0 || (b.Keepalive > 0 && b.Keepalive < time.Second) {
		return fmt.Errorf("broker keepalive %v: want at least 1s", b.Keepalive)
	}
	return nil
}

func (b Broker) keepalive() time.Duration {
	if b.Keepalive <= 0 {
		return 30 * time.Second
	}
	return b.Keepalive
}

// brokerKeepalive is the keep-alive the client asks the broker for: half
// of Keepalive (at least 2s, or Keepalive when shorter). The broker should
// give a silent client up after 1.5 × its keep-alive, but Mosquitto 2.0
// checks only every few seconds: measured on 2.0.11, a frozen client went
// offline up to 6s after that (a kiosk with keepalive 10s was offline
// 17.9s after SIGSTOP, 45.9s with 30s). Half leaves room for that, and
// paho pings at most 1.25 × the keep-alive apart, well within it.
func (b Broker) brokerKeepalive() time.Duration {
	k := b.keepalive()
	return max((k / 2).Truncate(time.Second), min(k, 2*time.Second))
}

// options are the paho options every Anjungan client shares.
func (b Broker) options(clientID string) (*paho.ClientOptions, error) {
	if err := b.Validate(); err != nil {
		return nil, err
	}
	o := paho.NewClientOptions()
	o.AddBroker(b.URL)
	o.SetClientID(clientID)
	o.SetUsername(b.Username)
	o.SetPassword(b.Password)
	o.SetKeepAlive(b.brokerKeepalive())
	o.SetPingTimeout(10 * time.Second)
	o.SetConnectTimeout(10 * time.Second)
	o.SetWriteTimeout(10 * time.Second)
	o.SetAutoReconnect(true)
	o.SetConnectRetry(true)
	o.SetConnectRetryInterval(2 * time.Second)
	o.SetMaxReconnectInterval(maxReconnectInterval)
	o.SetReconnectingHandler(func(paho.Client, *paho.ClientOptions) {
		// Runs on paho's reconnection goroutine before each attempt.
		time.Sleep(rand.N(reconnectJitter))
	})
	o.SetOrderMatters(false)
	o.SetCleanSession(true)
	o.SetStore(newStore())
	if b.CAFile != "" || b.CertFile != "" {
		tc := &tls.Config{MinVersion: tls.VersionTLS12}
		if b.CAFile != "" {
			pem, err := os.ReadFile(b.CAFile)
			if err != nil {
				return nil, fmt.Errorf("broker ca_file: %w", err)
			}
			pool := x509.NewCertPool()
			if !pool.AppendCertsFromPEM(pem) {
				return nil, fmt.Errorf("broker ca_file %s: no PEM certificates", b.CAFile)
			}
			tc.RootCAs = pool
		}
		if b.CertFile != "" {
			cert, err := tls.LoadX509KeyPair(b.CertFile, b.KeyFile)
			if err != nil {
				return nil, fmt.Errorf("broker cert_file/key_file: %w", err)
			}
			tc.Certificates = []tls.Certificate{cert}
		}
		o.SetTLSConfig(tc)
	}
	return o, nil
}

// newClient makes a paho client; tests use it too.
func newClient(o *paho.ClientOptions) paho.Client { return paho.NewClient(o) }

// wait waits for a token at most d and returns its error, or a timeout.
func wait(t paho.Token, d time.Duration) error {
	if !t.WaitTimeout(d) {
		return fmt.Errorf("mqtt: no answer from the broker within %v", d)
	}
	return t.Error()
}
