-- Omnifin platform metrics and daily per-user engagement counters
-- source: seed-docs/omnifin.md §4 Analytics & Reporting
CREATE TABLE analytics_metric (
    id SERIAL PRIMARY KEY,
    name VARCHAR(100) NOT NULL,
    category VARCHAR(50) NOT NULL,
    value NUMERIC NOT NULL,
    recorded_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    period VARCHAR(20) DEFAULT 'daily' CHECK (period IN ('hourly', 'daily', 'weekly', 'monthly')),
    metadata JSONB DEFAULT '{}'
);

CREATE INDEX idx_analytics_metric_name_recorded ON analytics_metric(name, recorded_at);

CREATE TABLE analytics_userengagement (
    id SERIAL PRIMARY KEY,
    user_id INTEGER REFERENCES users_user(id),
    session_duration INTEGER CHECK (session_duration >= 0),
    page_views INTEGER DEFAULT 0 CHECK (page_views >= 0),
    conversations_count INTEGER DEFAULT 0 CHECK (conversations_count >= 0),
    orders_created INTEGER DEFAULT 0 CHECK (orders_created >= 0),
    date DATE NOT NULL,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX idx_analytics_engagement_user_date ON analytics_userengagement(user_id, date);
