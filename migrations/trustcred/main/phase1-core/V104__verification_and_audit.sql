-- Monthly-partitioned verification logs and append-only audit logs
-- source: seed-docs/trustcred.md §Schema Files 1 (001_initial_schema.sql), §Database Design Principles, §Indexing Strategy

CREATE FUNCTION create_monthly_partition(p_parent regclass, p_month date) RETURNS regclass
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_schema text;
    v_table text;
    v_name text;
    v_from timestamptz := date_trunc('month', p_month)::timestamp AT TIME ZONE 'UTC';
    v_to timestamptz := (date_trunc('month', p_month) + interval '1 month')::timestamp AT TIME ZONE 'UTC';
    v_default regclass;
BEGIN
    SELECT n.nspname, c.relname INTO v_schema, v_table
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.oid = p_parent AND c.relkind = 'p';
    IF NOT FOUND THEN
        RAISE EXCEPTION '% is not a partitioned table', p_parent;
    END IF;
    v_name := v_table || '_' || to_char(p_month, 'YYYY_MM');
    IF to_regclass(format('%I.%I', v_schema, v_name)) IS NOT NULL THEN
        RETURN to_regclass(format('%I.%I', v_schema, v_name));
    END IF;
    SELECT i.inhrelid::regclass INTO v_default
      FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = p_parent AND pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT';
    EXECUTE format('CREATE TABLE %I.%I (LIKE %s INCLUDING DEFAULTS INCLUDING CONSTRAINTS)',
                   v_schema, v_name, p_parent);
    IF v_default IS NOT NULL THEN
        -- moving rows out of the default partition is the one sanctioned delete on audit tables
        PERFORM set_config('trustcred.retention_purge', 'on', true);
        EXECUTE format('WITH moved AS (DELETE FROM %s WHERE created_at >= $1 AND created_at < $2 RETURNING *) '
                       'INSERT INTO %I.%I SELECT * FROM moved', v_default, v_schema, v_name)
            USING v_from, v_to;
        PERFORM set_config('trustcred.retention_purge', 'off', true);
    END IF;
    EXECUTE format('ALTER TABLE %s ATTACH PARTITION %I.%I FOR VALUES FROM (%L) TO (%L)',
                   p_parent, v_schema, v_name, v_from, v_to);
    RETURN to_regclass(format('%I.%I', v_schema, v_name));
END;
$$;

CREATE FUNCTION prevent_audit_log_mutation() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('trustcred.retention_purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TABLE verification_logs (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    credential_id uuid,
    verifier_id uuid,
    verification_method varchar(20) NOT NULL,
    result varchar(20) NOT NULL,
    failure_reason text,
    ip_address inet,
    user_agent text,
    details jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_at timestamptz DEFAULT now() NOT NULL,
    CONSTRAINT verification_logs_pkey PRIMARY KEY (id, created_at),
    CONSTRAINT verification_logs_credential_id_fkey FOREIGN KEY (credential_id)
        REFERENCES credentials (id) ON DELETE SET NULL,
    CONSTRAINT verification_logs_verifier_id_fkey FOREIGN KEY (verifier_id)
        REFERENCES users (id) ON DELETE SET NULL,
    CONSTRAINT verification_logs_verification_method_check
        CHECK (verification_method IN ('qr_code', 'link', 'api', 'manual', 'bulk')),
    CONSTRAINT verification_logs_result_check
        CHECK (result IN ('valid', 'invalid', 'revoked', 'expired', 'not_found', 'error'))
) PARTITION BY RANGE (created_at);
CREATE TABLE verification_logs_default PARTITION OF verification_logs DEFAULT;
CREATE INDEX idx_verification_logs_credential_id_created_at ON verification_logs (credential_id, created_at DESC);
CREATE INDEX idx_verification_logs_verifier_id ON verification_logs (verifier_id);
CREATE INDEX idx_verification_logs_result ON verification_logs (result);
CREATE INDEX idx_verification_logs_created_at ON verification_logs (created_at);

CREATE TABLE audit_logs (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organization_id uuid,
    user_id uuid,
    action varchar(100) NOT NULL,
    entity_type varchar(100) NOT NULL,
    entity_id uuid,
    old_values jsonb,
    new_values jsonb,
    ip_address inet,
    user_agent text,
    created_at timestamptz DEFAULT now() NOT NULL,
    CONSTRAINT audit_logs_pkey PRIMARY KEY (id, created_at)
) PARTITION BY RANGE (created_at);
CREATE TABLE audit_logs_default PARTITION OF audit_logs DEFAULT;
CREATE INDEX idx_audit_logs_entity_type_entity_id ON audit_logs (entity_type, entity_id);
CREATE INDEX idx_audit_logs_user_id_created_at ON audit_logs (user_id, created_at DESC);
CREATE INDEX idx_audit_logs_organization_id_created_at ON audit_logs (organization_id, created_at DESC);
CREATE INDEX idx_audit_logs_action ON audit_logs (action);
CREATE INDEX idx_audit_logs_created_at ON audit_logs (created_at);
CREATE TRIGGER audit_logs_append_only BEFORE UPDATE OR DELETE ON audit_logs
    FOR EACH ROW EXECUTE FUNCTION prevent_audit_log_mutation();
