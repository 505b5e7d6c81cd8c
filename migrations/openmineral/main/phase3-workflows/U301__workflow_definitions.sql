-- Rollback of V301: drop workflow_definitions
DROP TABLE workflow_definitions;
