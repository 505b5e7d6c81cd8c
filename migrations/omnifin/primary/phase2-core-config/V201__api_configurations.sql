-- Omnifin external API configurations (LLM, voice, CRM, ERP), optionally per group
-- source: seed-docs/omnifin.md §5 API Configuration (core_apiconfiguration)
CREATE TABLE core_apiconfiguration (
    id SERIAL PRIMARY KEY,
    name VARCHAR(100) NOT NULL,
    api_type VARCHAR(50) NOT NULL CHECK (api_type IN ('llm_text', 'llm_voice', 'crm', 'erp')),
    provider VARCHAR(50) NOT NULL,
    endpoint_url VARCHAR(500),
    api_key_encrypted TEXT,
    configuration JSONB DEFAULT '{}',
    is_active BOOLEAN DEFAULT TRUE,
    created_by_id INTEGER REFERENCES users_user(id),
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    group_id INTEGER REFERENCES groups_group(id)
);

CREATE INDEX idx_core_apiconfiguration_group_type ON core_apiconfiguration(group_id, api_type);

CREATE TRIGGER update_core_apiconfiguration_updated_at BEFORE UPDATE ON core_apiconfiguration
    FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
