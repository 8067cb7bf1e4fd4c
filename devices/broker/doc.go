// Package broker is an embedded MQTT broker for a small site with no
// broker of its own (`kioskctl broker`, `kioskmon -broker :1883`), and the
// rules it shares with the shipped Mosquitto configuration: every client
// logs in with a user name and password from a users file (Mosquitto's
// password_file format); a kiosk (user name = kiosk id, which must also be
// its client id) may write only its own availability, state, events and
// replies under its own site, and read only its own commands and desired
// state; staff users read and write everything, each tool with its own
// client id, never a kiosk's. Rules.WriteMosquittoACL writes the same
// rules as a Mosquitto acl_file (`kioskctl broker acl`).
//
// It wraps github.com/mochi-mqtt/server/v2 behind this package's small
// API, so the implementation can change; Mosquitto stays the documented
// production choice, and a clustered broker (EMQX) beyond one site.
package broker
