-- Omnifin knowledge entries with automatic version history, plus the updated_at trigger function
-- source: seed-docs/omnifin.md §Knowledge Bank Schema §1, §Performance Indexes, §Database Triggers
CREATE FUNCTION update_updated_at_column() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    NEW.updated_at = CURRENT_TIMESTAMP;
    RETURN NEW;
END;
$$;

CREATE FUNCTION create_knowledge_version() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        INSERT INTO knowledge_knowledgeversion (
            knowledge_entry_id, version, title, content,
            change_summary, created_by_id, created_at
        ) VALUES (
            OLD.id, OLD.version, OLD.title, OLD.content,
            'Automatic version on update', OLD.created_by_id, OLD.updated_at
        );
        NEW.version = OLD.version + 1;
    END IF;
    RETURN NEW;
END;
$$;

-- group_id and created_by_id hold ids from the primary database: no foreign key can reach them.
CREATE TABLE knowledge_knowledgeentry (
    id SERIAL PRIMARY KEY,
    title VARCHAR(200) NOT NULL,
    content TEXT NOT NULL,
    category VARCHAR(50) NOT NULL,
    subcategory VARCHAR(50),
    tags TEXT[],
    group_id INTEGER,
    created_by_id INTEGER,
    is_active BOOLEAN DEFAULT TRUE,
    version INTEGER DEFAULT 1,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    metadata JSONB DEFAULT '{}'
);

CREATE INDEX idx_knowledge_group ON knowledge_knowledgeentry(group_id);
CREATE INDEX idx_knowledge_category ON knowledge_knowledgeentry(category);
CREATE INDEX idx_knowledge_created ON knowledge_knowledgeentry(created_at);

CREATE TRIGGER knowledge_version_control BEFORE UPDATE ON knowledge_knowledgeentry
    FOR EACH ROW EXECUTE FUNCTION create_knowledge_version();

CREATE TRIGGER update_knowledge_updated_at BEFORE UPDATE ON knowledge_knowledgeentry
    FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();

CREATE TABLE knowledge_knowledgeversion (
    id SERIAL PRIMARY KEY,
    knowledge_entry_id INTEGER REFERENCES knowledge_knowledgeentry(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    title VARCHAR(200),
    content TEXT,
    change_summary TEXT,
    created_by_id INTEGER,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (knowledge_entry_id, version)
);
