package mqtt

import (
	"strings"

	paho "github.com/eclipse/paho.mqtt.golang"
	"github.com/eclipse/paho.mqtt.golang/packets"
)

// noResendStore is paho's memory store minus outbound publishes. After a
// reconnection paho resends the publishes it stored, and in doing so sets
// their DUP flag while the previous connection's writer may still be
// serialising the same packet: a data race in paho
// (eclipse-paho/paho.mqtt.golang#703, seen here under -race when the broker
// restarts). Nothing is lost by not resending: the state is published in
// full after every reconnection, and events and replies are best effort.
type noResendStore struct{ paho.Store }

func newStore() paho.Store { return noResendStore{paho.NewMemoryStore()} }

func (s noResendStore) Put(key string, m packets.ControlPacket) {
	if _, pub := m.(*packets.PublishPacket); pub && strings.HasPrefix(key, "o.") {
		return
	}
	s.Store.Put(key, m)
}
