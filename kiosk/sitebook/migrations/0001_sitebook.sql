-- A site's numbers, copied from each kiosk's guest book: (kiosk, id) is
-- the kiosk's own row. Times are Unix seconds (UTC). No names, no cards.
CREATE TABLE site_visits (
    kiosk      TEXT NOT NULL,
    id         BIGINT NOT NULL,
    at         BIGINT NOT NULL,
    member     BOOLEAN NOT NULL,
    gender     TEXT NOT NULL DEFAULT '',
    age_group  TEXT NOT NULL DEFAULT '',
    education  TEXT NOT NULL DEFAULT '',
    occupation TEXT NOT NULL DEFAULT '',
    purpose    TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (kiosk, id)
);
CREATE INDEX site_visits_at ON site_visits (at);

CREATE TABLE site_ratings (
    kiosk   TEXT NOT NULL,
    id      BIGINT NOT NULL,
    at      BIGINT NOT NULL,
    score   INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    comment TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (kiosk, id)
);
CREATE INDEX site_ratings_at ON site_ratings (at);

CREATE TABLE site_circulation (
    kiosk TEXT NOT NULL,
    id    BIGINT NOT NULL,
    at    BIGINT NOT NULL,
    op    TEXT NOT NULL CHECK (op IN ('checkout', 'checkin', 'renew')),
    PRIMARY KEY (kiosk, id)
);
CREATE INDEX site_circulation_at ON site_circulation (at);

CREATE TABLE site_skm (
    kiosk      TEXT NOT NULL,
    id         BIGINT NOT NULL,
    at         BIGINT NOT NULL,
    u1         SMALLINT NOT NULL CHECK (u1 BETWEEN 0 AND 4),
    u2         SMALLINT NOT NULL CHECK (u2 BETWEEN 0 AND 4),
    u3         SMALLINT NOT NULL CHECK (u3 BETWEEN 0 AND 4),
    u4         SMALLINT NOT NULL CHECK (u4 BETWEEN 0 AND 4),
    u5         SMALLINT NOT NULL CHECK (u5 BETWEEN 0 AND 4),
    u6         SMALLINT NOT NULL CHECK (u6 BETWEEN 0 AND 4),
    u7         SMALLINT NOT NULL CHECK (u7 BETWEEN 0 AND 4),
    u8         SMALLINT NOT NULL CHECK (u8 BETWEEN 0 AND 4),
    u9         SMALLINT NOT NULL CHECK (u9 BETWEEN 0 AND 4),
    gender     TEXT NOT NULL DEFAULT '',
    age        INTEGER NOT NULL DEFAULT 0 CHECK (age BETWEEN 0 AND 120),
    education  TEXT NOT NULL DEFAULT '',
    occupation TEXT NOT NULL DEFAULT '',
    service    TEXT NOT NULL DEFAULT '',
    comment    TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (kiosk, id)
);
CREATE INDEX site_skm_at ON site_skm (at);
