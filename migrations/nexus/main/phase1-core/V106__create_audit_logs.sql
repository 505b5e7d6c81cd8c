-- Audit log of row changes on the core tables, its trigger function and audit triggers
-- source: seed-docs/nexus.md §Audit Triggers

CREATE TABLE public.audit_logs (
    id         uuid DEFAULT gen_random_uuid() NOT NULL,
    table_name varchar(100) NOT NULL,
    record_id  uuid NOT NULL,
    action     varchar(10) NOT NULL,
    old_values jsonb,
    new_values jsonb,
    changed_by uuid,
    created_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    CONSTRAINT audit_logs_pkey PRIMARY KEY (id),
    CONSTRAINT audit_logs_action_check CHECK (action IN ('INSERT', 'UPDATE', 'DELETE'))
);
CREATE INDEX idx_audit_logs_table_record ON public.audit_logs (table_name, record_id);
CREATE INDEX idx_audit_logs_changed_by ON public.audit_logs (changed_by);
CREATE INDEX idx_audit_logs_created_at ON public.audit_logs (created_at);

CREATE FUNCTION public.log_audit_changes() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    old_row jsonb;
    new_row jsonb;
    cur_row jsonb;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        old_row := to_jsonb(OLD) - 'password_hash';
    END IF;
    IF TG_OP <> 'DELETE' THEN
        new_row := to_jsonb(NEW) - 'password_hash';
    END IF;
    cur_row := COALESCE(new_row, old_row);
    INSERT INTO public.audit_logs (table_name, record_id, action, old_values, new_values, changed_by)
    VALUES (TG_TABLE_NAME, (cur_row ->> 'id')::uuid, TG_OP, old_row, new_row,
            COALESCE(cur_row ->> 'updated_by', cur_row ->> 'created_by')::uuid);
    RETURN NULL;
END;
$$;

CREATE TRIGGER audit_users_changes AFTER INSERT OR UPDATE OR DELETE ON public.users FOR EACH ROW EXECUTE FUNCTION public.log_audit_changes();
CREATE TRIGGER audit_accounts_changes AFTER INSERT OR UPDATE OR DELETE ON public.accounts FOR EACH ROW EXECUTE FUNCTION public.log_audit_changes();
CREATE TRIGGER audit_transactions_changes AFTER INSERT OR UPDATE OR DELETE ON public.transactions FOR EACH ROW EXECUTE FUNCTION public.log_audit_changes();
CREATE TRIGGER audit_system_settings_changes AFTER INSERT OR UPDATE OR DELETE ON public.system_settings FOR EACH ROW EXECUTE FUNCTION public.log_audit_changes();
