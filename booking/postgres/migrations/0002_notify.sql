-- Every kiosk hears of a change to a resource's bookings, or to the
-- resource, made anywhere (another kiosk, a phone, the sweep, a tool):
-- a NOTIFY on channel anjungan_bookings with the resource's id, sent when
-- the change commits.
CREATE FUNCTION anjungan_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'bookings' THEN
        PERFORM pg_notify('anjungan_bookings', COALESCE(NEW.resource_id, OLD.resource_id));
    ELSE
        PERFORM pg_notify('anjungan_bookings', COALESCE(NEW.id, OLD.id));
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER bookings_notify AFTER INSERT OR UPDATE OR DELETE ON bookings FOR EACH ROW EXECUTE FUNCTION anjungan_notify();
CREATE TRIGGER resources_notify AFTER INSERT OR UPDATE OR DELETE ON resources FOR EACH ROW EXECUTE FUNCTION anjungan_notify();
