-- The guest book: visits (a member by card, a guest by the fields the
-- library asks for; a guest's name and origin are emptied after the
-- library's retention, the rest stays for the counts) and ratings. Times are Unix seconds (UTC);
-- day is the library day 'YYYY-MM-DD', for counting a member once a day.
CREATE TABLE visits (
    id          INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    day         TEXT NOT NULL,
    kiosk       TEXT NOT NULL DEFAULT '',
    card        TEXT NOT NULL DEFAULT '',
    name        TEXT NOT NULL DEFAULT '',
    origin      TEXT NOT NULL DEFAULT '',
    gender      TEXT NOT NULL DEFAULT '',
    age_group   TEXT NOT NULL DEFAULT '',
    education   TEXT NOT NULL DEFAULT '',
    occupation  TEXT NOT NULL DEFAULT '',
    purpose     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX visits_at ON visits (at);
CREATE INDEX visits_member_day ON visits (card, day) WHERE card <> '';

CREATE TABLE ratings (
    id      INTEGER PRIMARY KEY,
    at      INTEGER NOT NULL,
    kiosk   TEXT NOT NULL DEFAULT '',
    score   INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    comment TEXT NOT NULL DEFAULT ''
);
CREATE INDEX ratings_at ON ratings (at);
