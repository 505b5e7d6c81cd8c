-- Omnifin prompt library with automatic version history
-- source: seed-docs/omnifin.md §Knowledge Bank Schema §2, §Performance Indexes; versioning: Decisions D7
CREATE FUNCTION create_prompt_version() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        INSERT INTO prompts_promptversion (
            prompt_id, version, content,
            change_summary, created_by_id, created_at
        ) VALUES (
            OLD.id, OLD.version, OLD.content,
            'Automatic version on update', OLD.created_by_id, OLD.updated_at
        );
        NEW.version = OLD.version + 1;
    END IF;
    RETURN NEW;
END;
$$;

-- group_id and created_by_id hold ids from the primary database: no foreign key can reach them.
CREATE TABLE prompts_prompt (
    id SERIAL PRIMARY KEY,
    name VARCHAR(100) NOT NULL,
    category VARCHAR(50) NOT NULL,
    prompt_type VARCHAR(20) NOT NULL CHECK (prompt_type IN ('system', 'user', 'assistant')),
    content TEXT NOT NULL,
    variables TEXT[],
    group_id INTEGER,
    created_by_id INTEGER,
    is_active BOOLEAN DEFAULT TRUE,
    version INTEGER DEFAULT 1,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX idx_prompts_group ON prompts_prompt(group_id);
CREATE INDEX idx_prompts_category ON prompts_prompt(category);

CREATE TRIGGER prompt_version_control BEFORE UPDATE ON prompts_prompt
    FOR EACH ROW EXECUTE FUNCTION create_prompt_version();

CREATE TRIGGER update_prompts_updated_at BEFORE UPDATE ON prompts_prompt
    FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();

CREATE TABLE prompts_promptversion (
    id SERIAL PRIMARY KEY,
    prompt_id INTEGER REFERENCES prompts_prompt(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    content TEXT NOT NULL,
    change_summary TEXT,
    created_by_id INTEGER,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (prompt_id, version)
);
