package mqtt

import (
	"encoding/json"

	paho "github.com/eclipse/paho.mqtt.golang"
)

// publishDiscovery announces the kiosk to Home Assistant (MQTT discovery):
// read-only sensors for availability, mode, scanner and printer health and
// today's counters, all read from the state topic.
func (r *Reporter) publishDiscovery(c paho.Client) {
	id := "anjungan_" + r.Topics.Kiosk
	device := map[string]any{"identifiers": []string{id}, "name": "Anjungan " + r.Topics.Kiosk, "manufacturer": "Anjungan", "model": "Self-service kiosk"}
	avail := []map[string]string{{"topic": r.Topics.Availability()}}
	sensor := func(component, object, name, tmpl string, extra map[string]any) {
		cfg := map[string]any{
			"name": name, "unique_id": id + "_" + object, "object_id": id + "_" + object,
			"state_topic": r.Topics.State(), "value_template": tmpl, "availability": avail, "device": device,
		}
		if component == "binary_sensor" && object == "online" {
			delete(cfg, "availability")
			cfg["state_topic"] = r.Topics.Availability()
			delete(cfg, "value_template")
		}
		for k, v := range extra {
			cfg[k] = v
		}
		b, _ := json.Marshal(cfg)
		c.Publish("homeassistant/"+component+"/"+id+"/"+object+"/config", 1, true, b)
	}
	sensor("binary_sensor", "online", "Online", "", map[string]any{"device_class": "connectivity", "payload_on": Online, "payload_off": Offline})
	sensor("sensor", "mode", "Mode", "{{ value_json.mode }}", nil)
	sensor("binary_sensor", "scanners", "Scanner problem", `{{ 'ON' if value_json.devices | selectattr('kind','eq','scanner') | rejectattr('connected') | list | count > 0 else 'OFF' }}`,
		map[string]any{"device_class": "problem"})
	sensor("binary_sensor", "printer", "Printer problem", `{{ 'ON' if value_json.devices | selectattr('kind','eq','printer') | rejectattr('connected') | list | count > 0 or value_json.devices | selectattr('paper','eq','out') | list | count > 0 else 'OFF' }}`,
		map[string]any{"device_class": "problem"})
	for _, n := range []struct{ key, name string }{{"loans", "Loans today"}, {"returns", "Returns today"}, {"renewals", "Renewals today"}, {"bookings", "Bookings today"}, {"errors", "Errors today"},
		{"visits", "Visits today"}, {"guests", "Guests today"}, {"ratings", "Ratings today"}} {
		sensor("sensor", n.key, n.name, "{{ value_json.counters."+n.key+" }}", map[string]any{"state_class": "total_increasing"})
	}
}
