// Package broker is an embedded MQTT broker for a small site with no
// broker of its own (`kioskctl broker`, `kioskmon -broker :1883`). It
// applies the same rules as the shipped Mosquitto configuration: every
// client logs in with a user name and password from a users file; a kiosk
// (user name = kiosk id, which must also be its client id) may write only
// its own availability, state, events and replies, and read only its own
// commands and desired state; staff users read and write everything.
//
// It wraps github.com/mochi-mqtt/server/v2 behind this package's small
// API, so the implementation can change; Mosquitto stays the documented
// production choice, and a clustered broker (EMQX) beyond one site.
package broker
