// Package mqtt reports kiosks to staff over MQTT (paho, MQTT 3.1.1) and
// carries staff commands back.
//
// Topics, under a prefix (anjungan) and the site:
//
//	anjungan/<site>/kiosk/<id>/availability  "online" / "offline" (retained; offline is the Last Will)
//	anjungan/<site>/kiosk/<id>/state         kiosk.Status JSON (retained; on change and every minute)
//	anjungan/<site>/kiosk/<id>/event         kiosk.Event JSON (not retained)
//	anjungan/<site>/kiosk/<id>/cmd           kiosk.Command JSON, signed by staff
//	anjungan/<site>/kiosk/<id>/reply         kiosk.Reply JSON
//	anjungan/<site>/kiosk/<id>/desired       kiosk.Desired JSON, signed, retained by staff tools
//
// The Reporter is the kiosk's side: one client per kiosk whose client id
// and user name are the kiosk id, so a broker ACL can confine each kiosk
// to its own topics and no other client can take its session or its Last
// Will (the shipped Mosquitto configuration and the embedded broker both
// insist). It follows paho's advice: subscriptions are made in
// the OnConnect handler, handlers never block (messages go to a worker the
// Reporter owns), order does not matter, the client reconnects by itself,
// and every wait on a token is bounded. The kiosk serves patrons whether
// or not the broker is there, and republishes its whole state whenever it
// connects again.
//
// Monitor and Commander are the staff side: the fleet's live model from
// the same topics, and signed commands with their replies.
package mqtt
