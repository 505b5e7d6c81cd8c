-- Outbound webhooks and their delivery tracking
-- source: seed-docs/trustcred.md §Schema Files 2 (002_analytics_schema.sql), §Database Design Principles, §Indexing Strategy

CREATE TABLE webhooks (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organization_id uuid NOT NULL,
    created_by uuid,
    name varchar(100) NOT NULL,
    url text NOT NULL,
    events varchar(100)[] NOT NULL,
    secret_encrypted bytea NOT NULL,
    status varchar(20) DEFAULT 'active' NOT NULL,
    failure_count integer DEFAULT 0 NOT NULL,
    last_triggered_at timestamptz,
    created_at timestamptz DEFAULT now() NOT NULL,
    updated_at timestamptz DEFAULT now() NOT NULL,
    CONSTRAINT webhooks_pkey PRIMARY KEY (id),
    CONSTRAINT webhooks_organization_id_fkey FOREIGN KEY (organization_id)
        REFERENCES organizations (id) ON DELETE CASCADE,
    CONSTRAINT webhooks_created_by_fkey FOREIGN KEY (created_by)
        REFERENCES users (id) ON DELETE SET NULL,
    CONSTRAINT webhooks_url_check CHECK (url ~ '^https://'),
    CONSTRAINT webhooks_events_check CHECK (cardinality(events) > 0),
    CONSTRAINT webhooks_status_check CHECK (status IN ('active', 'paused', 'disabled')),
    CONSTRAINT webhooks_failure_count_check CHECK (failure_count >= 0)
);
CREATE INDEX idx_webhooks_organization_id_status ON webhooks (organization_id, status);
CREATE INDEX idx_webhooks_created_by ON webhooks (created_by);
CREATE INDEX idx_webhooks_events ON webhooks USING gin (events);
CREATE TRIGGER webhooks_set_updated_at BEFORE UPDATE ON webhooks
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE webhook_deliveries (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    webhook_id uuid NOT NULL,
    event_type varchar(100) NOT NULL,
    payload jsonb NOT NULL,
    status varchar(20) DEFAULT 'pending' NOT NULL,
    attempt_count integer DEFAULT 0 NOT NULL,
    response_status integer,
    response_body text,
    error_message text,
    next_retry_at timestamptz,
    delivered_at timestamptz,
    created_at timestamptz DEFAULT now() NOT NULL,
    updated_at timestamptz DEFAULT now() NOT NULL,
    CONSTRAINT webhook_deliveries_pkey PRIMARY KEY (id),
    CONSTRAINT webhook_deliveries_webhook_id_fkey FOREIGN KEY (webhook_id)
        REFERENCES webhooks (id) ON DELETE CASCADE,
    CONSTRAINT webhook_deliveries_status_check CHECK (status IN ('pending', 'retrying', 'delivered', 'failed')),
    CONSTRAINT webhook_deliveries_attempt_count_check CHECK (attempt_count >= 0),
    CONSTRAINT webhook_deliveries_response_status_check CHECK (response_status BETWEEN 100 AND 599)
);
CREATE INDEX idx_webhook_deliveries_webhook_id_created_at ON webhook_deliveries (webhook_id, created_at DESC);
CREATE INDEX idx_webhook_deliveries_retry ON webhook_deliveries (next_retry_at)
    WHERE status IN ('pending', 'retrying');
CREATE INDEX idx_webhook_deliveries_created_at ON webhook_deliveries (created_at);
CREATE TRIGGER webhook_deliveries_set_updated_at BEFORE UPDATE ON webhook_deliveries
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
