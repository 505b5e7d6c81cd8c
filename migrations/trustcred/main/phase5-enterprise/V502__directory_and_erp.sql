-- LDAP/Active Directory integration and ERP connections
-- source: seed-docs/trustcred.md §Schema Files 3 (003_enterprise_features.sql), §Database Design Principles, §Indexing Strategy

CREATE TABLE ldap_configurations (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organization_id uuid NOT NULL,
    name varchar(100) NOT NULL,
    server_url text NOT NULL,
    use_starttls boolean DEFAULT false NOT NULL,
    bind_dn text,
    bind_password_encrypted bytea,
    base_dn text NOT NULL,
    user_search_filter text DEFAULT '(objectClass=person)' NOT NULL,
    group_search_base text,
    attribute_mapping jsonb DEFAULT '{}'::jsonb NOT NULL,
    role_mapping jsonb DEFAULT '{}'::jsonb NOT NULL,
    sync_enabled boolean DEFAULT false NOT NULL,
    sync_interval_minutes integer DEFAULT 60 NOT NULL,
    last_sync_at timestamptz,
    last_sync_status varchar(20),
    last_sync_error text,
    status varchar(20) DEFAULT 'inactive' NOT NULL,
    created_at timestamptz DEFAULT now() NOT NULL,
    updated_at timestamptz DEFAULT now() NOT NULL,
    CONSTRAINT ldap_configurations_pkey PRIMARY KEY (id),
    CONSTRAINT ldap_configurations_organization_id_name_key UNIQUE (organization_id, name),
    CONSTRAINT ldap_configurations_organization_id_fkey FOREIGN KEY (organization_id)
        REFERENCES organizations (id) ON DELETE CASCADE,
    CONSTRAINT ldap_configurations_server_url_check CHECK (server_url ~ '^ldaps?://'),
    CONSTRAINT ldap_configurations_bind_check CHECK (bind_dn IS NOT NULL OR bind_password_encrypted IS NULL),
    CONSTRAINT ldap_configurations_sync_interval_minutes_check CHECK (sync_interval_minutes >= 5),
    CONSTRAINT ldap_configurations_last_sync_status_check
        CHECK (last_sync_status IN ('success', 'partial', 'failed')),
    CONSTRAINT ldap_configurations_status_check CHECK (status IN ('active', 'inactive', 'error'))
);
CREATE TRIGGER ldap_configurations_set_updated_at BEFORE UPDATE ON ldap_configurations
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE ldap_user_mappings (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    ldap_configuration_id uuid NOT NULL,
    user_id uuid NOT NULL,
    ldap_dn text NOT NULL,
    ldap_uid varchar(255),
    ldap_groups text[] DEFAULT '{}'::text[] NOT NULL,
    sync_status varchar(20) DEFAULT 'pending' NOT NULL,
    last_synced_at timestamptz,
    created_at timestamptz DEFAULT now() NOT NULL,
    updated_at timestamptz DEFAULT now() NOT NULL,
    CONSTRAINT ldap_user_mappings_pkey PRIMARY KEY (id),
    CONSTRAINT ldap_user_mappings_ldap_configuration_id_ldap_dn_key UNIQUE (ldap_configuration_id, ldap_dn),
    CONSTRAINT ldap_user_mappings_ldap_configuration_id_user_id_key UNIQUE (ldap_configuration_id, user_id),
    CONSTRAINT ldap_user_mappings_ldap_configuration_id_fkey FOREIGN KEY (ldap_configuration_id)
        REFERENCES ldap_configurations (id) ON DELETE CASCADE,
    CONSTRAINT ldap_user_mappings_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT ldap_user_mappings_sync_status_check
        CHECK (sync_status IN ('pending', 'synced', 'conflict', 'disabled', 'error'))
);
CREATE INDEX idx_ldap_user_mappings_user_id ON ldap_user_mappings (user_id);
CREATE TRIGGER ldap_user_mappings_set_updated_at BEFORE UPDATE ON ldap_user_mappings
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE erp_integrations (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organization_id uuid NOT NULL,
    created_by uuid,
    name varchar(100) NOT NULL,
    erp_system varchar(30) NOT NULL,
    endpoint_url text NOT NULL,
    credentials_encrypted bytea,
    configuration jsonb DEFAULT '{}'::jsonb NOT NULL,
    field_mapping jsonb DEFAULT '{}'::jsonb NOT NULL,
    sync_direction varchar(20) DEFAULT 'inbound' NOT NULL,
    status varchar(20) DEFAULT 'inactive' NOT NULL,
    last_sync_at timestamptz,
    last_sync_status varchar(20),
    last_error text,
    created_at timestamptz DEFAULT now() NOT NULL,
    updated_at timestamptz DEFAULT now() NOT NULL,
    CONSTRAINT erp_integrations_pkey PRIMARY KEY (id),
    CONSTRAINT erp_integrations_organization_id_name_key UNIQUE (organization_id, name),
    CONSTRAINT erp_integrations_organization_id_fkey FOREIGN KEY (organization_id)
        REFERENCES organizations (id) ON DELETE CASCADE,
    CONSTRAINT erp_integrations_created_by_fkey FOREIGN KEY (created_by)
        REFERENCES users (id) ON DELETE SET NULL,
    CONSTRAINT erp_integrations_erp_system_check
        CHECK (erp_system IN ('sap', 'oracle', 'workday', 'microsoft_dynamics', 'netsuite', 'other')),
    CONSTRAINT erp_integrations_sync_direction_check
        CHECK (sync_direction IN ('inbound', 'outbound', 'bidirectional')),
    CONSTRAINT erp_integrations_status_check CHECK (status IN ('active', 'inactive', 'error')),
    CONSTRAINT erp_integrations_last_sync_status_check
        CHECK (last_sync_status IN ('success', 'partial', 'failed'))
);
CREATE INDEX idx_erp_integrations_created_by ON erp_integrations (created_by);
CREATE TRIGGER erp_integrations_set_updated_at BEFORE UPDATE ON erp_integrations
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
