-- A small SLiMS library for Anjungan's tests, written for them. The
-- tests' day is Tuesday 1 December 2026 (Asia/Jakarta).
INSERT INTO setting (setting_name, setting_value) VALUES
  ('ignore_holidays_fine_calc', 'b:0;'),
  ('default_lang', 's:5:"id_ID";'),
  ('library_name', 's:25:"Perpustakaan Kota Senayan";');

-- Umum: 3 loans of 7 days, 1 renewal, Rp500 a day, 2 days' grace.
-- Pelajar: 2 loans of 14 days, 2 renewals, Rp200 a day, no grace.
INSERT INTO mst_member_type (member_type_id, member_type_name, loan_limit, loan_periode, enable_reserve, reserve_limit,
  member_periode, reborrow_limit, fine_each_day, grace_periode, input_date, last_update) VALUES
  (1, 'Umum', 3, 7, 1, 2, 365, 1, 500, 2, '2020-01-01', '2020-01-01'),
  (2, 'Pelajar', 2, 14, 1, 1, 365, 2, 200, 0, '2020-01-01', '2020-01-01');

INSERT INTO mst_coll_type (coll_type_id, coll_type_name, input_date, last_update) VALUES
  (1, 'Umum', '2020-01-01', '2020-01-01'), (2, 'Referensi', '2020-01-01', '2020-01-01'), (3, 'Fiksi', '2020-01-01', '2020-01-01');
INSERT INTO mst_gmd (gmd_id, gmd_code, gmd_name, input_date, last_update) VALUES
  (1, 'TE', 'Text', '2020-01-01', '2020-01-01'), (2, 'VD', 'Video Disc', '2020-01-01', '2020-01-01');
INSERT INTO mst_item_status (item_status_id, item_status_name, no_loan, input_date, last_update) VALUES
  ('R', 'Perbaikan', 1, '2020-01-01', '2020-01-01'), ('NL', 'Tidak Dipinjamkan', 1, '2020-01-01', '2020-01-01'),
  ('MIS', 'Hilang', 1, '2020-01-01', '2020-01-01'), ('PJ', 'Pajangan Baru', 0, '2020-01-01', '2020-01-01');
INSERT INTO mst_location (location_id, location_name, input_date, last_update) VALUES
  ('UTM', 'Ruang Baca Utama', '2020-01-01', '2020-01-01'), ('ANK', 'Ruang Anak', '2020-01-01', '2020-01-01');
INSERT INTO mst_language (language_id, language_name) VALUES ('id', 'Indonesia'), ('en', 'English');

-- Rules: Umum borrowing fiction on paper: 2 at a time, 5 days, no
-- renewal, Rp1000 a day, no grace. Pelajar borrowing video: 1 at a time,
-- 3 days, Rp2000 a day, 1 day's grace.
INSERT INTO mst_loan_rules (loan_rules_id, member_type_id, coll_type_id, gmd_id, loan_limit, loan_periode, reborrow_limit,
  fine_each_day, grace_periode, input_date, last_update) VALUES
  (1, 1, 3, 1, 2, 5, 0, 1000, 0, '2020-01-01', '2020-01-01'),
  (2, 2, 1, 2, 1, 3, 1, 2000, 1, '2020-01-01', '2020-01-01');

-- Members. Passwords: Siti "Rahasia-9" (bcrypt as PHP writes it, $2y$),
-- Budi "1234" (a legacy MD5 value), Putri "654321", Dewi "kucing";
-- Joko has none. Andi expired yesterday, Dewi expires today, Rina is
-- pending, Budi's card runs out on 10 December.
INSERT INTO member (member_id, member_name, member_type_id, member_email, inst_name, register_date, expire_date,
  is_pending, mpasswd, input_date, last_update) VALUES
  ('M0001', 'Siti Rahmawati', 1, 'siti@example.org', 'SMA Negeri 1', '2025-01-01', '2027-12-31', 0,
    '$2y$10$HXEhWWrePE9dSscsRa46CeI8wisQ7Lg2TsmT3469nONMyVshGXqLe', '2025-01-01', '2025-01-01'),
  ('M0002', 'Budi Santoso', 2, NULL, NULL, '2025-12-10', '2026-12-10', 0, '81dc9bdb52d04dc20036dbd8313ed055', '2025-12-10', '2025-12-10'),
  ('M0003', 'Andi Wijaya', 1, NULL, NULL, '2025-11-30', '2026-11-30', 0,
    '$2y$10$HXEhWWrePE9dSscsRa46CeI8wisQ7Lg2TsmT3469nONMyVshGXqLe', '2025-11-30', '2025-11-30'),
  ('M0004', 'Dewi Lestari', 1, NULL, 'Universitas Nusantara', '2025-12-01', '2026-12-01', 0,
    '$2a$10$3WknyfdQ48QObebb8GJrbuf/NX3fwzIxQRMmxUkL2E/ZRxVXDVSv6', '2025-12-01', '2025-12-01'),
  ('M0005', 'Rina Marlina', 1, NULL, NULL, '2026-11-28', '2027-11-28', 1,
    '$2y$10$HXEhWWrePE9dSscsRa46CeI8wisQ7Lg2TsmT3469nONMyVshGXqLe', '2026-11-28', '2026-11-28'),
  ('M0006', 'Joko Susilo', 1, NULL, NULL, '2026-01-01', '2027-01-01', 0, NULL, '2026-01-01', '2026-01-01'),
  ('M0007', 'Putri Ayu Ningsih', 1, NULL, NULL, '2026-01-01', '2027-06-30', 0,
    '$2a$10$0aoLj.JUEU.c2WtXhnZQdeQ/gzPnBIYHX5nnZXa/PEg2701zhw.wa', '2026-01-01', '2026-01-01');

INSERT INTO mst_author (author_id, author_name, authority_type, input_date) VALUES
  (1, 'Andrea Hirata', 'p', '2020-01-01'), (2, 'Pramoedya Ananta Toer', 'p', '2020-01-01'),
  (3, 'Ahmad Tohari', 'p', '2020-01-01'), (4, 'Badan Pengembangan Bahasa', 'o', '2020-01-01');
INSERT INTO biblio (biblio_id, gmd_id, title, sor, call_number, language_id, classification, input_date, last_update) VALUES
  (1, 1, 'Laskar Pelangi', 'Andrea Hirata', '899.221 HIR l', 'id', '899.221', '2020-01-01 08:00:00', '2020-01-01 08:00:00'),
  (2, 1, 'Bumi Manusia', NULL, '899.221 TOE b', 'id', '899.221', '2020-01-01 08:00:00', '2020-01-01 08:00:00'),
  (3, 1, 'Ronggeng Dukuh Paruk', NULL, '899.221 TOH r', 'id', '899.221', '2020-01-01 08:00:00', '2020-01-01 08:00:00'),
  (4, 1, 'Kamus Besar Bahasa Indonesia', NULL, 'R 499.221 KAM', 'id', '499.221', '2020-01-01 08:00:00', '2020-01-01 08:00:00'),
  (5, 2, 'Film Dokumenter: Komodo — Naga Terakhir', NULL, '597.95 KOM', 'id', '597.95', '2020-01-01 08:00:00', '2020-01-01 08:00:00'),
  (6, 1, 'Sejarah Nusantara: dari Sriwijaya hingga Majapahit, édisi kedua', NULL, '959.8 SEJ', 'id', '959.8', '2020-01-01 08:00:00', '2020-01-01 08:00:00'),
  (7, NULL, 'Ilmu Pengetahuan Alam untuk SMP', NULL, '507 ILM', 'id', '507', '2020-01-01 08:00:00', '2020-01-01 08:00:00');
INSERT INTO biblio_author (biblio_id, author_id, level) VALUES (1, 1, 1), (2, 2, 1), (3, 3, 1), (4, 4, 1);

-- Copies. B0001-B0003 fiction on the shelf (one with an unknown status
-- code, one "0"), B0010 a reference copy (NL), B0011 in repair, B0012
-- missing, B0020/B0021 video, B0030 a general copy, B0031 general in a
-- status that allows loans, B0040 a copy whose title was deleted.
INSERT INTO item (item_id, biblio_id, call_number, coll_type_id, item_code, location_id, item_status_id, input_date, last_update) VALUES
  (1, 1, NULL, 3, 'B0001', 'UTM', '0', '2020-01-01 08:00:00', '2020-01-01 08:00:00'),
  (2, 2, NULL, 3, 'B0002', 'UTM', NULL, '2020-01-01 08:00:00', '2020-01-01 08:00:00'),
  (3, 3, '899.221 TOH r c.2', 3, 'B0003', 'UTM', 'XX', '2020-01-01 08:00:00', '2020-01-01 08:00:00'),
  (4, 1, NULL, 3, 'B0004', 'UTM', '0', '2020-01-01 08:00:00', '2020-01-01 08:00:00'),
  (10, 4, NULL, 2, 'B0010', 'UTM', 'NL', '2020-01-01 08:00:00', '2020-01-01 08:00:00'),
  (11, 2, NULL, 3, 'B0011', 'UTM', 'R', '2020-01-01 08:00:00', '2020-01-01 08:00:00'),
  (12, 3, NULL, 3, 'B0012', 'UTM', 'MIS', '2020-01-01 08:00:00', '2020-01-01 08:00:00'),
  (20, 5, NULL, 1, 'B0020', 'ANK', '0', '2020-01-01 08:00:00', '2020-01-01 08:00:00'),
  (21, 5, NULL, 1, 'B0021', 'ANK', '0', '2020-01-01 08:00:00', '2020-01-01 08:00:00'),
  (30, 6, NULL, 1, 'B0030', 'UTM', '0', '2020-01-01 08:00:00', '2020-01-01 08:00:00'),
  (31, 7, NULL, 1, 'B0031', 'ANK', 'PJ', '2020-01-01 08:00:00', '2020-01-01 08:00:00'),
  (32, 6, NULL, 1, 'B0032', 'UTM', '0', '2020-01-01 08:00:00', '2020-01-01 08:00:00'),
  (33, 6, NULL, 1, 'B0033', 'UTM', '0', '2020-01-01 08:00:00', '2020-01-01 08:00:00'),
  (40, 99, NULL, 1, 'B0040', 'UTM', '0', '2020-01-01 08:00:00', '2020-01-01 08:00:00');

-- Days off: Sundays; Christmas Eve and Christmas Day.
INSERT INTO holiday (holiday_dayname, holiday_date, description) VALUES
  ('sun', NULL, NULL), ('Thu', '2026-12-24', 'Cuti bersama Natal'), ('Fri', '2026-12-25', 'Hari Raya Natal');
