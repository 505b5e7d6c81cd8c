-- Rollback of V302: drop workflow_executions
DROP INDEX idx_workflow_executions_workflow_id;
DROP INDEX idx_workflow_executions_deal_status;
DROP TABLE workflow_executions;
