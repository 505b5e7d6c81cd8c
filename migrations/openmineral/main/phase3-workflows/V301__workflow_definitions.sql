-- OpenMineral workflow definitions: reusable step lists that deals can be run through
-- source: seed-docs/openmineral.md §Workflow Definitions Table
CREATE TABLE workflow_definitions (
    id SERIAL PRIMARY KEY,
    name VARCHAR(100) NOT NULL,
    description TEXT,
    steps JSONB,
    created_by INTEGER REFERENCES users(id),
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
