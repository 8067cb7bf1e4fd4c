-- Wrong PINs per card, shared by whatever opens this makerspace (the
-- kiosk, the patrons' web pages): a card locked on one is locked on all.
CREATE TABLE pin_failures (
    card         TEXT PRIMARY KEY CHECK (card <> ''),
    failures     INTEGER NOT NULL CHECK (failures >= 0),
    last_at      INTEGER NOT NULL,
    locked_until INTEGER NOT NULL DEFAULT 0
);
