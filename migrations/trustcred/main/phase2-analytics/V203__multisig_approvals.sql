-- Multi-signature requirements and credential approvals
-- source: seed-docs/trustcred.md §Schema Files 2 (002_analytics_schema.sql), §Database Design Principles, §Indexing Strategy

CREATE TABLE multisig_requirements (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organization_id uuid NOT NULL,
    schema_id uuid,
    name varchar(255) NOT NULL,
    required_signatures integer NOT NULL,
    approver_roles varchar(30)[] DEFAULT ARRAY['org_admin']::varchar(30)[] NOT NULL,
    is_active boolean DEFAULT true NOT NULL,
    created_at timestamptz DEFAULT now() NOT NULL,
    updated_at timestamptz DEFAULT now() NOT NULL,
    CONSTRAINT multisig_requirements_pkey PRIMARY KEY (id),
    CONSTRAINT multisig_requirements_organization_id_schema_id_key
        UNIQUE NULLS NOT DISTINCT (organization_id, schema_id),
    CONSTRAINT multisig_requirements_organization_id_fkey FOREIGN KEY (organization_id)
        REFERENCES organizations (id) ON DELETE CASCADE,
    CONSTRAINT multisig_requirements_schema_id_fkey FOREIGN KEY (schema_id)
        REFERENCES credential_schemas (id) ON DELETE CASCADE,
    CONSTRAINT multisig_requirements_required_signatures_check CHECK (required_signatures >= 1),
    CONSTRAINT multisig_requirements_approver_roles_check CHECK (
        cardinality(approver_roles) > 0
        AND approver_roles <@ ARRAY['super_admin', 'org_admin', 'issuer', 'verifier']::varchar(30)[])
);
CREATE INDEX idx_multisig_requirements_schema_id ON multisig_requirements (schema_id);
CREATE TRIGGER multisig_requirements_set_updated_at BEFORE UPDATE ON multisig_requirements
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE credential_approvals (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    credential_id uuid NOT NULL,
    requirement_id uuid,
    approver_id uuid NOT NULL,
    decision varchar(20) DEFAULT 'pending' NOT NULL,
    comment text,
    signature bytea,
    decided_at timestamptz,
    created_at timestamptz DEFAULT now() NOT NULL,
    updated_at timestamptz DEFAULT now() NOT NULL,
    CONSTRAINT credential_approvals_pkey PRIMARY KEY (id),
    CONSTRAINT credential_approvals_credential_id_approver_id_key UNIQUE (credential_id, approver_id),
    CONSTRAINT credential_approvals_credential_id_fkey FOREIGN KEY (credential_id)
        REFERENCES credentials (id) ON DELETE CASCADE,
    CONSTRAINT credential_approvals_requirement_id_fkey FOREIGN KEY (requirement_id)
        REFERENCES multisig_requirements (id) ON DELETE SET NULL,
    CONSTRAINT credential_approvals_approver_id_fkey FOREIGN KEY (approver_id)
        REFERENCES users (id) ON DELETE RESTRICT,
    CONSTRAINT credential_approvals_decision_check CHECK (decision IN ('pending', 'approved', 'rejected')),
    CONSTRAINT credential_approvals_decided_check CHECK ((decision = 'pending') = (decided_at IS NULL))
);
CREATE INDEX idx_credential_approvals_requirement_id ON credential_approvals (requirement_id);
CREATE INDEX idx_credential_approvals_approver_id_decision ON credential_approvals (approver_id, decision);
CREATE TRIGGER credential_approvals_set_updated_at BEFORE UPDATE ON credential_approvals
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
