-- Users with role-based access, their sessions and organization API keys
-- source: seed-docs/trustcred.md §Schema Files 1 (001_initial_schema.sql), §Database Design Principles, §Indexing Strategy

CREATE TABLE users (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organization_id uuid,
    email varchar(320) NOT NULL,
    password_hash varchar(60),
    first_name varchar(100),
    last_name varchar(100),
    role varchar(30) DEFAULT 'recipient' NOT NULL,
    status varchar(20) DEFAULT 'pending' NOT NULL,
    email_verified_at timestamptz,
    mfa_enabled boolean DEFAULT false NOT NULL,
    mfa_secret_encrypted bytea,
    failed_login_count integer DEFAULT 0 NOT NULL,
    locked_until timestamptz,
    last_login_at timestamptz,
    last_login_ip inet,
    created_at timestamptz DEFAULT now() NOT NULL,
    updated_at timestamptz DEFAULT now() NOT NULL,
    deleted_at timestamptz,
    CONSTRAINT users_pkey PRIMARY KEY (id),
    CONSTRAINT users_organization_id_fkey FOREIGN KEY (organization_id)
        REFERENCES organizations (id) ON DELETE SET NULL,
    CONSTRAINT users_email_check CHECK (email ~ '^[^@\s]+@[^@\s]+$'),
    CONSTRAINT users_password_hash_check CHECK (password_hash ~ '^\$2[aby]\$[0-9]{2}\$[./A-Za-z0-9]{53}$'),
    CONSTRAINT users_role_check CHECK (role IN ('super_admin', 'org_admin', 'issuer', 'verifier', 'recipient')),
    CONSTRAINT users_status_check CHECK (status IN ('pending', 'active', 'suspended', 'deactivated')),
    CONSTRAINT users_failed_login_count_check CHECK (failed_login_count >= 0),
    CONSTRAINT users_mfa_check CHECK (NOT mfa_enabled OR mfa_secret_encrypted IS NOT NULL)
);
CREATE UNIQUE INDEX idx_users_email_lower ON users (lower(email));
CREATE INDEX idx_users_organization_id_role ON users (organization_id, role);
CREATE INDEX idx_users_status ON users (status);
CREATE TRIGGER users_set_updated_at BEFORE UPDATE ON users
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE user_sessions (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid NOT NULL,
    token_hash bytea NOT NULL,
    ip_address inet,
    user_agent text,
    created_at timestamptz DEFAULT now() NOT NULL,
    last_activity_at timestamptz DEFAULT now() NOT NULL,
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz,
    CONSTRAINT user_sessions_pkey PRIMARY KEY (id),
    CONSTRAINT user_sessions_token_hash_key UNIQUE (token_hash),
    CONSTRAINT user_sessions_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT user_sessions_expires_check CHECK (expires_at > created_at)
);
CREATE INDEX idx_user_sessions_user_id ON user_sessions (user_id);
CREATE INDEX idx_user_sessions_expires_at ON user_sessions (expires_at);

CREATE TABLE api_keys (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organization_id uuid NOT NULL,
    created_by uuid,
    name varchar(100) NOT NULL,
    key_prefix varchar(16) NOT NULL,
    key_hash bytea NOT NULL,
    scopes jsonb DEFAULT '[]'::jsonb NOT NULL,
    rate_limit_per_minute integer,
    status varchar(20) DEFAULT 'active' NOT NULL,
    expires_at timestamptz,
    last_used_at timestamptz,
    last_used_ip inet,
    revoked_at timestamptz,
    created_at timestamptz DEFAULT now() NOT NULL,
    updated_at timestamptz DEFAULT now() NOT NULL,
    CONSTRAINT api_keys_pkey PRIMARY KEY (id),
    CONSTRAINT api_keys_key_prefix_key UNIQUE (key_prefix),
    CONSTRAINT api_keys_key_hash_key UNIQUE (key_hash),
    CONSTRAINT api_keys_organization_id_fkey FOREIGN KEY (organization_id)
        REFERENCES organizations (id) ON DELETE CASCADE,
    CONSTRAINT api_keys_created_by_fkey FOREIGN KEY (created_by)
        REFERENCES users (id) ON DELETE SET NULL,
    CONSTRAINT api_keys_scopes_check CHECK (jsonb_typeof(scopes) = 'array'),
    CONSTRAINT api_keys_rate_limit_per_minute_check CHECK (rate_limit_per_minute > 0),
    CONSTRAINT api_keys_status_check CHECK (status IN ('active', 'revoked', 'expired')),
    CONSTRAINT api_keys_revoked_check CHECK (status <> 'revoked' OR revoked_at IS NOT NULL)
);
CREATE INDEX idx_api_keys_organization_id_status ON api_keys (organization_id, status);
CREATE INDEX idx_api_keys_created_by ON api_keys (created_by);
CREATE TRIGGER api_keys_set_updated_at BEFORE UPDATE ON api_keys
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
