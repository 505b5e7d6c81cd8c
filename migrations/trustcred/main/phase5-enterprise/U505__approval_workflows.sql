-- Rollback of V505__approval_workflows: configurable approval workflows and their running instances

DROP TABLE workflow_instances;
DROP TABLE approval_workflows;
