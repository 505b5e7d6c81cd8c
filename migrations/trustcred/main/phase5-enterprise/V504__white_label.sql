-- White-label branding, custom credential templates and custom fields
-- source: seed-docs/trustcred.md §Schema Files 3 (003_enterprise_features.sql), §Database Design Principles, §Indexing Strategy

CREATE TABLE organization_branding (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organization_id uuid NOT NULL,
    logo_url text,
    favicon_url text,
    primary_color varchar(7),
    secondary_color varchar(7),
    accent_color varchar(7),
    font_family varchar(100),
    custom_css text,
    email_from_name varchar(100),
    custom_domain varchar(255),
    created_at timestamptz DEFAULT now() NOT NULL,
    updated_at timestamptz DEFAULT now() NOT NULL,
    CONSTRAINT organization_branding_pkey PRIMARY KEY (id),
    CONSTRAINT organization_branding_organization_id_key UNIQUE (organization_id),
    CONSTRAINT organization_branding_custom_domain_key UNIQUE (custom_domain),
    CONSTRAINT organization_branding_organization_id_fkey FOREIGN KEY (organization_id)
        REFERENCES organizations (id) ON DELETE CASCADE,
    CONSTRAINT organization_branding_colors_check CHECK (
        primary_color ~ '^#[0-9A-Fa-f]{6}$' AND secondary_color ~ '^#[0-9A-Fa-f]{6}$'
        AND accent_color ~ '^#[0-9A-Fa-f]{6}$')
);
CREATE TRIGGER organization_branding_set_updated_at BEFORE UPDATE ON organization_branding
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE custom_credential_templates (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organization_id uuid NOT NULL,
    base_template_id uuid,
    schema_id uuid,
    created_by uuid,
    name varchar(255) NOT NULL,
    description text,
    version integer DEFAULT 1 NOT NULL,
    design jsonb DEFAULT '{}'::jsonb NOT NULL,
    html_template text,
    css text,
    status varchar(20) DEFAULT 'draft' NOT NULL,
    created_at timestamptz DEFAULT now() NOT NULL,
    updated_at timestamptz DEFAULT now() NOT NULL,
    CONSTRAINT custom_credential_templates_pkey PRIMARY KEY (id),
    CONSTRAINT custom_credential_templates_organization_id_name_version_key UNIQUE (organization_id, name, version),
    CONSTRAINT custom_credential_templates_organization_id_fkey FOREIGN KEY (organization_id)
        REFERENCES organizations (id) ON DELETE CASCADE,
    CONSTRAINT custom_credential_templates_base_template_id_fkey FOREIGN KEY (base_template_id)
        REFERENCES credential_templates (id) ON DELETE SET NULL,
    CONSTRAINT custom_credential_templates_schema_id_fkey FOREIGN KEY (schema_id)
        REFERENCES credential_schemas (id) ON DELETE SET NULL,
    CONSTRAINT custom_credential_templates_created_by_fkey FOREIGN KEY (created_by)
        REFERENCES users (id) ON DELETE SET NULL,
    CONSTRAINT custom_credential_templates_version_check CHECK (version >= 1),
    CONSTRAINT custom_credential_templates_design_check CHECK (jsonb_typeof(design) = 'object'),
    CONSTRAINT custom_credential_templates_status_check CHECK (status IN ('draft', 'active', 'archived'))
);
CREATE INDEX idx_custom_credential_templates_organization_id_status
    ON custom_credential_templates (organization_id, status);
CREATE INDEX idx_custom_credential_templates_base_template_id ON custom_credential_templates (base_template_id);
CREATE INDEX idx_custom_credential_templates_schema_id ON custom_credential_templates (schema_id);
CREATE INDEX idx_custom_credential_templates_created_by ON custom_credential_templates (created_by);
CREATE TRIGGER custom_credential_templates_set_updated_at BEFORE UPDATE ON custom_credential_templates
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE custom_fields (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organization_id uuid NOT NULL,
    entity_type varchar(30) NOT NULL,
    field_key varchar(100) NOT NULL,
    label varchar(255) NOT NULL,
    field_type varchar(20) NOT NULL,
    is_required boolean DEFAULT false NOT NULL,
    options jsonb DEFAULT '[]'::jsonb NOT NULL,
    validation_rules jsonb DEFAULT '{}'::jsonb NOT NULL,
    default_value jsonb,
    sort_order integer DEFAULT 0 NOT NULL,
    is_active boolean DEFAULT true NOT NULL,
    created_at timestamptz DEFAULT now() NOT NULL,
    updated_at timestamptz DEFAULT now() NOT NULL,
    CONSTRAINT custom_fields_pkey PRIMARY KEY (id),
    CONSTRAINT custom_fields_organization_id_entity_type_field_key_key
        UNIQUE (organization_id, entity_type, field_key),
    CONSTRAINT custom_fields_organization_id_fkey FOREIGN KEY (organization_id)
        REFERENCES organizations (id) ON DELETE CASCADE,
    CONSTRAINT custom_fields_entity_type_check
        CHECK (entity_type IN ('credential', 'user', 'organization', 'credential_template')),
    CONSTRAINT custom_fields_field_key_check CHECK (field_key ~ '^[a-z][a-z0-9_]*$'),
    CONSTRAINT custom_fields_field_type_check CHECK (field_type IN
        ('text', 'number', 'date', 'boolean', 'select', 'multiselect', 'email', 'url')),
    CONSTRAINT custom_fields_options_check CHECK (jsonb_typeof(options) = 'array')
);
CREATE TRIGGER custom_fields_set_updated_at BEFORE UPDATE ON custom_fields
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
