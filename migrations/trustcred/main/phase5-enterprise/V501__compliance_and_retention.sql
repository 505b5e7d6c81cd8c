-- Enhanced compliance audit logs, retention policies and their enforcement
-- source: seed-docs/trustcred.md §Schema Files 3 (003_enterprise_features.sql), §Database Design Principles, §Indexing Strategy

CREATE TABLE enhanced_audit_logs (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organization_id uuid,
    user_id uuid,
    session_id uuid,
    request_id uuid,
    action varchar(100) NOT NULL,
    entity_type varchar(100) NOT NULL,
    entity_id uuid,
    old_values jsonb,
    new_values jsonb,
    changed_fields text[],
    severity varchar(20) DEFAULT 'info' NOT NULL,
    risk_score smallint,
    compliance_tags text[] DEFAULT '{}'::text[] NOT NULL,
    ip_address inet,
    user_agent text,
    metadata jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_at timestamptz DEFAULT now() NOT NULL,
    CONSTRAINT enhanced_audit_logs_pkey PRIMARY KEY (id, created_at),
    CONSTRAINT enhanced_audit_logs_severity_check
        CHECK (severity IN ('info', 'low', 'medium', 'high', 'critical')),
    CONSTRAINT enhanced_audit_logs_risk_score_check CHECK (risk_score BETWEEN 0 AND 100)
) PARTITION BY RANGE (created_at);
CREATE TABLE enhanced_audit_logs_default PARTITION OF enhanced_audit_logs DEFAULT;
CREATE INDEX idx_enhanced_audit_logs_organization_id_created_at ON enhanced_audit_logs (organization_id, created_at DESC);
CREATE INDEX idx_enhanced_audit_logs_user_id_created_at ON enhanced_audit_logs (user_id, created_at DESC);
CREATE INDEX idx_enhanced_audit_logs_entity_type_entity_id ON enhanced_audit_logs (entity_type, entity_id);
CREATE INDEX idx_enhanced_audit_logs_severity_created_at ON enhanced_audit_logs (severity, created_at DESC);
CREATE INDEX idx_enhanced_audit_logs_request_id ON enhanced_audit_logs (request_id);
CREATE INDEX idx_enhanced_audit_logs_compliance_tags ON enhanced_audit_logs USING gin (compliance_tags);
CREATE INDEX idx_enhanced_audit_logs_metadata ON enhanced_audit_logs USING gin (metadata);
CREATE TRIGGER enhanced_audit_logs_append_only BEFORE UPDATE OR DELETE ON enhanced_audit_logs
    FOR EACH ROW EXECUTE FUNCTION prevent_audit_log_mutation();

CREATE TABLE retention_policies (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organization_id uuid,
    created_by uuid,
    name varchar(255) NOT NULL,
    target_table varchar(63) NOT NULL,
    retention_days integer NOT NULL,
    action varchar(20) DEFAULT 'delete' NOT NULL,
    legal_hold boolean DEFAULT false NOT NULL,
    is_active boolean DEFAULT true NOT NULL,
    last_enforced_at timestamptz,
    created_at timestamptz DEFAULT now() NOT NULL,
    updated_at timestamptz DEFAULT now() NOT NULL,
    CONSTRAINT retention_policies_pkey PRIMARY KEY (id),
    CONSTRAINT retention_policies_organization_id_target_table_key
        UNIQUE NULLS NOT DISTINCT (organization_id, target_table),
    CONSTRAINT retention_policies_organization_id_fkey FOREIGN KEY (organization_id)
        REFERENCES organizations (id) ON DELETE CASCADE,
    CONSTRAINT retention_policies_created_by_fkey FOREIGN KEY (created_by)
        REFERENCES users (id) ON DELETE SET NULL,
    CONSTRAINT retention_policies_target_table_check
        CHECK (target_table IN ('audit_logs', 'enhanced_audit_logs', 'verification_logs', 'user_sessions', 'notifications',
                         'webhook_deliveries', 'sms_deliveries', 'real_time_analytics', 'model_predictions')),
    CONSTRAINT retention_policies_org_scope_check
        CHECK (organization_id IS NULL OR target_table IN ('audit_logs', 'enhanced_audit_logs', 'real_time_analytics', 'model_predictions')),
    CONSTRAINT retention_policies_retention_days_check CHECK (retention_days > 0),
    CONSTRAINT retention_policies_action_check CHECK (action IN ('delete', 'archive', 'anonymize'))
);
CREATE INDEX idx_retention_policies_target_table ON retention_policies (target_table) WHERE is_active;
CREATE INDEX idx_retention_policies_created_by ON retention_policies (created_by);
CREATE TRIGGER retention_policies_set_updated_at BEFORE UPDATE ON retention_policies
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE FUNCTION enforce_retention_policies(p_now timestamptz DEFAULT now())
    RETURNS TABLE (policy_id uuid, target_table varchar, rows_deleted bigint)
    LANGUAGE plpgsql
    AS $$
DECLARE
    p record;
    v_cutoff timestamptz;
    v_count bigint;
BEGIN
    PERFORM set_config('trustcred.retention_purge', 'on', true);
    FOR p IN
        SELECT rp.id, rp.organization_id, rp.target_table, rp.retention_days
          FROM retention_policies rp
         WHERE rp.is_active AND NOT rp.legal_hold AND rp.action = 'delete'
         ORDER BY rp.target_table, rp.organization_id NULLS FIRST
    LOOP
        v_cutoff := p_now - make_interval(days => p.retention_days);
        IF p.organization_id IS NOT NULL THEN
            EXECUTE format('DELETE FROM %I WHERE created_at < $1 AND organization_id = $2', p.target_table)
                USING v_cutoff, p.organization_id;
        ELSIF p.target_table IN ('audit_logs', 'enhanced_audit_logs', 'real_time_analytics', 'model_predictions') THEN
            EXECUTE format('DELETE FROM %I t WHERE t.created_at < $1 AND NOT EXISTS ('
                           'SELECT 1 FROM retention_policies o WHERE o.target_table = $2 '
                           'AND o.organization_id = t.organization_id AND (o.is_active OR o.legal_hold))',
                           p.target_table)
                USING v_cutoff, p.target_table;
        ELSE
            EXECUTE format('DELETE FROM %I WHERE created_at < $1', p.target_table) USING v_cutoff;
        END IF;
        GET DIAGNOSTICS v_count = ROW_COUNT;
        UPDATE retention_policies SET last_enforced_at = p_now WHERE id = p.id;
        policy_id := p.id;
        target_table := p.target_table;
        rows_deleted := v_count;
        RETURN NEXT;
    END LOOP;
    PERFORM set_config('trustcred.retention_purge', 'off', true);
END;
$$;
