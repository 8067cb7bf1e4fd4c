-- A closure added or removed anywhere changes the day views: the kiosks
-- hear of it (the whole makerspace when it names no resource).
CREATE FUNCTION anjungan_notify_closure() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('anjungan_bookings', COALESCE(COALESCE(NEW.resource_id, OLD.resource_id), ''));
    RETURN NULL;
END $$;
CREATE TRIGGER closures_notify AFTER INSERT OR UPDATE OR DELETE ON closures FOR EACH ROW EXECUTE FUNCTION anjungan_notify_closure();
