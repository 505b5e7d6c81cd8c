-- Omnifin AI training examples (conversations, FAQs, documents), optionally per group
-- source: seed-docs/omnifin.md §Knowledge Bank Schema §3 AI Training Data
-- group_id and validated_by_id hold ids from the primary database: no foreign key can reach them.
CREATE TABLE knowledge_trainingdata (
    id SERIAL PRIMARY KEY,
    data_type VARCHAR(50) NOT NULL CHECK (data_type IN ('conversation', 'faq', 'document')),
    input_text TEXT NOT NULL,
    expected_output TEXT,
    intent VARCHAR(100),
    entities JSONB DEFAULT '{}',
    confidence_score NUMERIC,
    group_id INTEGER,
    is_used_for_training BOOLEAN DEFAULT FALSE,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    validated_at TIMESTAMP,
    validated_by_id INTEGER
);

CREATE INDEX idx_trainingdata_group_type ON knowledge_trainingdata(group_id, data_type);
