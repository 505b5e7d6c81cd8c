-- OpenMineral workflow executions: progress of one workflow run for one deal
-- source: seed-docs/openmineral.md §Workflow Executions Table, §Relationships (5, 6)
CREATE TABLE workflow_executions (
    id SERIAL PRIMARY KEY,
    workflow_id INTEGER REFERENCES workflow_definitions(id),
    deal_id INTEGER REFERENCES deals(id),
    current_step INTEGER NOT NULL CHECK (current_step >= 0),
    status VARCHAR(20) NOT NULL CHECK (status IN ('active', 'paused', 'completed', 'failed')),
    started_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    completed_at TIMESTAMP
);

CREATE INDEX idx_workflow_executions_deal_status ON workflow_executions(deal_id, status);
CREATE INDEX idx_workflow_executions_workflow_id ON workflow_executions(workflow_id);
