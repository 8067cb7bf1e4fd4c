-- The makerspace: resources, their rules, closures, quotas, certificates
-- and bookings. Times are Unix seconds (UTC); days are 'YYYY-MM-DD' in the
-- library's zone; durations are minutes.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE resources (
    id                 TEXT PRIMARY KEY CHECK (id <> '' AND id NOT GLOB '*[^a-z0-9_-]*'),
    kind               TEXT NOT NULL CHECK (kind <> ''),
    name               TEXT NOT NULL CHECK (name <> ''),
    location           TEXT NOT NULL DEFAULT '',
    description        TEXT NOT NULL DEFAULT '',
    photo              TEXT NOT NULL DEFAULT '',
    out_of_service     INTEGER NOT NULL DEFAULT 0 CHECK (out_of_service IN (0, 1)),
    note               TEXT NOT NULL DEFAULT '',
    slot_min           INTEGER NOT NULL CHECK (slot_min >= 5),
    min_min            INTEGER NOT NULL CHECK (min_min >= slot_min AND min_min % slot_min = 0),
    max_min            INTEGER NOT NULL CHECK (max_min >= min_min AND max_min % slot_min = 0),
    buffer_min         INTEGER NOT NULL DEFAULT 0 CHECK (buffer_min >= 0),
    lead_min           INTEGER NOT NULL DEFAULT 0 CHECK (lead_min >= 0),
    advance_days       INTEGER NOT NULL CHECK (advance_days BETWEEN 0 AND 366),
    certification      TEXT NOT NULL DEFAULT '',
    min_age            INTEGER NOT NULL DEFAULT 0 CHECK (min_age BETWEEN 0 AND 120),
    cancel_before_min  INTEGER NOT NULL DEFAULT 0 CHECK (cancel_before_min >= 0),
    checkin_before_min INTEGER NOT NULL DEFAULT 15 CHECK (checkin_before_min >= 0),
    checkin_after_min  INTEGER NOT NULL DEFAULT 15 CHECK (checkin_after_min >= 0)
);

-- Opening periods per weekday (0 = Sunday), wall-clock minutes.
CREATE TABLE resource_hours (
    resource_id TEXT NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    weekday     INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    open_min    INTEGER NOT NULL CHECK (open_min >= 0),
    close_min   INTEGER NOT NULL CHECK (close_min > open_min AND close_min <= 1440),
    PRIMARY KEY (resource_id, weekday, open_min)
);

-- A closure with no resource closes the whole makerspace.
CREATE TABLE closures (
    id          INTEGER PRIMARY KEY,
    resource_id TEXT REFERENCES resources (id) ON DELETE CASCADE,
    first_day   TEXT NOT NULL CHECK (first_day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    last_day    TEXT NOT NULL CHECK (last_day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' AND last_day >= first_day),
    reason      TEXT NOT NULL DEFAULT ''
);

CREATE TABLE quotas (
    kind         TEXT PRIMARY KEY,
    per_day_min  INTEGER NOT NULL DEFAULT 0 CHECK (per_day_min >= 0),
    per_week_min INTEGER NOT NULL DEFAULT 0 CHECK (per_week_min >= 0)
);

CREATE TABLE certifications (
    patron  TEXT NOT NULL CHECK (patron <> ''),
    name    TEXT NOT NULL CHECK (name <> ''),
    expires INTEGER, -- NULL: never
    PRIMARY KEY (patron, name)
);

CREATE TABLE bookings (
    id            INTEGER PRIMARY KEY,
    code          TEXT NOT NULL UNIQUE CHECK (length(code) = 6),
    resource_id   TEXT NOT NULL REFERENCES resources (id),
    patron        TEXT NOT NULL CHECK (patron <> ''),
    category      TEXT NOT NULL DEFAULT '',
    start_at      INTEGER NOT NULL,
    end_at        INTEGER NOT NULL CHECK (end_at > start_at),
    block_end     INTEGER NOT NULL CHECK (block_end >= end_at),
    state         TEXT NOT NULL CHECK (state IN ('confirmed', 'checked_in', 'completed', 'cancelled', 'no_show')),
    created_at    INTEGER NOT NULL,
    checked_in_at INTEGER,
    closed_at     INTEGER,
    closed_by     TEXT NOT NULL DEFAULT '',
    kiosk         TEXT NOT NULL DEFAULT ''
);

-- Blocking bookings by resource and end of block: the overlap check and
-- the day views read only bookings that end after the time they look at.
CREATE INDEX bookings_blocking ON bookings (resource_id, block_end)
    WHERE state IN ('confirmed', 'checked_in', 'completed');
CREATE INDEX bookings_patron ON bookings (patron, start_at);
CREATE INDEX bookings_start ON bookings (start_at);
CREATE INDEX bookings_open ON bookings (start_at) WHERE state IN ('confirmed', 'checked_in');

-- No double booking, ever: a blocking booking may not overlap another
-- blocking booking of its resource, buffers included. The check lives in
-- the database so that no code path, tool or hand-written SQL can skip it.
CREATE TRIGGER bookings_no_overlap BEFORE INSERT ON bookings
WHEN NEW.state IN ('confirmed', 'checked_in', 'completed')
BEGIN
    SELECT RAISE(ABORT, 'booking overlap')
    WHERE EXISTS (
        SELECT 1 FROM bookings
        WHERE resource_id = NEW.resource_id
          AND state IN ('confirmed', 'checked_in', 'completed')
          AND block_end > NEW.start_at
          AND start_at < NEW.block_end
    );
END;

-- The block must cover the resource's buffer.
CREATE TRIGGER bookings_buffer BEFORE INSERT ON bookings
BEGIN
    SELECT RAISE(ABORT, 'booking buffer')
    WHERE NEW.block_end < NEW.end_at + 60 * (SELECT buffer_min FROM resources WHERE id = NEW.resource_id);
END;

-- Who, what and when never change; only the state moves.
CREATE TRIGGER bookings_immutable BEFORE UPDATE OF code, resource_id, patron, start_at, end_at, block_end ON bookings
WHEN NEW.code IS NOT OLD.code OR NEW.resource_id IS NOT OLD.resource_id OR NEW.patron IS NOT OLD.patron
  OR NEW.start_at IS NOT OLD.start_at OR NEW.end_at IS NOT OLD.end_at OR NEW.block_end IS NOT OLD.block_end
BEGIN
    SELECT RAISE(ABORT, 'booking immutable');
END;

-- The only transitions: confirmed → checked_in → completed; confirmed →
-- cancelled; confirmed → no_show.
CREATE TRIGGER bookings_transition BEFORE UPDATE OF state ON bookings
WHEN NEW.state IS NOT OLD.state AND NOT (
       (OLD.state = 'confirmed' AND NEW.state IN ('checked_in', 'cancelled', 'no_show'))
    OR (OLD.state = 'checked_in' AND NEW.state = 'completed'))
BEGIN
    SELECT RAISE(ABORT, 'booking transition');
END;
