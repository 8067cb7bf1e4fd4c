-- The kiosk's circulation counts for the library's numbers: one row per
-- loan, return or renewal done at this kiosk, with no patron and no copy.
-- Times are Unix seconds (UTC).
CREATE TABLE circulation (
    id    INTEGER PRIMARY KEY,
    at    INTEGER NOT NULL,
    kiosk TEXT NOT NULL DEFAULT '',
    op    TEXT NOT NULL CHECK (op IN ('checkout', 'checkin', 'renew'))
);
CREATE INDEX circulation_at ON circulation (at);
