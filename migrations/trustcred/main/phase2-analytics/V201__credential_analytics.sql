-- Daily credential operation metrics and the function that computes them
-- source: seed-docs/trustcred.md §Schema Files 2 (002_analytics_schema.sql), §Database Design Principles, §Indexing Strategy

CREATE TABLE credential_analytics (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organization_id uuid NOT NULL,
    schema_id uuid NOT NULL,
    metric_date date NOT NULL,
    credentials_issued integer DEFAULT 0 NOT NULL,
    credentials_revoked integer DEFAULT 0 NOT NULL,
    credentials_expired integer DEFAULT 0 NOT NULL,
    verifications_total integer DEFAULT 0 NOT NULL,
    verifications_failed integer DEFAULT 0 NOT NULL,
    unique_verifiers integer DEFAULT 0 NOT NULL,
    created_at timestamptz DEFAULT now() NOT NULL,
    updated_at timestamptz DEFAULT now() NOT NULL,
    CONSTRAINT credential_analytics_pkey PRIMARY KEY (id),
    CONSTRAINT credential_analytics_organization_id_metric_date_schema_id_key
        UNIQUE (organization_id, metric_date, schema_id),
    CONSTRAINT credential_analytics_organization_id_fkey FOREIGN KEY (organization_id)
        REFERENCES organizations (id) ON DELETE CASCADE,
    CONSTRAINT credential_analytics_schema_id_fkey FOREIGN KEY (schema_id)
        REFERENCES credential_schemas (id) ON DELETE CASCADE,
    CONSTRAINT credential_analytics_counts_check CHECK (
        credentials_issued >= 0 AND credentials_revoked >= 0 AND credentials_expired >= 0
        AND verifications_total >= 0 AND verifications_failed >= 0 AND unique_verifiers >= 0
        AND verifications_failed <= verifications_total)
);
CREATE INDEX idx_credential_analytics_schema_id_metric_date ON credential_analytics (schema_id, metric_date);
CREATE INDEX idx_credential_analytics_metric_date ON credential_analytics (metric_date);
CREATE TRIGGER credential_analytics_set_updated_at BEFORE UPDATE ON credential_analytics
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE FUNCTION refresh_credential_analytics(p_day date) RETURNS integer
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_from timestamptz := p_day::timestamp AT TIME ZONE 'UTC';
    v_to timestamptz := (p_day + 1)::timestamp AT TIME ZONE 'UTC';
    v_rows integer;
BEGIN
    WITH ops AS (
        SELECT c.organization_id, c.schema_id,
               count(*) FILTER (WHERE c.issued_at >= v_from AND c.issued_at < v_to) AS issued,
               count(*) FILTER (WHERE c.revoked_at >= v_from AND c.revoked_at < v_to) AS revoked,
               count(*) FILTER (WHERE c.expires_at >= v_from AND c.expires_at < v_to) AS expired
          FROM credentials c
         WHERE (c.issued_at >= v_from AND c.issued_at < v_to)
            OR (c.revoked_at >= v_from AND c.revoked_at < v_to)
            OR (c.expires_at >= v_from AND c.expires_at < v_to)
         GROUP BY c.organization_id, c.schema_id
    ), ver AS (
        SELECT c.organization_id, c.schema_id,
               count(*) AS total,
               count(*) FILTER (WHERE v.result <> 'valid') AS failed,
               count(DISTINCT v.verifier_id) AS verifiers
          FROM verification_logs v
          JOIN credentials c ON c.id = v.credential_id
         WHERE v.created_at >= v_from AND v.created_at < v_to
         GROUP BY c.organization_id, c.schema_id
    )
    INSERT INTO credential_analytics AS a
           (organization_id, schema_id, metric_date, credentials_issued, credentials_revoked,
            credentials_expired, verifications_total, verifications_failed, unique_verifiers)
    SELECT coalesce(o.organization_id, v.organization_id), coalesce(o.schema_id, v.schema_id), p_day,
           coalesce(o.issued, 0), coalesce(o.revoked, 0), coalesce(o.expired, 0),
           coalesce(v.total, 0), coalesce(v.failed, 0), coalesce(v.verifiers, 0)
      FROM ops o
      FULL JOIN ver v ON v.organization_id = o.organization_id AND v.schema_id = o.schema_id
    ON CONFLICT (organization_id, metric_date, schema_id) DO UPDATE
       SET credentials_issued = EXCLUDED.credentials_issued,
           credentials_revoked = EXCLUDED.credentials_revoked,
           credentials_expired = EXCLUDED.credentials_expired,
           verifications_total = EXCLUDED.verifications_total,
           verifications_failed = EXCLUDED.verifications_failed,
           unique_verifiers = EXCLUDED.unique_verifiers;
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    RETURN v_rows;
END;
$$;
