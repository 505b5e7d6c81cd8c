-- Shared updated_at trigger function, issuer categories (seeded) and issuer organizations
-- source: seed-docs/trustcred.md §Schema Files 1 (001_initial_schema.sql), §Database Design Principles, §Indexing Strategy

CREATE FUNCTION set_updated_at() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;

CREATE TABLE issuer_categories (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    code varchar(50) NOT NULL,
    name varchar(100) NOT NULL,
    description text,
    is_active boolean DEFAULT true NOT NULL,
    created_at timestamptz DEFAULT now() NOT NULL,
    updated_at timestamptz DEFAULT now() NOT NULL,
    CONSTRAINT issuer_categories_pkey PRIMARY KEY (id),
    CONSTRAINT issuer_categories_code_key UNIQUE (code),
    CONSTRAINT issuer_categories_code_check CHECK (code ~ '^[a-z][a-z0-9_]*$')
);
CREATE TRIGGER issuer_categories_set_updated_at BEFORE UPDATE ON issuer_categories
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

INSERT INTO issuer_categories (code, name, description) VALUES
    ('university', 'University', 'Universities and other higher-education institutions'),
    ('company', 'Company', 'Companies issuing credentials to employees, partners or customers');

CREATE TABLE organizations (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    category_id uuid,
    name varchar(255) NOT NULL,
    slug varchar(100) NOT NULL,
    description text,
    website_url text,
    contact_email varchar(320),
    domain varchar(255),
    logo_url text,
    status varchar(20) DEFAULT 'pending' NOT NULL,
    is_verified boolean DEFAULT false NOT NULL,
    verified_at timestamptz,
    public_key text,
    signing_key_encrypted bytea,
    settings jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_at timestamptz DEFAULT now() NOT NULL,
    updated_at timestamptz DEFAULT now() NOT NULL,
    CONSTRAINT organizations_pkey PRIMARY KEY (id),
    CONSTRAINT organizations_slug_key UNIQUE (slug),
    CONSTRAINT organizations_category_id_fkey FOREIGN KEY (category_id)
        REFERENCES issuer_categories (id) ON DELETE SET NULL,
    CONSTRAINT organizations_slug_check CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    CONSTRAINT organizations_status_check CHECK (status IN ('pending', 'active', 'suspended', 'deactivated')),
    CONSTRAINT organizations_settings_check CHECK (jsonb_typeof(settings) = 'object'),
    CONSTRAINT organizations_verified_check CHECK (NOT is_verified OR verified_at IS NOT NULL)
);
CREATE INDEX idx_organizations_category_id ON organizations (category_id);
CREATE INDEX idx_organizations_status ON organizations (status);
CREATE TRIGGER organizations_set_updated_at BEFORE UPDATE ON organizations
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
