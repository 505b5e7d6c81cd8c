-- Configurable approval workflows and their running instances
-- source: seed-docs/trustcred.md §Schema Files 3 (003_enterprise_features.sql), §Database Design Principles, §Indexing Strategy

CREATE TABLE approval_workflows (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organization_id uuid NOT NULL,
    created_by uuid,
    name varchar(255) NOT NULL,
    description text,
    entity_type varchar(30) NOT NULL,
    steps jsonb NOT NULL,
    is_active boolean DEFAULT true NOT NULL,
    created_at timestamptz DEFAULT now() NOT NULL,
    updated_at timestamptz DEFAULT now() NOT NULL,
    CONSTRAINT approval_workflows_pkey PRIMARY KEY (id),
    CONSTRAINT approval_workflows_organization_id_name_key UNIQUE (organization_id, name),
    CONSTRAINT approval_workflows_organization_id_fkey FOREIGN KEY (organization_id)
        REFERENCES organizations (id) ON DELETE CASCADE,
    CONSTRAINT approval_workflows_created_by_fkey FOREIGN KEY (created_by)
        REFERENCES users (id) ON DELETE SET NULL,
    CONSTRAINT approval_workflows_entity_type_check CHECK (entity_type IN ('credential', 'credential_schema', 'credential_template', 'user', 'organization')),
    CONSTRAINT approval_workflows_steps_check
        CHECK (jsonb_typeof(steps) = 'array' AND jsonb_array_length(steps) > 0)
);
CREATE INDEX idx_approval_workflows_organization_id_entity_type
    ON approval_workflows (organization_id, entity_type) WHERE is_active;
CREATE INDEX idx_approval_workflows_created_by ON approval_workflows (created_by);
CREATE TRIGGER approval_workflows_set_updated_at BEFORE UPDATE ON approval_workflows
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE workflow_instances (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    workflow_id uuid NOT NULL,
    entity_type varchar(30) NOT NULL,
    entity_id uuid NOT NULL,
    current_step integer DEFAULT 0 NOT NULL,
    status varchar(20) DEFAULT 'pending' NOT NULL,
    context jsonb DEFAULT '{}'::jsonb NOT NULL,
    started_by uuid,
    started_at timestamptz DEFAULT now() NOT NULL,
    completed_at timestamptz,
    created_at timestamptz DEFAULT now() NOT NULL,
    updated_at timestamptz DEFAULT now() NOT NULL,
    CONSTRAINT workflow_instances_pkey PRIMARY KEY (id),
    CONSTRAINT workflow_instances_workflow_id_fkey FOREIGN KEY (workflow_id)
        REFERENCES approval_workflows (id) ON DELETE RESTRICT,
    CONSTRAINT workflow_instances_started_by_fkey FOREIGN KEY (started_by)
        REFERENCES users (id) ON DELETE SET NULL,
    CONSTRAINT workflow_instances_entity_type_check CHECK (entity_type IN ('credential', 'credential_schema', 'credential_template', 'user', 'organization')),
    CONSTRAINT workflow_instances_current_step_check CHECK (current_step >= 0),
    CONSTRAINT workflow_instances_status_check
        CHECK (status IN ('pending', 'in_progress', 'approved', 'rejected', 'cancelled', 'expired')),
    CONSTRAINT workflow_instances_completed_check
        CHECK ((status IN ('pending', 'in_progress')) = (completed_at IS NULL))
);
CREATE INDEX idx_workflow_instances_workflow_id_status ON workflow_instances (workflow_id, status);
CREATE INDEX idx_workflow_instances_entity_type_entity_id ON workflow_instances (entity_type, entity_id);
CREATE INDEX idx_workflow_instances_open ON workflow_instances (status, started_at) WHERE status IN ('pending', 'in_progress');
CREATE INDEX idx_workflow_instances_started_by ON workflow_instances (started_by);
CREATE TRIGGER workflow_instances_set_updated_at BEFORE UPDATE ON workflow_instances
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
