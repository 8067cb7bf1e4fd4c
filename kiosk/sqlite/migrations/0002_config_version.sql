-- config_version counts changes to the tables every checkout consults
-- (loan rules, opening hours, holidays), so a kiosk can cache them and
-- still see a change made by another process, such as kioskctl.
CREATE TABLE config_version (n INTEGER NOT NULL);
INSERT INTO config_version (n) VALUES (0);

CREATE TRIGGER loan_rules_ins AFTER INSERT ON loan_rules BEGIN UPDATE config_version SET n = n + 1; END;
CREATE TRIGGER loan_rules_upd AFTER UPDATE ON loan_rules BEGIN UPDATE config_version SET n = n + 1; END;
CREATE TRIGGER loan_rules_del AFTER DELETE ON loan_rules BEGIN UPDATE config_version SET n = n + 1; END;
CREATE TRIGGER opening_hours_ins AFTER INSERT ON opening_hours BEGIN UPDATE config_version SET n = n + 1; END;
CREATE TRIGGER opening_hours_upd AFTER UPDATE ON opening_hours BEGIN UPDATE config_version SET n = n + 1; END;
CREATE TRIGGER opening_hours_del AFTER DELETE ON opening_hours BEGIN UPDATE config_version SET n = n + 1; END;
CREATE TRIGGER closed_days_ins AFTER INSERT ON closed_days BEGIN UPDATE config_version SET n = n + 1; END;
CREATE TRIGGER closed_days_upd AFTER UPDATE ON closed_days BEGIN UPDATE config_version SET n = n + 1; END;
CREATE TRIGGER closed_days_del AFTER DELETE ON closed_days BEGIN UPDATE config_version SET n = n + 1; END;
