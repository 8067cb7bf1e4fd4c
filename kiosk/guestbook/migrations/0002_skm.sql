-- SKM answers (Peraturan Menteri PANRB 14/2017): a score of 1 to 4 for
-- each of the nine elements (0: not answered), the respondent's profile
-- as the regulation's questionnaire asks it, and a comment.
CREATE TABLE skm_responses (
    id         INTEGER PRIMARY KEY,
    at         INTEGER NOT NULL,
    kiosk      TEXT NOT NULL DEFAULT '',
    u1 INTEGER NOT NULL CHECK (u1 BETWEEN 0 AND 4),
    u2 INTEGER NOT NULL CHECK (u2 BETWEEN 0 AND 4),
    u3 INTEGER NOT NULL CHECK (u3 BETWEEN 0 AND 4),
    u4 INTEGER NOT NULL CHECK (u4 BETWEEN 0 AND 4),
    u5 INTEGER NOT NULL CHECK (u5 BETWEEN 0 AND 4),
    u6 INTEGER NOT NULL CHECK (u6 BETWEEN 0 AND 4),
    u7 INTEGER NOT NULL CHECK (u7 BETWEEN 0 AND 4),
    u8 INTEGER NOT NULL CHECK (u8 BETWEEN 0 AND 4),
    u9 INTEGER NOT NULL CHECK (u9 BETWEEN 0 AND 4),
    gender     TEXT NOT NULL DEFAULT '',
    age        INTEGER NOT NULL DEFAULT 0,
    education  TEXT NOT NULL DEFAULT '',
    occupation TEXT NOT NULL DEFAULT '',
    service    TEXT NOT NULL DEFAULT '',
    comment    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX skm_at ON skm_responses (at);
