// Package machine collects makerspace machines' state from the sources
// makerspaces have, and normalises it to kiosk.MachineState (idle, busy
// with progress and estimated finish, paused, error, offline):
//
//   - OctoPrint with its MQTT plugin (octoPrint/event/…, octoPrint/progress/printing,
//     will on octoPrint/mqtt);
//   - Klipper through Moonraker's MQTT ({instance}/klipper/status with
//     print_stats and virtual_sdcard, {instance}/moonraker/status);
//   - Bambu Lab printers' own MQTT broker (TLS on 8883, user bblp, the access
//     code; device/<serial>/report, and a pushall request for a full report);
//   - a Marlin printer on a serial port, polled with M105, M27 and M115.
//
// Each source is a parser (a pure function of topic and payload, or of a
// serial reply) and a small runner that feeds it. Parsers refuse what they
// do not understand, with an error, and keep the last good state.
package machine
