-- Kiosk PINs for [slims] login = "pin": Anjungan's own table in SLiMS's
-- database, never one of SLiMS's. A PIN is kept as a bcrypt hash.
CREATE TABLE IF NOT EXISTS anjungan_pin (
  member_id VARCHAR(20) NOT NULL,
  pin_hash VARCHAR(100) NOT NULL,
  updated_at DATETIME NOT NULL,
  PRIMARY KEY (member_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8 COLLATE=utf8_unicode_ci
