-- The embedded library: catalogue, patrons, rules and circulation.
-- Times are Unix seconds (UTC); days are 'YYYY-MM-DD' in the library's zone.

CREATE TABLE patron_categories (
    code             TEXT PRIMARY KEY,
    name             TEXT NOT NULL,
    max_items        INTEGER NOT NULL CHECK (max_items >= 0),
    fine_limit       INTEGER NOT NULL DEFAULT 0 CHECK (fine_limit >= 0), -- block when unpaid fines exceed it; 0 = never
    block_on_overdue INTEGER NOT NULL DEFAULT 1 CHECK (block_on_overdue IN (0, 1))
);

CREATE TABLE item_types (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL
);

-- One row per (patron category, item type); '*' matches any.
CREATE TABLE loan_rules (
    category     TEXT NOT NULL,
    item_type    TEXT NOT NULL,
    loan_days    INTEGER NOT NULL CHECK (loan_days >= 0),
    max_renewals INTEGER NOT NULL CHECK (max_renewals >= 0),
    fine_per_day INTEGER NOT NULL DEFAULT 0 CHECK (fine_per_day >= 0),
    fine_max     INTEGER NOT NULL DEFAULT 0 CHECK (fine_max >= 0), -- cap per loan; 0 = no cap
    PRIMARY KEY (category, item_type)
);

-- Weekdays the library opens (0 = Sunday); a missing weekday is closed.
CREATE TABLE opening_hours (
    weekday INTEGER PRIMARY KEY CHECK (weekday BETWEEN 0 AND 6),
    opens   TEXT NOT NULL CHECK (opens GLOB '[0-2][0-9]:[0-5][0-9]'),
    closes  TEXT NOT NULL CHECK (closes GLOB '[0-2][0-9]:[0-5][0-9]' AND closes > opens)
);

CREATE TABLE closed_days (
    day    TEXT PRIMARY KEY CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    reason TEXT NOT NULL DEFAULT ''
);

CREATE TABLE titles (
    id        INTEGER PRIMARY KEY,
    title     TEXT NOT NULL CHECK (title <> ''),
    author    TEXT NOT NULL DEFAULT '',
    isbn      TEXT NOT NULL DEFAULT '',
    publisher TEXT NOT NULL DEFAULT '',
    year      INTEGER,
    language  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX titles_isbn ON titles (isbn) WHERE isbn <> '';
CREATE INDEX titles_title_author ON titles (title, author);

CREATE TABLE items (
    id          INTEGER PRIMARY KEY,
    barcode     TEXT NOT NULL UNIQUE CHECK (barcode <> ''),
    title_id    INTEGER NOT NULL REFERENCES titles (id),
    item_type   TEXT NOT NULL REFERENCES item_types (code),
    call_number TEXT NOT NULL DEFAULT '',
    location    TEXT NOT NULL DEFAULT '',
    loanable    INTEGER NOT NULL DEFAULT 1 CHECK (loanable IN (0, 1))
);
CREATE INDEX items_title ON items (title_id);

CREATE TABLE patrons (
    id           INTEGER PRIMARY KEY,
    card         TEXT NOT NULL UNIQUE CHECK (card <> ''),
    name         TEXT NOT NULL CHECK (name <> ''),
    category     TEXT NOT NULL REFERENCES patron_categories (code),
    expires      TEXT NOT NULL CHECK (expires GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    status       TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'blocked')),
    block_reason TEXT NOT NULL DEFAULT '',
    pin_hash     TEXT NOT NULL DEFAULT '' -- bcrypt; '' = no PIN set
);

CREATE TABLE loans (
    id          INTEGER PRIMARY KEY,
    item_id     INTEGER NOT NULL REFERENCES items (id),
    patron_id   INTEGER NOT NULL REFERENCES patrons (id),
    issued_at   INTEGER NOT NULL,
    due_at      INTEGER NOT NULL CHECK (due_at > issued_at),
    renewals    INTEGER NOT NULL DEFAULT 0 CHECK (renewals >= 0),
    returned_at INTEGER,
    kiosk       TEXT NOT NULL DEFAULT ''
);
-- An item is on loan at most once: the database itself refuses a second open loan.
CREATE UNIQUE INDEX loans_open_item ON loans (item_id) WHERE returned_at IS NULL;
CREATE INDEX loans_open_patron ON loans (patron_id, due_at) WHERE returned_at IS NULL;

CREATE TABLE fines (
    id          INTEGER PRIMARY KEY,
    patron_id   INTEGER NOT NULL REFERENCES patrons (id),
    loan_id     INTEGER REFERENCES loans (id),
    amount      INTEGER NOT NULL CHECK (amount > 0),
    description TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    paid_at     INTEGER
);
CREATE INDEX fines_unpaid ON fines (patron_id) WHERE paid_at IS NULL;

CREATE TABLE holds (
    id        INTEGER PRIMARY KEY,
    title_id  INTEGER NOT NULL REFERENCES titles (id),
    patron_id INTEGER NOT NULL REFERENCES patrons (id),
    item_id   INTEGER REFERENCES items (id), -- set when a copy is put aside
    placed_at INTEGER NOT NULL,
    status    TEXT NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'ready', 'filled', 'cancelled'))
);
CREATE INDEX holds_active ON holds (title_id, status) WHERE status IN ('waiting', 'ready');
