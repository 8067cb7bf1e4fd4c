package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/anjungan/anjungan/booking"
)

// DemoResources is the demonstration makerspace.
func DemoResources() []booking.Resource {
	weekdays := func(open, close int) booking.Hours {
		d := []booking.Span{{Open: open * 60, Close: close * 60}}
		return booking.Hours{nil, d, d, d, d, d, d}
	}
	base := booking.DefaultRules()
	base.Hours = weekdays(8, 16)
	printer := base
	printer.Slot, printer.MinDuration, printer.MaxDuration = time.Hour, time.Hour, 4*time.Hour
	printer.Buffer = 15 * time.Minute // cool-down and bed cleaning
	laser := base
	laser.MaxDuration, laser.Buffer = 2*time.Hour, 15*time.Minute
	laser.Certification, laser.MinAge = "laser cutter safety", 16
	laser.LeadTime, laser.CancelBefore = time.Hour, time.Hour
	studio := base
	studio.Slot, studio.MinDuration, studio.MaxDuration, studio.Buffer = time.Hour, time.Hour, 3*time.Hour, 30*time.Minute
	studio.CancelBefore = 2 * time.Hour
	pc := base
	pc.MaxDuration = 3 * time.Hour
	room := base
	room.Hours = weekdays(8, 18)
	return []booking.Resource{
		{ID: "printer-1", Kind: booking.KindPrinter3D, Name: "Prusa MK4", Location: "Ruang Kreatif, lantai 2", Description: "PLA/PETG, 25×21×22 cm", Rules: printer},
		{ID: "printer-2", Kind: booking.KindPrinter3D, Name: "Bambu Lab P1S", Location: "Ruang Kreatif, lantai 2", Description: "PLA/PETG, 25×25×25 cm", Rules: printer},
		{ID: "laser-1", Kind: booking.KindLaser, Name: "Laser cutter 40W", Location: "Ruang Kreatif, lantai 2", Description: "Kayu, akrilik, kertas", Rules: laser},
		{ID: "sewing-1", Kind: booking.KindSewing, Name: "Mesin jahit Janome 1", Location: "Ruang Kreatif, lantai 2", Rules: base},
		{ID: "sewing-2", Kind: booking.KindSewing, Name: "Mesin jahit Janome 2", Location: "Ruang Kreatif, lantai 2", Rules: base},
		{ID: "studio", Kind: booking.KindStudio, Name: "Studio rekaman", Location: "Lantai 3", Description: "Audio dan video, kedap suara", Rules: studio},
		{ID: "pc-1", Kind: booking.KindDesignPC, Name: "PC desain 1", Location: "Ruang Kreatif, lantai 2", Description: "Blender, Inkscape, GIMP, Fusion", Rules: pc},
		{ID: "pc-2", Kind: booking.KindDesignPC, Name: "PC desain 2", Location: "Ruang Kreatif, lantai 2", Description: "Blender, Inkscape, GIMP, Fusion", Rules: pc},
		{ID: "room-1", Kind: booking.KindRoom, Name: "Ruang diskusi", Location: "Lantai 3", Description: "8 orang, layar TV", Rules: room},
	}
}

// SeedDemo fills an empty store with the demonstration makerspace: its
// resources, quotas of 4 h a day and 8 h a week on 3D printers and 2 h a
// day and 4 h a week on the laser cutter, at most 3 future bookings per
// patron, and the laser cutter certificate for the given cards. It does
// nothing when the store already has resources.
func (s *Store) SeedDemo(ctx context.Context, certified ...string) error {
	return s.write(ctx, "seed", func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM resources`).Scan(&n); err != nil || n > 0 {
			return err
		}
		for _, r := range DemoResources() {
			if err := putResource(ctx, tx, r); err != nil {
				return err
			}
		}
		for _, q := range []booking.Quota{
			{Kind: booking.KindPrinter3D, PerDay: 4 * time.Hour, PerWeek: 8 * time.Hour},
			{Kind: booking.KindLaser, PerDay: 2 * time.Hour, PerWeek: 4 * time.Hour},
		} {
			if _, err := tx.ExecContext(ctx, `INSERT INTO quotas (kind, per_day_min, per_week_min) VALUES (?, ?, ?)`,
				q.Kind, minutes(q.PerDay), minutes(q.PerWeek)); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('max_active', '3') ON CONFLICT (key) DO UPDATE SET value = excluded.value`); err != nil {
			return err
		}
		for _, card := range certified {
			if _, err := tx.ExecContext(ctx, `INSERT INTO certifications (patron, name) VALUES (?, 'laser cutter safety') ON CONFLICT (patron, name) DO NOTHING`, card); err != nil {
				return err
			}
		}
		return nil
	})
}
