-- Omnifin per-user permission grants
-- source: seed-docs/omnifin.md §1 Users & Authentication (auth_userpermissions)
CREATE TABLE auth_userpermissions (
    id SERIAL PRIMARY KEY,
    user_id INTEGER REFERENCES users_user(id) ON DELETE CASCADE,
    permission VARCHAR(100) NOT NULL,
    granted_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    granted_by_id INTEGER REFERENCES users_user(id),
    UNIQUE (user_id, permission)
);
