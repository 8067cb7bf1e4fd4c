-- IF NOT EXISTS: queue files made before migrations were recorded have it.
CREATE TABLE IF NOT EXISTS queue (
	id       INTEGER PRIMARY KEY,
	kind     TEXT NOT NULL CHECK (kind IN ('checkout', 'checkin')),
	card     TEXT NOT NULL DEFAULT '',
	barcode  TEXT NOT NULL CHECK (barcode <> ''),
	at       INTEGER NOT NULL,
	due      INTEGER NOT NULL DEFAULT 0,
	state    TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'refused', 'resolved')),
	attempts INTEGER NOT NULL DEFAULT 0,
	result   TEXT NOT NULL DEFAULT '',
	done_at  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS queue_pending ON queue (id) WHERE state = 'pending';
