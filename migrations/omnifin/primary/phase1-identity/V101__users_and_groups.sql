-- Omnifin users and groups (they reference each other), plus the shared updated_at trigger function
-- source: seed-docs/omnifin.md §1 Users & Authentication, §Performance Indexes, §Automatic Timestamps
CREATE FUNCTION update_updated_at_column() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    NEW.updated_at = CURRENT_TIMESTAMP;
    RETURN NEW;
END;
$$;

-- users_user.group_id gets its foreign key below, once groups_group exists.
CREATE TABLE users_user (
    id SERIAL PRIMARY KEY,
    username VARCHAR(150) NOT NULL UNIQUE,
    email VARCHAR(254) NOT NULL UNIQUE,
    password VARCHAR(128) NOT NULL,
    first_name VARCHAR(150) NOT NULL,
    last_name VARCHAR(150) NOT NULL,
    phone VARCHAR(20),
    is_active BOOLEAN DEFAULT TRUE,
    is_staff BOOLEAN DEFAULT FALSE,
    is_superuser BOOLEAN DEFAULT FALSE,
    date_joined TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    last_login TIMESTAMP,
    role VARCHAR(20) DEFAULT 'simple' CHECK (role IN ('simple', 'super', 'admin', 'superadmin')),
    group_id INTEGER,
    created_by_id INTEGER REFERENCES users_user(id),
    profile_image VARCHAR(500),
    metadata JSONB DEFAULT '{}',
    updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX idx_users_user_email ON users_user(email);
CREATE INDEX idx_users_user_group ON users_user(group_id);
CREATE INDEX idx_users_user_role ON users_user(role);

CREATE TRIGGER update_users_updated_at BEFORE UPDATE ON users_user
    FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();

CREATE TABLE groups_group (
    id SERIAL PRIMARY KEY,
    name VARCHAR(100) NOT NULL UNIQUE,
    description TEXT,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    created_by_id INTEGER REFERENCES users_user(id),
    is_active BOOLEAN DEFAULT TRUE,
    settings JSONB DEFAULT '{}'
);

ALTER TABLE users_user
    ADD CONSTRAINT users_user_group_id_fkey FOREIGN KEY (group_id) REFERENCES groups_group(id);
