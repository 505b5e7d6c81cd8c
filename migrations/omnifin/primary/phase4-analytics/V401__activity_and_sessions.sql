-- Omnifin user activity log and web sessions
-- source: seed-docs/omnifin.md §2 User Activity & Logs, §Performance Indexes
CREATE TABLE analytics_useractivity (
    id SERIAL PRIMARY KEY,
    user_id INTEGER REFERENCES users_user(id),
    action VARCHAR(100) NOT NULL,
    resource_type VARCHAR(50),
    resource_id INTEGER,
    ip_address INET,
    user_agent TEXT,
    session_id VARCHAR(100),
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    metadata JSONB DEFAULT '{}'
);

CREATE INDEX idx_analytics_activity_user ON analytics_useractivity(user_id);
CREATE INDEX idx_analytics_activity_created ON analytics_useractivity(created_at);

CREATE TABLE analytics_session (
    id SERIAL PRIMARY KEY,
    session_key VARCHAR(100) NOT NULL UNIQUE,
    user_id INTEGER REFERENCES users_user(id),
    ip_address INET,
    user_agent TEXT,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    last_activity TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    is_active BOOLEAN DEFAULT TRUE
);

CREATE INDEX idx_analytics_session_user ON analytics_session(user_id);
