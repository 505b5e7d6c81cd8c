-- SSOT audit log and its trigger function log_ssot_changes()
-- source: seed-docs/nexus.md §SSOT Registry Tables

CREATE TABLE public.ssot_audit_logs (
    id         uuid DEFAULT gen_random_uuid() NOT NULL,
    table_name varchar(100) NOT NULL,
    record_id  uuid NOT NULL,
    action     varchar(10) NOT NULL,
    old_values jsonb,
    new_values jsonb,
    changed_by varchar(255),
    created_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    CONSTRAINT ssot_audit_logs_pkey PRIMARY KEY (id),
    CONSTRAINT ssot_audit_logs_action_check CHECK (action IN ('INSERT', 'UPDATE', 'DELETE'))
);
CREATE INDEX idx_ssot_audit_logs_table_record ON public.ssot_audit_logs (table_name, record_id);
CREATE INDEX idx_ssot_audit_logs_created_at ON public.ssot_audit_logs (created_at);

CREATE FUNCTION public.log_ssot_changes() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    old_row jsonb;
    new_row jsonb;
    cur_row jsonb;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        old_row := to_jsonb(OLD);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        new_row := to_jsonb(NEW);
    END IF;
    cur_row := COALESCE(new_row, old_row);
    INSERT INTO public.ssot_audit_logs (table_name, record_id, action, old_values, new_values, changed_by)
    VALUES (TG_TABLE_NAME, (cur_row ->> 'id')::uuid, TG_OP, old_row, new_row,
            COALESCE(cur_row ->> 'updated_by', cur_row ->> 'created_by'));
    RETURN NULL;
END;
$$;
