-- Visitor passes for events: a guest who scans the pass the library
-- handed out is counted once a library day per pass ('<event>#<number>').
ALTER TABLE visits ADD COLUMN pass TEXT NOT NULL DEFAULT '';
CREATE INDEX visits_pass_day ON visits (pass, day) WHERE pass <> '';
