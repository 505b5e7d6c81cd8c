-- Trigger function update_updated_at_column() shared by every table with updated_at
-- source: seed-docs/nexus.md §Triggers and Functions

CREATE FUNCTION public.update_updated_at_column() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    NEW.updated_at := CURRENT_TIMESTAMP;
    RETURN NEW;
END;
$$;
