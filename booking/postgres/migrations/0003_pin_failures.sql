-- Wrong PINs per card, shared by the library's kiosks and the patrons'
-- web pages: five wrong PINs on a phone lock the card at the kiosks too.
CREATE TABLE pin_failures (
    card         TEXT PRIMARY KEY CHECK (card <> ''),
    failures     INTEGER NOT NULL CHECK (failures >= 0),
    last_at      BIGINT NOT NULL,
    locked_until BIGINT NOT NULL DEFAULT 0
);
