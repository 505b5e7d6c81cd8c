-- Credential schemas, pre-built credential templates and issued credentials
-- source: seed-docs/trustcred.md §Schema Files 1 (001_initial_schema.sql), §Database Design Principles, §Indexing Strategy

CREATE TABLE credential_schemas (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organization_id uuid NOT NULL,
    created_by uuid,
    name varchar(255) NOT NULL,
    version varchar(20) DEFAULT '1.0.0' NOT NULL,
    description text,
    schema_definition jsonb NOT NULL,
    status varchar(20) DEFAULT 'draft' NOT NULL,
    created_at timestamptz DEFAULT now() NOT NULL,
    updated_at timestamptz DEFAULT now() NOT NULL,
    CONSTRAINT credential_schemas_pkey PRIMARY KEY (id),
    CONSTRAINT credential_schemas_organization_id_name_version_key UNIQUE (organization_id, name, version),
    CONSTRAINT credential_schemas_organization_id_fkey FOREIGN KEY (organization_id)
        REFERENCES organizations (id) ON DELETE CASCADE,
    CONSTRAINT credential_schemas_created_by_fkey FOREIGN KEY (created_by)
        REFERENCES users (id) ON DELETE SET NULL,
    CONSTRAINT credential_schemas_schema_definition_check CHECK (jsonb_typeof(schema_definition) = 'object'),
    CONSTRAINT credential_schemas_status_check CHECK (status IN ('draft', 'active', 'deprecated', 'archived'))
);
CREATE INDEX idx_credential_schemas_organization_id_status ON credential_schemas (organization_id, status);
CREATE INDEX idx_credential_schemas_created_by ON credential_schemas (created_by);
CREATE TRIGGER credential_schemas_set_updated_at BEFORE UPDATE ON credential_schemas
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE credential_templates (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organization_id uuid,
    schema_id uuid,
    created_by uuid,
    name varchar(255) NOT NULL,
    description text,
    template_data jsonb DEFAULT '{}'::jsonb NOT NULL,
    preview_url text,
    is_public boolean DEFAULT false NOT NULL,
    status varchar(20) DEFAULT 'draft' NOT NULL,
    usage_count integer DEFAULT 0 NOT NULL,
    created_at timestamptz DEFAULT now() NOT NULL,
    updated_at timestamptz DEFAULT now() NOT NULL,
    search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, coalesce(name, '')), 'A')
        || setweight(to_tsvector('english'::regconfig, coalesce(description, '')), 'B')
    ) STORED,
    CONSTRAINT credential_templates_pkey PRIMARY KEY (id),
    CONSTRAINT credential_templates_organization_id_fkey FOREIGN KEY (organization_id)
        REFERENCES organizations (id) ON DELETE CASCADE,
    CONSTRAINT credential_templates_schema_id_fkey FOREIGN KEY (schema_id)
        REFERENCES credential_schemas (id) ON DELETE SET NULL,
    CONSTRAINT credential_templates_created_by_fkey FOREIGN KEY (created_by)
        REFERENCES users (id) ON DELETE SET NULL,
    CONSTRAINT credential_templates_template_data_check CHECK (jsonb_typeof(template_data) = 'object'),
    CONSTRAINT credential_templates_status_check CHECK (status IN ('draft', 'published', 'archived')),
    CONSTRAINT credential_templates_usage_count_check CHECK (usage_count >= 0)
);
CREATE INDEX idx_credential_templates_organization_id ON credential_templates (organization_id);
CREATE INDEX idx_credential_templates_schema_id ON credential_templates (schema_id);
CREATE INDEX idx_credential_templates_created_by ON credential_templates (created_by);
CREATE INDEX idx_credential_templates_status_public ON credential_templates (status, is_public);
CREATE INDEX idx_credential_templates_search ON credential_templates USING gin (search_vector);
CREATE TRIGGER credential_templates_set_updated_at BEFORE UPDATE ON credential_templates
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE credentials (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organization_id uuid NOT NULL,
    schema_id uuid NOT NULL,
    template_id uuid,
    recipient_id uuid,
    issued_by uuid,
    verification_code varchar(64) DEFAULT replace(gen_random_uuid()::text, '-', '') NOT NULL,
    recipient_email varchar(320) NOT NULL,
    recipient_name varchar(255),
    title varchar(255) NOT NULL,
    description text,
    credential_data jsonb DEFAULT '{}'::jsonb NOT NULL,
    encrypted_payload bytea,
    signature bytea,
    signature_algorithm varchar(50),
    status varchar(20) DEFAULT 'draft' NOT NULL,
    issued_at timestamptz,
    expires_at timestamptz,
    revoked_at timestamptz,
    revocation_reason text,
    created_at timestamptz DEFAULT now() NOT NULL,
    updated_at timestamptz DEFAULT now() NOT NULL,
    search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, coalesce(title, '')), 'A')
        || setweight(to_tsvector('simple'::regconfig, coalesce(recipient_name, '')), 'A')
        || setweight(to_tsvector('english'::regconfig, coalesce(description, '')), 'B')
    ) STORED,
    CONSTRAINT credentials_pkey PRIMARY KEY (id),
    CONSTRAINT credentials_verification_code_key UNIQUE (verification_code),
    CONSTRAINT credentials_organization_id_fkey FOREIGN KEY (organization_id)
        REFERENCES organizations (id) ON DELETE RESTRICT,
    CONSTRAINT credentials_schema_id_fkey FOREIGN KEY (schema_id)
        REFERENCES credential_schemas (id) ON DELETE RESTRICT,
    CONSTRAINT credentials_template_id_fkey FOREIGN KEY (template_id)
        REFERENCES credential_templates (id) ON DELETE SET NULL,
    CONSTRAINT credentials_recipient_id_fkey FOREIGN KEY (recipient_id)
        REFERENCES users (id) ON DELETE SET NULL,
    CONSTRAINT credentials_issued_by_fkey FOREIGN KEY (issued_by)
        REFERENCES users (id) ON DELETE SET NULL,
    CONSTRAINT credentials_credential_data_check CHECK (jsonb_typeof(credential_data) = 'object'),
    CONSTRAINT credentials_status_check CHECK (status IN ('draft', 'pending_approval', 'issued', 'suspended', 'revoked', 'expired')),
    CONSTRAINT credentials_issued_check CHECK (status IN ('draft', 'pending_approval') OR issued_at IS NOT NULL),
    CONSTRAINT credentials_revoked_check CHECK (status <> 'revoked' OR revoked_at IS NOT NULL),
    CONSTRAINT credentials_expiry_check CHECK (expires_at IS NULL OR issued_at IS NULL OR expires_at > issued_at)
);
CREATE INDEX idx_credentials_organization_id_status_issued_at ON credentials (organization_id, status, issued_at DESC);
CREATE INDEX idx_credentials_schema_id ON credentials (schema_id);
CREATE INDEX idx_credentials_template_id ON credentials (template_id);
CREATE INDEX idx_credentials_recipient_id ON credentials (recipient_id);
CREATE INDEX idx_credentials_issued_by ON credentials (issued_by);
CREATE INDEX idx_credentials_recipient_email_lower ON credentials (lower(recipient_email));
CREATE INDEX idx_credentials_status ON credentials (status);
CREATE INDEX idx_credentials_expires_at ON credentials (expires_at) WHERE status = 'issued';
CREATE INDEX idx_credentials_credential_data ON credentials USING gin (credential_data);
CREATE INDEX idx_credentials_search ON credentials USING gin (search_vector);
CREATE TRIGGER credentials_set_updated_at BEFORE UPDATE ON credentials
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
