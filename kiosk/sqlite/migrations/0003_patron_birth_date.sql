-- A patron's date of birth, for age rules (the makerspace's laser cutter
-- is for 16 and over). '' = unknown.
ALTER TABLE patrons ADD COLUMN birth_date TEXT NOT NULL DEFAULT ''
    CHECK (birth_date = '' OR birth_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]');
