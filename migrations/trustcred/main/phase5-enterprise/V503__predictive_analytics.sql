-- Real-time dashboard metrics, ML model registry and predictions
-- source: seed-docs/trustcred.md §Schema Files 3 (003_enterprise_features.sql), §Database Design Principles, §Indexing Strategy

CREATE TABLE real_time_analytics (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organization_id uuid NOT NULL,
    metric_name varchar(100) NOT NULL,
    metric_value numeric(20,6) NOT NULL,
    dimensions jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_at timestamptz DEFAULT now() NOT NULL,
    CONSTRAINT real_time_analytics_pkey PRIMARY KEY (id, created_at),
    CONSTRAINT real_time_analytics_organization_id_fkey FOREIGN KEY (organization_id)
        REFERENCES organizations (id) ON DELETE CASCADE
) PARTITION BY RANGE (created_at);
CREATE TABLE real_time_analytics_default PARTITION OF real_time_analytics DEFAULT;
CREATE INDEX idx_real_time_analytics_organization_id_metric_name_created_at
    ON real_time_analytics (organization_id, metric_name, created_at DESC);
CREATE INDEX idx_real_time_analytics_dimensions ON real_time_analytics USING gin (dimensions);

CREATE TABLE analytics_models (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organization_id uuid,
    created_by uuid,
    name varchar(100) NOT NULL,
    version varchar(50) NOT NULL,
    model_type varchar(30) NOT NULL,
    description text,
    status varchar(20) DEFAULT 'training' NOT NULL,
    parameters jsonb DEFAULT '{}'::jsonb NOT NULL,
    metrics jsonb DEFAULT '{}'::jsonb NOT NULL,
    artifact_uri text,
    trained_at timestamptz,
    created_at timestamptz DEFAULT now() NOT NULL,
    updated_at timestamptz DEFAULT now() NOT NULL,
    CONSTRAINT analytics_models_pkey PRIMARY KEY (id),
    CONSTRAINT analytics_models_organization_id_name_version_key
        UNIQUE NULLS NOT DISTINCT (organization_id, name, version),
    CONSTRAINT analytics_models_organization_id_fkey FOREIGN KEY (organization_id)
        REFERENCES organizations (id) ON DELETE CASCADE,
    CONSTRAINT analytics_models_created_by_fkey FOREIGN KEY (created_by)
        REFERENCES users (id) ON DELETE SET NULL,
    CONSTRAINT analytics_models_model_type_check CHECK (model_type IN
        ('classification', 'regression', 'forecasting', 'anomaly_detection', 'clustering')),
    CONSTRAINT analytics_models_status_check
        CHECK (status IN ('training', 'active', 'inactive', 'deprecated', 'failed'))
);
CREATE INDEX idx_analytics_models_status ON analytics_models (status);
CREATE INDEX idx_analytics_models_created_by ON analytics_models (created_by);
CREATE TRIGGER analytics_models_set_updated_at BEFORE UPDATE ON analytics_models
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE model_predictions (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    model_id uuid NOT NULL,
    organization_id uuid,
    entity_type varchar(50) NOT NULL,
    entity_id uuid,
    prediction jsonb NOT NULL,
    confidence numeric(5,4),
    predicted_for timestamptz,
    created_at timestamptz DEFAULT now() NOT NULL,
    CONSTRAINT model_predictions_pkey PRIMARY KEY (id),
    CONSTRAINT model_predictions_model_id_fkey FOREIGN KEY (model_id)
        REFERENCES analytics_models (id) ON DELETE CASCADE,
    CONSTRAINT model_predictions_organization_id_fkey FOREIGN KEY (organization_id)
        REFERENCES organizations (id) ON DELETE CASCADE,
    CONSTRAINT model_predictions_confidence_check CHECK (confidence BETWEEN 0 AND 1)
);
CREATE INDEX idx_model_predictions_model_id_created_at ON model_predictions (model_id, created_at DESC);
CREATE INDEX idx_model_predictions_organization_id_created_at ON model_predictions (organization_id, created_at DESC);
CREATE INDEX idx_model_predictions_entity_type_entity_id ON model_predictions (entity_type, entity_id);
