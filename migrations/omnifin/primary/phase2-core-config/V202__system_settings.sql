-- Omnifin key/value system settings, seeded with the settings the platform needs to start
-- source: seed-docs/omnifin.md §5 API Configuration (core_systemsetting); seed: Decisions D9
CREATE TABLE core_systemsetting (
    id SERIAL PRIMARY KEY,
    key VARCHAR(100) NOT NULL UNIQUE,
    value TEXT,
    description TEXT,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

CREATE TRIGGER update_core_systemsetting_updated_at BEFORE UPDATE ON core_systemsetting
    FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();

INSERT INTO core_systemsetting (key, value, description) VALUES
    ('platform_name', 'Omnifin', 'Display name of the platform'),
    ('default_user_role', 'simple', 'Role given to new users; one of simple, super, admin, superadmin'),
    ('maintenance_mode', 'false', 'When true, the platform refuses new conversations and orders');
