package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/anjungan/anjungan/devices/mqtt"
	"github.com/anjungan/anjungan/devices/mqtt/mqttsim"
)

// simulateCmd runs simulated kiosks against a broker until interrupted:
// for trying a broker and the staff monitor at fleet size. Every kiosk
// logs in with the same user (-user, -password), a staff user, on the
// staff listener (the shipped Mosquitto's 8884 or 1883, or the embedded
// broker): staff may write kiosk topics, and there each simulated kiosk
// keeps its own client id, its kiosk id.
func simulateCmd(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("simulate", flag.ContinueOnError)
	var b brokerFlags
	b.register(fs)
	n := fs.Int("kiosks", 100, "how many kiosks")
	rate := fs.Float64("rate", 0.2, "state changes per kiosk per second")
	site := fs.String("sim-site", "sim", "their site")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *n < 1 || *n > 10000 {
		return fmt.Errorf("-kiosks %d: want 1 to 10000", *n)
	}
	sim := &mqttsim.Simulator{
		Broker: mqtt.Broker{URL: b.url, Username: b.user, Password: b.password, CAFile: b.ca, CertFile: b.cert, KeyFile: b.key},
		Site:   *site, Kiosks: *n, Rate: *rate,
	}
	start := time.Now()
	return sim.Run(ctx, func() {
		fmt.Fprintf(out, "%d kiosks connected in %v, %.1f changes/s each (Ctrl-C to stop)\n", *n, time.Since(start).Round(time.Millisecond), *rate)
	})
}
