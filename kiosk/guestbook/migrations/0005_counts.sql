-- A report's working copy of a site's shared store holds counts, not
-- single rows: a row stands for n visits (or circulations) of its
-- quarter hour alike. A kiosk's own rows are one each.
ALTER TABLE visits ADD COLUMN n INTEGER NOT NULL DEFAULT 1;
ALTER TABLE circulation ADD COLUMN n INTEGER NOT NULL DEFAULT 1;
