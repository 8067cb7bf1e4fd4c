-- Holds accumulate (filled and cancelled ones stay for the record): the
-- lookups on every checkout, checkin and account must not scan them.
-- The copy put aside for a patron, looked up by item:
CREATE INDEX holds_ready_item ON holds (item_id) WHERE status = 'ready';
-- A patron's active holds, counted in My account:
CREATE INDEX holds_active_patron ON holds (patron_id) WHERE status IN ('waiting', 'ready');
-- The oldest waiting hold on a title, taken when a copy comes back (the
-- index of 0001 is not used for status = 'waiting' alone):
CREATE INDEX holds_waiting_title ON holds (title_id, placed_at, id) WHERE status = 'waiting';
